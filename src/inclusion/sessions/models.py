"""Skills sessions, the series they come from, and the bookings and waiting lists on them.

`SkillSession.booked` counts the places taken (confirmed bookings and offers held open
for someone on the waiting list). It only moves by conditional UPDATEs, and a CHECK
constraint keeps it within capacity, so no amount of concurrency can overbook.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inclusion.db.base import Base
from inclusion.db.types import AwareDateTime
from inclusion.places.models import Place


class Topic(StrEnum):
    GETTING_STARTED = "getting_started"
    SMARTPHONES = "smartphones"
    ONLINE_SAFETY = "online_safety"
    JOBS_AND_CAREERS = "jobs_and_careers"
    COUNCIL_SERVICES = "council_services"
    OTHER = "other"


class Level(StrEnum):
    BEGINNER = "beginner"
    SOME_EXPERIENCE = "some_experience"
    CONFIDENT = "confident"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"  # on the waiting list
    OFFERED = "offered"  # a freed place is held for them until offer_expires_at
    CANCELLED = "cancelled"  # by the resident, by staff, or because the session was
    EXPIRED = "expired"  # an offer nobody answered in time


class ContactMethod(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    NONE = "none"


class Attendance(StrEnum):
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"


class SessionSeries(Base):
    """A weekly or fortnightly run of sessions; each date is its own SkillSession row,
    so one date can be changed or cancelled without touching the others."""

    __tablename__ = "session_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    frequency: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)

    sessions: Mapped[list[SkillSession]] = relationship(
        back_populates="series", order_by="SkillSession.starts_at"
    )


class SkillSession(Base):
    __tablename__ = "skill_sessions"
    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_skill_sessions_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("session_series.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(10), default="en")  # taught in
    description: Mapped[str | None] = mapped_column(Text)
    what_to_bring: Mapped[str | None] = mapped_column(Text)
    accessibility_notes: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(AwareDateTime)
    ends_at: Mapped[datetime] = mapped_column(AwareDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.SCHEDULED)
    cancelled_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)

    place: Mapped[Place] = relationship()
    series: Mapped[SessionSeries | None] = relationship(back_populates="sessions")
    bookings: Mapped[list[Booking]] = relationship(
        back_populates="session", order_by="Booking.created_at"
    )

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.booked)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class Booking(Base):
    """One person's place, or place in the queue, for one session."""

    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_session_status", "session_id", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Shown to the resident and said on the phone: no 0/O or 1/I (see references.py).
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # Bookings made together for a whole series share this, to manage them as one.
    group_reference: Mapped[str | None] = mapped_column(String(12), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("skill_sessions.id"))
    status: Mapped[str] = mapped_column(String(20))
    # Personal details: emptied by the retention purge (anonymised_at set).
    name: Mapped[str | None] = mapped_column(String(100))
    contact_method: Mapped[str] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    access_needs: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    attendance: Mapped[str | None] = mapped_column(String(20))
    booked_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    session: Mapped[SkillSession] = relationship(back_populates="bookings")

    @property
    def holds_a_place(self) -> bool:
        return self.status in (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
