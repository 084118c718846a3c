"""A generated year of the service's records, for the impact figures: sessions with
bookings, waiting lists and registers, loans, data SIMs, feedback with replies and
closures, "You said, we did" changes, page answers and anonymous daily counts.

Everything is drawn from a seeded random generator, so a run is repeatable, and some
records sit on purpose on the edges the figures must get right: 00:30 on the first of
a summer month (still the last day of the month before in UTC), cancelled sessions,
sessions still under way, records from just before the year and after today.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from inclusion.feedback.models import FeedbackStatus
from inclusion.i18n.formatting import LONDON
from inclusion.insights.models import DailyCount
from inclusion.loans import services as loans
from inclusion.loans.models import DataSimIssue
from inclusion.sessions.models import (
    Attendance,
    Booking,
    BookingStatus,
    SessionStatus,
)
from inclusion.sessions.references import new_reference
from tests.factories.feedback import make_change, make_item, make_page_answer
from tests.factories.loans import make_device, make_device_type, make_request, place_id
from tests.factories.sessions import make_session

VENUES = ("wallsend-library", "whitley-bay-library", "cullercoats-library", "howdon-library")
GUIDANCE_PATHS = (
    "/online-safety",
    "/online-safety/spotting-scams",
    "/online-safety/passwords",
    "/careers",
    "/why-get-online",
    "/cheaper-internet",
    "/cheaper-internet/results",
)
OTHER_PATHS = ("/find", "/sessions", "/", "/online-safetyish")
CAPACITY = 12


@dataclass(frozen=True)
class Scale:
    """How much of everything, per venue per month (or per day for counts)."""

    sessions: int = 3
    bookings: int = 9  # at most; a session gets 0 to this many
    loans: int = 2
    sims: int = 2
    feedback: int = 2
    count_days: int = 6  # days a month with anonymous counts


SMALL = Scale()
REALISTIC = Scale(sessions=9, bookings=10, loans=6, sims=5, feedback=6, count_days=31)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _months(now: datetime, before: int = 13, after: int = 1) -> list[date]:
    """First days of the months from `before` months ago to `after` months ahead."""
    first = now.astimezone(LONDON).date().replace(day=1)
    index = first.year * 12 + first.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - before, index + after + 1)]


def _day_in(month: date, rng: random.Random) -> date:
    return month.replace(day=rng.randint(1, 28))


def generate_year(db_session: Session, now: datetime, scale: Scale = SMALL, seed: int = 7) -> None:
    rng = random.Random(seed)
    months = _months(now)
    _sessions(db_session, now, months, scale, rng)
    _edge_sessions(db_session, now, rng)
    _equipment(db_session, now, months, scale, rng)
    _feedback(db_session, now, months, scale, rng)
    _counts(db_session, now, months, scale, rng)
    db_session.flush()


def _book(db_session, skill_session, status, created_at, attendance=None) -> None:
    db_session.add(
        Booking(
            reference=new_reference(),
            session_id=skill_session.id,
            status=status,
            contact_method="none",
            name="Resident",
            created_at=created_at,
            attendance=attendance,
        )
    )


def _fill(db_session, skill_session, scale: Scale, rng: random.Random, register: bool) -> None:
    """Bookings on a session: confirmed (with a register or not), cancelled, waiting,
    offered and lapsed offers; `booked` counts the places held."""
    held = 0
    for _ in range(rng.randint(0, scale.bookings)):
        status = rng.choice(
            [BookingStatus.CONFIRMED] * 5
            + [BookingStatus.CANCELLED, BookingStatus.WAITING]
            + [BookingStatus.OFFERED, BookingStatus.EXPIRED]
        )
        if status in (BookingStatus.CONFIRMED, BookingStatus.OFFERED):
            if held == CAPACITY:
                continue
            held += 1
        attendance = None
        if status == BookingStatus.CONFIRMED and register:
            attendance = rng.choice([Attendance.ATTENDED] * 3 + [Attendance.DID_NOT_ATTEND])
        booked_at = skill_session.starts_at - timedelta(days=rng.randint(0, 40), minutes=17)
        _book(db_session, skill_session, status, booked_at, attendance)
    skill_session.booked = held


def _sessions(db_session, now, months, scale: Scale, rng: random.Random) -> None:
    for month in months:
        for venue in VENUES:
            for _ in range(scale.sessions):
                starts_at = _at(_day_in(month, rng), rng.choice([10, 14, 18]))
                skill_session = make_session(
                    db_session, starts_at, capacity=CAPACITY, place_slug=venue
                )
                if rng.random() < 0.1:
                    skill_session.status = SessionStatus.CANCELLED
                over = skill_session.ends_at <= now
                _fill(db_session, skill_session, scale, rng, register=over and rng.random() < 0.8)
    db_session.flush()


def _edge_sessions(db_session, now, rng: random.Random) -> None:
    """Sessions on the edges of months and of now."""
    today = now.astimezone(LONDON).date()
    for starts_at in (
        _at(date(now.year, 4, 1), 0, 30),  # 23:30 on 31 March in UTC
        _at(date(now.year, 3, 31), 23, 30),  # GMT still: March
        _at(date(now.year, 7, 1), 0, 0),
        _at(today, now.astimezone(LONDON).hour - 1),  # under way: not over yet
        now - timedelta(hours=2, minutes=1),  # ended a minute ago
    ):
        skill_session = make_session(db_session, starts_at, capacity=CAPACITY)
        _fill(db_session, skill_session, SMALL, rng, register=skill_session.ends_at <= now)
    db_session.flush()


def _equipment(db_session, now, months, scale: Scale, rng: random.Random) -> None:
    device_type = make_device_type(db_session)
    for month in months:
        for venue in VENUES:
            for _ in range(scale.loans):
                asked_at = _at(_day_in(month, rng), rng.randint(9, 16), rng.randint(0, 59))
                handed_at = asked_at + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 5))
                request = make_request(db_session, device_type, asked_at, venue)
                if handed_at < now and rng.random() < 0.85:
                    device = make_device(db_session, device_type, venue)
                    loans.check_out(db_session, device, request, "good", handed_at)
            venue_id = place_id(db_session, venue)
            for _ in range(scale.sims):
                issued_on = _day_in(month, rng)
                if issued_on <= now.astimezone(LONDON).date():
                    db_session.add(DataSimIssue(place_id=venue_id, issued_on=issued_on))
        db_session.add(DataSimIssue(place_id=place_id(db_session), issued_on=month))


def _feedback(db_session, now, months, scale: Scale, rng: random.Random) -> None:
    statuses = list(FeedbackStatus)
    for month in months:
        for venue in (*VENUES, None):
            for _ in range(scale.feedback):
                created_at = _at(_day_in(month, rng), rng.randint(0, 23), rng.randint(0, 59))
                if created_at >= now:
                    continue
                status = rng.choice(statuses)
                rating = rng.randint(1, 5)
                item = make_item(
                    db_session, created_at, place_slug=venue, rating=rating, status=status
                )
                replied_at = created_at + timedelta(hours=rng.randint(1, 300))
                if status != FeedbackStatus.NEW and rng.random() < 0.9 and replied_at < now:
                    item.first_response_at = replied_at
                closed_at = created_at + timedelta(days=rng.randint(1, 45))
                if status in (FeedbackStatus.DONE, FeedbackStatus.NO_ACTION):
                    if closed_at < now:
                        item.closed_at = closed_at
                    else:
                        item.status = FeedbackStatus.ACTION_PLANNED
        published = _at(_day_in(month, rng), 12)
        if published < now:
            change = make_change(db_session, published)
            change.place_id = place_id(db_session, rng.choice(VENUES))


def _counts(db_session, now, months, scale: Scale, rng: random.Random) -> None:
    today = now.astimezone(LONDON).date()
    metrics = [
        ("finder_search", ""),
        ("finder_no_result_nearby", ""),
        ("tariff_check_completed", ""),
        *(("guidance_view", path) for path in GUIDANCE_PATHS),
        *(("guidance_print", path) for path in GUIDANCE_PATHS),
        ("guidance_view", "/find"),
    ]
    for month in months:
        days = sorted({_day_in(month, rng) for _ in range(scale.count_days)} | {month})
        for day in days:
            if day > today:
                continue
            for metric, key in metrics:
                count = rng.randint(1, 40)
                db_session.add(DailyCount(day=day, metric=metric, key=key, count=count))
            for path in rng.sample(GUIDANCE_PATHS + OTHER_PATHS, 4):
                make_page_answer(db_session, day, path, useful=rng.random() < 0.7)
            make_page_answer(db_session, day, "/careers", useful=None)  # a problem report
