"""Feedback from residents, what officers do with it, and the changes it led to.

Page feedback ("Is this page useful?") keeps the page, language, answer and day only:
nothing that could point to a person. Feedback about a service may carry a name and a
way to reply; those are emptied a set time after the item is closed (`contact_erased_at`),
and the text stays for the figures and for "You said, we did".
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inclusion.db.base import Base
from inclusion.db.types import AwareDateTime


class FeedbackStatus(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    ACTION_PLANNED = "action_planned"
    DONE = "done"
    NO_ACTION = "no_action"


CLOSED_STATUSES = (FeedbackStatus.DONE, FeedbackStatus.NO_ACTION)


class FeedbackTopic(StrEnum):
    PLACE = "place"  # a library or Customer First Centre
    SESSION = "session"  # a digital-skills session
    DEVICE_LOAN = "device_loan"  # borrowing a device or a data SIM
    WIFI_COMPUTERS = "wifi_computers"
    GUIDANCE = "guidance"  # online safety, cheaper internet, careers
    WEBSITE = "website"
    OTHER = "other"


class NoteKind(StrEnum):
    NOTE = "note"  # internal, never shown to the resident
    REPLY = "reply"  # sent to the resident through the outbox
    STATUS = "status"  # a status change, for the item's history
    ASSIGNED = "assigned"


# The strategy goals an item or a change can be tagged with.
GOALS = ("P1", "P2", "P3", "P4", "P5", "P6", "L1", "C4", "C5")


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(value)) for value in values)})"


class PageFeedback(Base):
    """One answer to "Is this page useful?" or one "Report a problem with this page"."""

    __tablename__ = "page_feedback"
    __table_args__ = (Index("ix_page_feedback_day_path", "day", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the day only: no time to match to logs
    path: Mapped[str] = mapped_column(String(300))
    locale: Mapped[str] = mapped_column(String(10))
    useful: Mapped[bool | None] = mapped_column(Boolean)  # None: a problem report
    what_doing: Mapped[str | None] = mapped_column(Text)
    what_went_wrong: Mapped[str | None] = mapped_column(Text)


feedback_goals = Table(
    "feedback_goals",
    Base.metadata,
    Column("item_id", ForeignKey("feedback_items.id", ondelete="CASCADE"), primary_key=True),
    Column("goal", String(3), primary_key=True),
)

change_items = Table(
    "change_feedback_items",
    Base.metadata,
    Column("change_id", ForeignKey("published_changes.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("feedback_items.id", ondelete="CASCADE"), primary_key=True),
)


class FeedbackItem(Base):
    """Feedback about a service, with a reference the resident can look up."""

    __tablename__ = "feedback_items"
    __table_args__ = (
        CheckConstraint(_one_of("status", FeedbackStatus), name="status_known"),
        CheckConstraint(_one_of("topic", FeedbackTopic), name="topic_known"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_1_to_5"),
        Index("ix_feedback_items_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    topic: Mapped[str] = mapped_column(String(20))
    # What it is about, when it came from a place, session or loan page: the label is
    # kept as written then, so it still reads right after the session is gone.
    about_kind: Mapped[str | None] = mapped_column(String(20))
    about_id: Mapped[int | None] = mapped_column(Integer)
    about_label: Mapped[str | None] = mapped_column(String(200))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    what_happened: Mapped[str] = mapped_column(Text)
    what_would_help: Mapped[str | None] = mapped_column(Text)
    # Only when the person asked for a reply and agreed to be contacted.
    name: Mapped[str | None] = mapped_column(String(100))
    contact_method: Mapped[str] = mapped_column(String(10), default="none")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default=FeedbackStatus.NEW)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    first_response_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    contact_erased_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    notes: Mapped[list[FeedbackNote]] = relationship(
        back_populates="item", order_by="FeedbackNote.at", cascade="all, delete-orphan"
    )

    @property
    def wants_reply(self) -> bool:
        return self.contact_method != "none" and self.contact_erased_at is None


class FeedbackNote(Base):
    """An item's history: internal notes, replies sent, status changes, assignment."""

    __tablename__ = "feedback_notes"
    __table_args__ = (CheckConstraint(_one_of("kind", NoteKind), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)

    item: Mapped[FeedbackItem] = relationship(back_populates="notes")


class PublishedChange(Base):
    """A "You said, we did" entry: what people told us and what changed because of it."""

    __tablename__ = "published_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal: Mapped[str] = mapped_column(String(3))
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    published_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    items: Mapped[list[FeedbackItem]] = relationship(secondary=change_items)
