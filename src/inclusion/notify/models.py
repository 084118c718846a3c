"""The outbox: one row per email or text message, from the moment it is decided on."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from inclusion.db.base import Base


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class UtcDateTime(TypeDecorator):
    """A timezone-aware datetime on every engine.

    SQLite keeps no offset, so values are stored as UTC and come back naive; making
    them aware again lets the worker compare them with `now` the same way on both
    engines. Naive values are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the outbox stores aware times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The worker's claim reads due rows by status and time, never the whole table.
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Given to senders that can de-duplicate or trace with it (Notify's `reference`,
    # the SMTP Message-ID), so a message sent twice after a crash can be recognised.
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(100))
    # Rendered when the message was enqueued, in the recipient's language, so a later
    # change to a template or a translation never changes what was decided.
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=Status.PENDING)
    # How many times a worker has claimed the message to send it.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    provider_id: Mapped[str | None] = mapped_column(String(100))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    def __repr__(self) -> str:
        # Never the body or the recipient: both can end up in logs.
        return f"<OutboxMessage {self.id} {self.channel} {self.template} {self.status}>"
