"""The reads behind the impact figures: the one module that looks across other features'
tables, and only ever reads them.

Each query counts rows per (month, venue) inside a Window (see months.py) and selects
no column that could name a person: no name, email, phone or free text, only
statuses, dates, ratings and venue ids. Counting happens in SQL; only the waits and
response times, whose averages and medians need each value, come back as numbers,
one per loan or feedback item, still without saying whose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from inclusion.feedback.models import CLOSED_STATUSES, FeedbackItem, PageFeedback, PublishedChange
from inclusion.insights.models import DailyCount
from inclusion.insights.months import Window, in_bounds, month_index
from inclusion.loans.models import DataSimIssue, LoanRequest
from inclusion.places.models import Place
from inclusion.sessions.models import (
    Attendance,
    Booking,
    BookingStatus,
    SessionStatus,
    SkillSession,
)

Cell = tuple[int, int | None]  # (month index, place id or None)

# Waiting-list bookings the tables can still tell apart: see `waiting_list_joined`.
ONCE_WAITING = (BookingStatus.WAITING, BookingStatus.OFFERED, BookingStatus.EXPIRED)
SECONDS_PER_DAY = 86400
SECONDS_PER_HOUR = 3600


@dataclass
class Components:
    """Counts, and lists of durations, per (month, venue) cell, by name."""

    counts: dict[str, Counter[Cell]] = field(default_factory=lambda: defaultdict(Counter))
    samples: dict[str, dict[Cell, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def add_counts(self, name: str, rows: Iterable[tuple[int, int | None, int]]) -> None:
        for month, place_id, count in rows:
            self.counts[name][(month, place_id)] += count


def _grouped(session: Session, inner: Select) -> list:
    """(month index, place id, total) per cell, from `_rows`.

    The month is worked out in a subquery and grouped on outside it: PostgreSQL would
    not see two copies of a CASE with their own bound parameters as one expression.
    """
    rows = inner.subquery()
    return session.execute(
        select(rows.c.month, rows.c.place_id, func.sum(rows.c.amount)).group_by(
            rows.c.month, rows.c.place_id
        )
    ).all()


def _sessions_run(window: Window):
    """Sessions that took place: not cancelled, begun in the window, over by its end."""
    bounds = window.moment_bounds()
    return [
        SkillSession.status == SessionStatus.SCHEDULED,
        in_bounds(SkillSession.starts_at, bounds),
        SkillSession.ends_at <= window.until,
    ]


def skills(session: Session, window: Window, components: Components) -> None:
    bounds = window.moment_bounds()
    month = month_index(SkillSession.starts_at, bounds)
    run = _sessions_run(window)
    components.add_counts(
        "sessions_run", _grouped(session, _rows(month, SkillSession.place_id).where(*run))
    )
    confirmed = [
        *run,
        Booking.session_id == SkillSession.id,
        Booking.status == BookingStatus.CONFIRMED,
    ]
    components.add_counts(
        "places_booked", _grouped(session, _rows(month, SkillSession.place_id).where(*confirmed))
    )
    # Attendance counts only on sessions whose register was taken.
    marked = aliased(Booking)
    register_taken = exists().where(
        marked.session_id == SkillSession.id,
        marked.status == BookingStatus.CONFIRMED,
        marked.attendance.is_not(None),
    )
    components.add_counts(
        "attendance_booked",
        _grouped(session, _rows(month, SkillSession.place_id).where(*confirmed, register_taken)),
    )
    components.add_counts(
        "attended",
        _grouped(
            session,
            _rows(month, SkillSession.place_id).where(
                *confirmed, Booking.attendance == Attendance.ATTENDED
            ),
        ),
    )
    joined_month = month_index(Booking.created_at, bounds)
    components.add_counts(
        "waiting_list_joined",
        _grouped(
            session,
            _rows(joined_month, SkillSession.place_id).where(
                Booking.session_id == SkillSession.id,
                Booking.status.in_(ONCE_WAITING),
                in_bounds(Booking.created_at, bounds),
            ),
        ),
    )


def waiting_now(session: Session, now: datetime) -> dict[int, int]:
    """People on a waiting list for a session still to come, by venue."""
    rows = session.execute(
        select(SkillSession.place_id, func.count())
        .where(
            Booking.session_id == SkillSession.id,
            Booking.status == BookingStatus.WAITING,
            SkillSession.status == SessionStatus.SCHEDULED,
            SkillSession.starts_at > now,
        )
        .group_by(SkillSession.place_id)
    )
    return {place_id: count for place_id, count in rows}


def equipment(session: Session, window: Window, components: Components) -> None:
    bounds = window.moment_bounds()
    loans = session.execute(
        select(LoanRequest.place_id, LoanRequest.created_at, LoanRequest.checked_out_at).where(
            in_bounds(LoanRequest.checked_out_at, bounds)
        )
    )
    for place_id, requested_at, checked_out_at in loans:
        cell = (window.month_of(checked_out_at), place_id)
        components.counts["devices_lent"][cell] += 1
        waited = (checked_out_at - requested_at).total_seconds() / SECONDS_PER_DAY
        components.samples["wait_days"][cell].append(max(waited, 0.0))
    days = window.day_bounds()
    components.add_counts(
        "data_sims_given",
        _grouped(
            session,
            _rows(month_index(DataSimIssue.issued_on, days), DataSimIssue.place_id).where(
                in_bounds(DataSimIssue.issued_on, days)
            ),
        ),
    )


def listening(session: Session, window: Window, components: Components) -> None:
    bounds = window.moment_bounds()
    month = month_index(FeedbackItem.created_at, bounds)
    received = in_bounds(FeedbackItem.created_at, bounds)
    components.add_counts(
        "feedback_received",
        _grouped(session, _rows(month, FeedbackItem.place_id).where(received)),
    )
    components.add_counts(
        "rating_total",
        _grouped(
            session,
            _rows(month, FeedbackItem.place_id, FeedbackItem.rating).where(received),
        ),
    )
    responded = session.execute(
        select(
            FeedbackItem.place_id, FeedbackItem.created_at, FeedbackItem.first_response_at
        ).where(received, FeedbackItem.first_response_at.is_not(None))
    )
    for place_id, created_at, first_response_at in responded:
        hours = (first_response_at - created_at).total_seconds() / SECONDS_PER_HOUR
        cell = (window.month_of(created_at), place_id)
        components.samples["response_hours"][cell].append(max(hours, 0.0))
    components.add_counts(
        "feedback_closed",
        _grouped(
            session,
            _rows(month_index(FeedbackItem.closed_at, bounds), FeedbackItem.place_id).where(
                in_bounds(FeedbackItem.closed_at, bounds),
                FeedbackItem.status.in_(CLOSED_STATUSES),
            ),
        ),
    )
    days = window.day_bounds()
    components.add_counts(
        "changes_published",
        _grouped(
            session,
            _rows(month_index(PublishedChange.published_on, days), PublishedChange.place_id).where(
                in_bounds(PublishedChange.published_on, days)
            ),
        ),
    )


def daily_counts(
    session: Session, window: Window, metrics: Iterable[str]
) -> list[tuple[int, str, str, int]]:
    """(month index, metric, key, total) for the anonymous counters."""
    days = window.day_bounds()
    inner = select(
        month_index(DailyCount.day, days).label("month"),
        DailyCount.metric,
        DailyCount.key,
        DailyCount.count,
    ).where(in_bounds(DailyCount.day, days), DailyCount.metric.in_(list(metrics)))
    rows = inner.subquery()
    return session.execute(
        select(rows.c.month, rows.c.metric, rows.c.key, func.sum(rows.c.count)).group_by(
            rows.c.month, rows.c.metric, rows.c.key
        )
    ).all()


def page_answers(
    session: Session, window: Window, prefixes: Iterable[str]
) -> list[tuple[int, str, bool, int]]:
    """(month index, path, useful, answers) for "Is this page useful?" under `prefixes`."""
    days = window.day_bounds()
    under = or_(
        *[
            or_(PageFeedback.path == prefix, PageFeedback.path.startswith(prefix + "/"))
            for prefix in prefixes
        ]
    )
    inner = select(
        month_index(PageFeedback.day, days).label("month"),
        PageFeedback.path,
        PageFeedback.useful,
    ).where(in_bounds(PageFeedback.day, days), PageFeedback.useful.is_not(None), under)
    rows = inner.subquery()
    return session.execute(
        select(rows.c.month, rows.c.path, rows.c.useful, func.count()).group_by(
            rows.c.month, rows.c.path, rows.c.useful
        )
    ).all()


def _rows(month, place, amount=None) -> Select:
    """One row per counted record: its month, its venue, and what it adds (1 or a value)."""
    return select(
        month.label("month"),
        place.label("place_id"),
        (amount if amount is not None else literal(1)).label("amount"),
    )


def venue_names(session: Session, place_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """place id -> (slug, name), for the venues that have figures."""
    ids = [place_id for place_id in set(place_ids) if place_id is not None]
    if not ids:
        return {}
    rows = session.execute(select(Place.id, Place.slug, Place.name).where(Place.id.in_(ids)))
    return {place_id: (slug, name) for place_id, slug, name in rows}


def venue_by_slug(session: Session, slug: str) -> tuple[int, str, str] | None:
    row = session.execute(
        select(Place.id, Place.slug, Place.name).where(Place.slug == slug)
    ).first()
    return tuple(row) if row else None


def all_venues(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(Place.slug, Place.name).order_by(Place.name))
    return [(slug, name) for slug, name in rows]
