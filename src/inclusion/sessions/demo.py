"""Load the demo term of sessions (demo_term.py): illustrative data, not the council's
real timetable. Loading again adds only the dates that are missing, never duplicates.

Times in the data are wall-clock times in Europe/London; each date is converted to UTC
on its own, so a 10:00 session stays at 10:00 across the clock changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inclusion.i18n.formatting import LONDON
from inclusion.places.hours import is_bank_holiday
from inclusion.places.models import Place
from inclusion.sessions import demo_term
from inclusion.sessions.models import Frequency, SessionSeries, SkillSession

TERM = timedelta(weeks=12)
# Fortnightly runs count weeks from this Monday, so which weeks they fall in does not
# depend on the day the data happens to be loaded.
FORTNIGHT_EPOCH = date(2024, 1, 1)


@dataclass
class DemoSessionsSummary:
    created: int = 0
    already_there: int = 0
    series_created: int = 0


def load_demo_sessions(session: Session, now: datetime) -> DemoSessionsSummary:
    """Sessions for the 12 weeks after `now` at the demo venues (load those first)."""
    summary = DemoSessionsSummary()
    places = _demo_places(session)
    today = now.astimezone(LONDON).date()
    for entry in demo_term.SERIES:
        _load_series(session, places[entry["venue"]], entry, today, now, summary)
    for entry in demo_term.ONE_OFFS:
        _load_one_off(session, places[entry["venue"]], entry, today, now, summary)
    session.flush()
    return summary


def _demo_places(session: Session) -> dict[str, Place]:
    slugs = {entry["venue"] for entry in demo_term.SERIES + demo_term.ONE_OFFS}
    places = session.scalars(
        select(Place)
        .where(Place.slug.in_(slugs))
        .options(selectinload(Place.opening_hours), selectinload(Place.closures))
    ).all()
    by_slug = {place.slug: place for place in places}
    missing = slugs - by_slug.keys()
    if missing:
        raise LookupError(f"Load the demo places first; missing: {', '.join(sorted(missing))}")
    for entry in demo_term.SERIES + demo_term.ONE_OFFS:
        _check_within_weekly_hours(by_slug[entry["venue"]], entry)
    return by_slug


def _check_within_weekly_hours(place: Place, entry: dict) -> None:
    """A slot outside the venue's hours (or across its lunch closing) is a mistake in
    the data, so it stops the load rather than being quietly left out."""
    if not any(
        hours.weekday == entry["weekday"]
        and hours.opens_at <= entry["starts"]
        and entry["ends"] <= hours.closes_at
        for hours in place.opening_hours
    ):
        raise ValueError(
            f"Demo session {entry['title']!r} at {place.slug} on weekday {entry['weekday']} "
            f"{entry['starts']:%H:%M}-{entry['ends']:%H:%M} is outside its opening hours"
        )


def _load_series(
    session: Session,
    place: Place,
    entry: dict,
    today: date,
    now: datetime,
    summary: DemoSessionsSummary,
) -> None:
    dates = [day for day in _series_days(entry, today) if _bookable(place, entry, day, now)]
    if not dates:
        return
    series = session.scalars(
        select(SessionSeries).where(
            SessionSeries.place_id == place.id,
            SessionSeries.title == entry["title"],
            SessionSeries.frequency == entry["frequency"],
        )
    ).first()
    existing: set[datetime] = set()
    if series is None:
        series = SessionSeries(
            place_id=place.id, title=entry["title"], frequency=entry["frequency"], created_at=now
        )
        session.add(series)
        summary.series_created += 1
    else:
        existing = set(
            session.scalars(
                select(SkillSession.starts_at).where(SkillSession.series_id == series.id)
            )
        )
    for day in dates:
        starts_at = _london(day, entry["starts"])
        if starts_at in existing:
            summary.already_there += 1
            continue
        session.add(_new_session(place, entry, day, now, series))
        summary.created += 1


def _series_days(entry: dict, today: date) -> Iterator[date]:
    for offset in range(TERM.days + 1):
        day = today + timedelta(days=offset)
        if day.weekday() != entry["weekday"]:
            continue
        if (
            entry["frequency"] == Frequency.FORTNIGHTLY
            and (day - FORTNIGHT_EPOCH).days // 7 % 2 != entry["week_parity"]
        ):
            continue
        yield day


def _load_one_off(
    session: Session,
    place: Place,
    entry: dict,
    today: date,
    now: datetime,
    summary: DemoSessionsSummary,
) -> None:
    monday = today - timedelta(days=today.weekday())
    day = monday + timedelta(weeks=entry["week"], days=entry["weekday"])
    if not _bookable(place, entry, day, now):
        return
    # One upcoming session of each one-off per venue: loading again in a later week
    # must not add a second while the first is still to come. A cancelled one counts,
    # so staff who cancel a demo session do not see it come back.
    upcoming = session.scalars(
        select(SkillSession.id).where(
            SkillSession.place_id == place.id,
            SkillSession.series_id.is_(None),
            SkillSession.title == entry["title"],
            SkillSession.language == entry.get("language", "en"),
            SkillSession.starts_at > now,
        )
    ).first()
    if upcoming is not None:
        summary.already_there += 1
        return
    session.add(_new_session(place, entry, day, now, None))
    summary.created += 1


def _bookable(place: Place, entry: dict, day: date, now: datetime) -> bool:
    """In the term, and the venue is open that day (no closure, no bank holiday)."""
    starts_at = _london(day, entry["starts"])
    if not now < starts_at < now + TERM:
        return False
    if any(closure.covers(day) for closure in place.closures):
        return False
    return place.opens_on_bank_holidays or not is_bank_holiday(day)


def _new_session(
    place: Place, entry: dict, day: date, now: datetime, series: SessionSeries | None
) -> SkillSession:
    return SkillSession(
        series=series,
        place_id=place.id,
        title=entry["title"],
        topic=entry["topic"],
        level=entry["level"],
        language=entry.get("language", "en"),
        description=entry.get("description"),
        what_to_bring=entry.get("what_to_bring"),
        accessibility_notes=entry.get("accessibility_notes"),
        starts_at=_london(day, entry["starts"]),
        ends_at=_london(day, entry["ends"]),
        capacity=entry["capacity"],
        booked=0,
        created_at=now,
    )


def _london(day: date, wall_time: time) -> datetime:
    return datetime.combine(day, wall_time, tzinfo=LONDON).astimezone(UTC)
