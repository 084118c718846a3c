"""Staff accounts, their venues, one-time tokens, recovery codes and the audit log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inclusion.db.base import Base
from inclusion.db.types import AwareDateTime
from inclusion.places.models import Place


class Role(StrEnum):
    LIBRARY_STAFF = "library_staff"  # runs the venues they are given
    OFFICER = "officer"  # feedback and impact figures; every venue, read-only
    ADMIN = "admin"  # accounts, settings, reference data


staff_venues = Table(
    "staff_venues",
    Base.metadata,
    Column("staff_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("places.id", ondelete="CASCADE"), primary_key=True),
)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower case
    role: Mapped[str] = mapped_column(String(20))
    # None until the person follows their set-up link and chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # Encrypted with the app's secret (staff/crypto.py); None until MFA is set up.
    totp_secret: Mapped[str | None] = mapped_column(String(300))
    mfa_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last TOTP time step accepted, so a code cannot be replayed within its window.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Demo accounts print their sign-in details; real ones never do.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sessions begun before this moment are void: "sign out everywhere" and resets.
    sessions_valid_after: Mapped[datetime | None] = mapped_column(AwareDateTime)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    venues: Mapped[list[Place]] = relationship(secondary=staff_venues, order_by=Place.name)
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def venue_ids(self) -> set[int]:
        return {place.id for place in self.venues}

    def can_edit_venue(self, place: Place) -> bool:
        if self.role == Role.ADMIN:
            return True
        return self.role == Role.LIBRARY_STAFF and place.id in self.venue_ids

    def can_see_venue(self, place: Place) -> bool:
        return self.role in (Role.ADMIN, Role.OFFICER) or place.id in self.venue_ids


class RecoveryCode(Base):
    """A one-time MFA recovery code, stored as a hash; `used_at` set when spent."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    user: Mapped[StaffUser] = relationship(back_populates="recovery_codes")


class TokenPurpose(StrEnum):
    SET_UP = "set_up"
    RESET_PASSWORD = "reset_password"


class StaffToken(Base):
    """A single-use, time-limited link token (set-up or password reset), as a hash."""

    __tablename__ = "staff_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    user: Mapped[StaffUser] = relationship()


class AuditEvent(Base):
    """Who did what to which record, and when. Rows are only ever inserted.

    It holds staff ids and record ids, never a resident's personal data.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    # No cascade: an account with a history is deactivated, never deleted.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    actor: Mapped[StaffUser | None] = relationship()
