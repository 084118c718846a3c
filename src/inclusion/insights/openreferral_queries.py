"""Reads for the Open Referral UK API: the only module of it that builds SQL.

The published catalogue is small (a few dozen venues, a few hundred upcoming session
dates), so the lists are read whole and filtered and paged in Python: totals and
distances then stay exact whatever the filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inclusion.places.models import Organisation, Place, PlaceService
from inclusion.sessions.models import Booking, SkillSession

# Stays under every engine's limit on bound parameters in one IN list.
CHUNK = 500


def _place_details():
    return (
        selectinload(Place.organisation),
        selectinload(Place.services),
        selectinload(Place.opening_hours),
        selectinload(Place.closures),
    )


def organisations(session: Session) -> Sequence[Organisation]:
    return session.scalars(select(Organisation).order_by(Organisation.id)).all()


def organisation_by_id(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def places_with_details(session: Session) -> Sequence[Place]:
    """Every place with its services, hours and closures: the venues' standing services."""
    return session.scalars(select(Place).options(*_place_details()).order_by(Place.id)).all()


def place_by_id(session: Session, place_id: int) -> Place | None:
    return session.scalars(
        select(Place).where(Place.id == place_id).options(*_place_details())
    ).first()


def place_service_by_id(session: Session, place_service_id: int) -> PlaceService | None:
    return session.scalars(
        select(PlaceService)
        .where(PlaceService.id == place_service_id)
        .options(selectinload(PlaceService.place).options(*_place_details()))
    ).first()


def _sessions_with_place():
    return (
        selectinload(SkillSession.place).options(*_place_details()),
        selectinload(SkillSession.series),
    )


def upcoming_sessions(session: Session, now: datetime) -> Sequence[SkillSession]:
    """Every session still to start, cancelled ones too (a series' notes name them)."""
    return session.scalars(
        select(SkillSession)
        .where(SkillSession.starts_at > now)
        .options(*_sessions_with_place())
        .order_by(SkillSession.starts_at, SkillSession.id)
    ).all()


def sessions_in_series(session: Session, series_id: int) -> Sequence[SkillSession]:
    return session.scalars(
        select(SkillSession)
        .where(SkillSession.series_id == series_id)
        .options(*_sessions_with_place())
        .order_by(SkillSession.starts_at, SkillSession.id)
    ).all()


def one_off_session(session: Session, session_id: int) -> SkillSession | None:
    """A session that belongs to no series (a series is published as one service)."""
    return session.scalars(
        select(SkillSession)
        .where(SkillSession.id == session_id, SkillSession.series_id.is_(None))
        .options(*_sessions_with_place())
    ).first()


def booking_activity(session: Session, session_ids: Iterable[int]) -> dict[int, datetime]:
    """When each session's places last changed: its latest booking or cancellation."""
    ids = sorted(set(session_ids))
    latest: dict[int, datetime] = {}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(
                Booking.session_id,
                func.max(Booking.created_at).label("booked"),
                func.max(Booking.cancelled_at).label("cancelled"),
            )
            .where(Booking.session_id.in_(ids[start : start + CHUNK]))
            .group_by(Booking.session_id)
        )
        for row in rows:
            latest[row.session_id] = max(t for t in (row.booked, row.cancelled) if t is not None)
    return latest
