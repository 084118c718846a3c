"""Open Referral UK schedules: a series' iCal-style rule, one-off dates, venue hours.

Times of day are UK wall-clock times ("10:00"), as each description says: a fixed UTC
offset would be wrong for half of any series that crosses a clock change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from inclusion.i18n.formatting import LONDON
from inclusion.insights.openreferral_catalogue import ServiceRecord
from inclusion.insights.openreferral_vocabulary import child_id
from inclusion.sessions.models import Frequency, SkillSession

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def local(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def schedules(record: ServiceRecord, base_url: str) -> list[dict[str, Any]]:
    if record.place_service is not None:
        return _opening_hours(record, base_url)
    scheduled = record.scheduled
    if not scheduled:
        return []
    if record.series is None:
        return [_one_date(record, scheduled[0], base_url)]
    return _series_schedules(record, scheduled, base_url)


def _one_date(record: ServiceRecord, skill_session: SkillSession, base_url: str):
    starts, ends = local(skill_session.starts_at), local(skill_session.ends_at)
    day = starts.date().isoformat()
    return {
        "id": child_id("schedule", record.id, "date", skill_session.id),
        "service_id": record.id,
        "valid_from": day,
        "valid_to": day,
        "dtstart": day,
        "opens_at": hhmm(starts.time()),
        "closes_at": hhmm(ends.time()),
        "description": f"{long_date(starts.date())}, {hhmm(starts.time())} to "
        f"{hhmm(ends.time())} (UK time).",
        "schedule_link": f"{base_url}/sessions/{skill_session.id}",
        "attending_type": "In person",
    }


def _series_schedules(record: ServiceRecord, scheduled: list[SkillSession], base_url: str):
    """The series' rule from its next date, with dates that do not fit it apart.

    Dates the rule gives but the series does not have (cancelled, or never set) go in
    the rule's notes; a date moved off the rule gets a one-date schedule of its own.
    """
    interval = 2 if record.series.frequency == Frequency.FORTNIGHTLY else 1
    first = scheduled[0]
    starts, ends = local(first.starts_at), local(first.ends_at)

    def fits(skill_session: SkillSession) -> bool:
        here, there = local(skill_session.starts_at), local(skill_session.ends_at)
        weeks, remainder = divmod((here.date() - starts.date()).days, 7)
        return (
            remainder == 0
            and weeks % interval == 0
            and (here.time(), there.time()) == (starts.time(), ends.time())
        )

    on_rule = [s for s in scheduled if fits(s)]
    last = local(on_rule[-1].starts_at).date()
    held = {local(s.starts_at).date() for s in on_rule}
    step = timedelta(weeks=interval)
    missing = []
    day = starts.date()
    while day <= last:
        if day not in held:
            missing.append(long_date(day))
        day += step
    every = "Every week" if interval == 1 else f"Every {interval} weeks"
    rule = {
        "id": child_id("schedule", record.id, "rule"),
        "service_id": record.id,
        "valid_from": starts.date().isoformat(),
        "valid_to": last.isoformat(),
        "dtstart": starts.date().isoformat(),
        "freq": "WEEKLY",
        "interval": interval,
        "byday": ICAL_DAYS[starts.weekday()],
        "opens_at": hhmm(starts.time()),
        "closes_at": hhmm(ends.time()),
        "description": f"{every} on {WEEKDAYS[starts.weekday()]}, {hhmm(starts.time())} to "
        f"{hhmm(ends.time())} (UK time), until {long_date(last)}.",
        "schedule_link": f"{base_url}/sessions/{first.id}",
        "attending_type": "In person",
    }
    if missing:
        rule["notes"] = "No session on " + ", ".join(missing) + "."
    return [rule] + [_one_date(record, s, base_url) for s in scheduled if not fits(s)]


def _opening_hours(record: ServiceRecord, base_url: str) -> list[dict[str, Any]]:
    """The venue's weekly hours: one rule for each opening period, its days together."""
    days_by_period: dict[tuple[time, time], list[int]] = {}
    for hours in record.place.opening_hours:
        days_by_period.setdefault((hours.opens_at, hours.closes_at), []).append(hours.weekday)
    holidays = (
        "Open on bank holidays."
        if record.place.opens_on_bank_holidays
        else "Closed on bank holidays."
    )
    schedules = []
    for (opens, closes), weekdays in sorted(days_by_period.items()):
        weekdays = sorted(set(weekdays))
        names = ", ".join(WEEKDAYS[d] for d in weekdays)
        schedules.append(
            {
                "id": child_id("schedule", record.id, opens, closes),
                "service_id": record.id,
                "freq": "WEEKLY",
                "interval": 1,
                "byday": ",".join(ICAL_DAYS[d] for d in weekdays),
                "opens_at": hhmm(opens),
                "closes_at": hhmm(closes),
                "description": f"{names}, {hhmm(opens)} to {hhmm(closes)} (UK time). " + holidays,
                "schedule_link": f"{base_url}/places/{record.place.slug}",
                "attending_type": "In person: drop in",
            }
        )
    return schedules
