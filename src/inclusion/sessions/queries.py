"""Reads and writes for sessions and bookings: the only module here that builds SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, selectinload

from inclusion.places.models import Place
from inclusion.sessions.models import Booking, BookingStatus, SessionStatus, SkillSession

PAGE_SIZE = 20


@dataclass(frozen=True)
class SessionFilter:
    topics: tuple[str, ...] = ()
    place_ids: tuple[int, ...] | None = None  # None: anywhere
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    language: str = ""


def upcoming(session: Session, session_filter: SessionFilter, now: datetime, limit: int = 200):
    """Scheduled sessions that have not started, soonest first."""
    query = (
        select(SkillSession)
        .where(
            SkillSession.status == SessionStatus.SCHEDULED,
            SkillSession.starts_at > max(now, session_filter.starts_from or now),
        )
        .options(selectinload(SkillSession.place))
        .order_by(SkillSession.starts_at, SkillSession.id)
        .limit(limit)
    )
    if session_filter.topics:
        query = query.where(SkillSession.topic.in_(session_filter.topics))
    if session_filter.place_ids is not None:
        query = query.where(SkillSession.place_id.in_(session_filter.place_ids or (-1,)))
    if session_filter.starts_before:
        query = query.where(SkillSession.starts_at < session_filter.starts_before)
    if session_filter.language:
        query = query.where(SkillSession.language == session_filter.language)
    return session.scalars(query).all()


def places_with_sessions(session: Session, now: datetime) -> Sequence[Place]:
    return session.scalars(
        select(Place)
        .where(
            Place.id.in_(
                select(SkillSession.place_id).where(
                    SkillSession.status == SessionStatus.SCHEDULED, SkillSession.starts_at > now
                )
            )
        )
        .order_by(Place.name)
    ).all()


def session_by_id(session: Session, session_id: int) -> SkillSession | None:
    return session.scalars(
        select(SkillSession)
        .where(SkillSession.id == session_id)
        .options(selectinload(SkillSession.place), selectinload(SkillSession.series))
    ).first()


def other_dates(session: Session, skill_session: SkillSession, now: datetime):
    """The series' other sessions still to come."""
    if skill_session.series_id is None:
        return []
    return session.scalars(
        select(SkillSession)
        .where(
            SkillSession.series_id == skill_session.series_id,
            SkillSession.id != skill_session.id,
            SkillSession.starts_at > now,
        )
        .order_by(SkillSession.starts_at)
    ).all()


def later_dates(session: Session, skill_session: SkillSession, now: datetime):
    """The series' scheduled dates after this one: what "book the whole series" books."""
    if skill_session.series_id is None:
        return []
    return session.scalars(
        select(SkillSession)
        .where(
            SkillSession.series_id == skill_session.series_id,
            SkillSession.starts_at > max(now, skill_session.starts_at),
            SkillSession.status == SessionStatus.SCHEDULED,
        )
        .order_by(SkillSession.starts_at)
    ).all()


def take_place(session: Session, session_id: int, now: datetime) -> bool:
    """Take one place if one is left, in one conditional UPDATE.

    The database checks and increments together, so two requests for the last place
    cannot both succeed, whatever the engine or the number of app instances.
    """
    result = session.execute(
        update(SkillSession)
        .where(
            SkillSession.id == session_id,
            SkillSession.status == SessionStatus.SCHEDULED,
            SkillSession.starts_at > now,
            SkillSession.booked < SkillSession.capacity,
        )
        .values(booked=SkillSession.booked + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_place(session: Session, session_id: int) -> None:
    session.execute(
        update(SkillSession)
        .where(SkillSession.id == session_id, SkillSession.booked > 0)
        .values(booked=SkillSession.booked - 1)
        .execution_options(synchronize_session=False)
    )


def booking_by_reference(session: Session, reference: str) -> Booking | None:
    return session.scalars(
        select(Booking)
        .where(Booking.reference == reference)
        .options(selectinload(Booking.session).selectinload(SkillSession.place))
    ).first()


def group_bookings(session: Session, group_reference: str) -> Sequence[Booking]:
    return session.scalars(
        select(Booking)
        .where(Booking.group_reference == group_reference)
        .options(selectinload(Booking.session))
        .join(SkillSession)
        .order_by(SkillSession.starts_at)
    ).all()


def first_waiting(session: Session, session_id: int) -> Booking | None:
    """The longest-waiting person, locked on PostgreSQL so two offers cannot pick them."""
    query = (
        select(Booking)
        .where(Booking.session_id == session_id, Booking.status == BookingStatus.WAITING)
        .order_by(Booking.created_at, Booking.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


def waiting_position(session: Session, booking: Booking) -> int:
    ahead = session.scalars(
        select(Booking.id).where(
            Booking.session_id == booking.session_id,
            Booking.status == BookingStatus.WAITING,
            or_(
                Booking.created_at < booking.created_at,
                and_(Booking.created_at == booking.created_at, Booking.id < booking.id),
            ),
        )
    ).all()
    return len(ahead) + 1


def expired_offers(session: Session, now: datetime) -> Sequence[Booking]:
    return session.scalars(
        select(Booking).where(
            Booking.status == BookingStatus.OFFERED, Booking.offer_expires_at <= now
        )
    ).all()


def due_reminders(session: Session, now: datetime, until: datetime) -> Sequence[Booking]:
    return session.scalars(
        select(Booking)
        .join(SkillSession)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            Booking.reminded_at.is_(None),
            SkillSession.status == SessionStatus.SCHEDULED,
            SkillSession.starts_at > now,
            SkillSession.starts_at <= until,
        )
        .options(selectinload(Booking.session).selectinload(SkillSession.place))
    ).all()


def bookings_to_anonymise(session: Session, ended_before: datetime) -> Sequence[Booking]:
    return session.scalars(
        select(Booking)
        .join(SkillSession)
        .where(Booking.anonymised_at.is_(None), SkillSession.ends_at < ended_before)
    ).all()


def active_bookings(session: Session, session_id: int) -> Sequence[Booking]:
    return session.scalars(
        select(Booking)
        .where(
            Booking.session_id == session_id,
            Booking.status.in_(
                (BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING)
            ),
        )
        .order_by(Booking.created_at, Booking.id)
    ).all()


def change_status(
    session: Session, booking_id: int, from_status: str, to_status: str, **values
) -> bool:
    """Move a booking between statuses only if it is still in `from_status`, so two
    requests racing (an accept and an expiry, say) cannot both act on it."""
    result = session.execute(
        update(Booking)
        .where(Booking.id == booking_id, Booking.status == from_status)
        .values(status=to_status, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
