"""Reads and writes the back office needs beyond the resident side's (queries.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from inclusion.sessions.models import (
    Booking,
    BookingStatus,
    SessionSeries,
    SessionStatus,
    SkillSession,
)

LIST_LIMIT = 200


def upcoming_at(
    session: Session, place_ids: Sequence[int], now: datetime, limit: int = LIST_LIMIT
) -> Sequence[SkillSession]:
    """Sessions still to come at these venues, cancelled ones too, soonest first."""
    return session.scalars(
        select(SkillSession)
        .where(SkillSession.place_id.in_(place_ids or (-1,)), SkillSession.ends_at > now)
        .options(selectinload(SkillSession.place))
        .order_by(SkillSession.starts_at, SkillSession.id)
        .limit(limit)
    ).all()


def waiting_counts(session: Session, session_ids: Sequence[int]) -> dict[int, int]:
    """How many people wait for each of these sessions (absent when none)."""
    if not session_ids:
        return {}
    rows = session.execute(
        select(Booking.session_id, func.count())
        .where(Booking.session_id.in_(session_ids), Booking.status == BookingStatus.WAITING)
        .group_by(Booking.session_id)
    )
    return {session_id: count for session_id, count in rows}


def add_sessions(
    session: Session,
    series: SessionSeries | None,
    dates: Sequence[tuple[datetime, datetime]],
    fields: dict,
    now: datetime,
) -> list[SkillSession]:
    """One session per (start, end), sharing `fields`; a series when `series` is given."""
    if series is not None:
        session.add(series)
    created = [
        SkillSession(
            series=series,
            starts_at=starts_at,
            ends_at=ends_at,
            booked=0,
            created_at=now,
            **fields,
        )
        for starts_at, ends_at in dates
    ]
    session.add_all(created)
    session.flush()
    return created


def set_capacity(session: Session, session_id: int, capacity: int) -> bool:
    """Change the capacity unless places already taken would not fit, in one UPDATE,
    so a booking made at the same moment cannot slip under a lowered capacity."""
    result = session.execute(
        update(SkillSession)
        .where(SkillSession.id == session_id, SkillSession.booked <= capacity)
        .values(capacity=capacity)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def later_dates(session: Session, skill_session: SkillSession) -> Sequence[SkillSession]:
    """The series' scheduled dates after this one."""
    if skill_session.series_id is None:
        return []
    return session.scalars(
        select(SkillSession)
        .where(
            SkillSession.series_id == skill_session.series_id,
            SkillSession.starts_at > skill_session.starts_at,
            SkillSession.status == SessionStatus.SCHEDULED,
        )
        .options(selectinload(SkillSession.place))
        .order_by(SkillSession.starts_at)
    ).all()


def booking_in_session(session: Session, session_id: int, booking_id: int) -> Booking | None:
    return session.scalars(
        select(Booking).where(Booking.id == booking_id, Booking.session_id == session_id)
    ).first()


def confirmed_bookings(session: Session, session_id: int) -> Sequence[Booking]:
    """The people with a place, for the attendance register, in the order they booked."""
    return session.scalars(
        select(Booking)
        .where(Booking.session_id == session_id, Booking.status == BookingStatus.CONFIRMED)
        .order_by(Booking.created_at, Booking.id)
    ).all()


def reset_for_new_time(session: Session, session_id: int, latest_offer_end: datetime) -> None:
    """A session moved to another time: reminders are due again, and offers end in time."""
    session.execute(
        update(Booking)
        .where(Booking.session_id == session_id)
        .values(reminded_at=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Booking)
        .where(
            Booking.session_id == session_id,
            Booking.status == BookingStatus.OFFERED,
            Booking.offer_expires_at > latest_offer_end,
        )
        .values(offer_expires_at=latest_offer_end)
        .execution_options(synchronize_session=False)
    )
