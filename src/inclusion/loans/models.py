"""Devices lent to residents, the requests for them, and data SIMs given out.

A device can never be on two loans at once: `Device.status` moves to on_loan only by a
conditional UPDATE (see queries.claim_device), and a partial unique index allows one
on-loan request per device, whatever the engine or the number of app instances.

`DeviceEvent` is a device's history: dates and conditions, never who had it, so it
outlives the retention purge of the requests' personal details.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inclusion.db.base import Base
from inclusion.db.types import AwareDateTime
from inclusion.places.models import Place


class DeviceStatus(StrEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"  # held for one request (LoanRequest.device_id)
    ON_LOAN = "on_loan"
    BEING_RESET = "being_reset"  # returned: wiped and checked before it goes out again
    REPAIR = "repair"
    RETIRED = "retired"


class LoanStatus(StrEnum):
    REQUESTED = "requested"  # in the queue for a device of its type at its place
    RESERVED = "reserved"  # a device is held for them, from reserved_from
    READY = "ready"  # the held device is set up and waiting to be collected
    ON_LOAN = "on_loan"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class PriorityReason(StrEnum):
    """Why a request goes ahead of others; staff choose, the resident never sees it."""

    PARTNER_REFERRAL = "partner_referral"
    NO_INTERNET = "no_internet"
    JOB_SEEKING = "job_seeking"
    HEALTH = "health"
    OTHER = "other"


class Condition(StrEnum):
    GOOD = "good"
    WORN = "worn"
    DAMAGED = "damaged"


class EventKind(StrEnum):
    ADDED = "added"
    RESERVED = "reserved"
    RESERVATION_ENDED = "reservation_ended"
    CHECKED_OUT = "checked_out"
    CHECKED_IN = "checked_in"
    READY = "ready"  # reset and checked: back in stock
    REPAIR = "repair"
    RETIRED = "retired"


def _one_of(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(str(value)) for value in values)})"


class DeviceType(Base):
    """What a resident asks for: "a laptop", "a tablet", "a data SIM"."""

    __tablename__ = "device_types"
    __table_args__ = (CheckConstraint("loan_days > 0", name="loan_days_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    comes_with: Mapped[str | None] = mapped_column(Text)  # charger, case, headphones...
    loan_days: Mapped[int] = mapped_column(Integer)
    # Data SIMs are given, not lent: a stock count per venue, no devices, no loans.
    is_data_sim: Mapped[bool] = mapped_column(Boolean, default=False)


class Device(Base):
    __tablename__ = "devices"
    __table_args__ = (
        CheckConstraint(_one_of("status", DeviceStatus), name="status_known"),
        Index("ix_devices_place_type_status", "place_id", "device_type_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_tag: Mapped[str] = mapped_column(String(40), unique=True)
    device_type_id: Mapped[int] = mapped_column(ForeignKey("device_types.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))  # where it lives
    status: Mapped[str] = mapped_column(String(20), default=DeviceStatus.AVAILABLE)
    condition_notes: Mapped[str | None] = mapped_column(Text)

    device_type: Mapped[DeviceType] = relationship()
    events: Mapped[list[DeviceEvent]] = relationship(
        back_populates="device", order_by="DeviceEvent.at, DeviceEvent.id"
    )


class DeviceEvent(Base):
    __tablename__ = "device_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    condition: Mapped[str | None] = mapped_column(String(20))
    # Checklist items not handed back ("charger"), as keys a page can label.
    missing: Mapped[list[str] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)

    device: Mapped[Device] = relationship(back_populates="events")


class LoanRequest(Base):
    """One resident's request for a device of a type, to collect at a place, and the
    loan it becomes."""

    __tablename__ = "loan_requests"
    __table_args__ = (
        CheckConstraint(_one_of("status", LoanStatus), name="status_known"),
        CheckConstraint("priority >= 0", name="priority_not_negative"),
        CheckConstraint(
            "status NOT IN ('reserved', 'ready', 'on_loan') OR device_id IS NOT NULL",
            name="device_when_held",
        ),
        Index("ix_loan_requests_queue", "place_id", "device_type_id", "status", "created_at"),
        # The database's own guarantee: one loan per device at a time.
        Index(
            "uq_loan_requests_device_on_loan",
            "device_id",
            unique=True,
            sqlite_where=text("status = 'on_loan'"),
            postgresql_where=text("status = 'on_loan'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Said on the phone: no 0/O or 1/I (inclusion.sessions.references).
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    device_type_id: Mapped[int] = mapped_column(ForeignKey("device_types.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))  # where to collect
    status: Mapped[str] = mapped_column(String(20), default=LoanStatus.REQUESTED)
    # Personal details: emptied by the retention purge (anonymised_at set).
    name: Mapped[str | None] = mapped_column(String(100))
    contact_method: Mapped[str] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    # Eligibility, as the resident declared it; kept (unattributable) for the figures.
    in_north_tyneside: Mapped[bool] = mapped_column(Boolean)  # lives, works or studies
    no_device_or_connection: Mapped[bool] = mapped_column(Boolean)
    low_income: Mapped[bool] = mapped_column(Boolean)
    priority: Mapped[int] = mapped_column(Integer, default=0)  # set by staff; higher first
    # Why staff raised the priority (a PriorityReason), shown beside the queue.
    priority_reason: Mapped[str | None] = mapped_column(String(30))
    reserved_from: Mapped[date | None] = mapped_column(Date)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    checked_out_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    due_on: Mapped[date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(AwareDateTime)  # returned/cancelled
    # When each message went, so housekeeping sends it once (services.send_loan_reminders).
    ready_told_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    due_reminder_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    overdue_told_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    overdue_again_at: Mapped[datetime | None] = mapped_column(AwareDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(AwareDateTime)

    device_type: Mapped[DeviceType] = relationship()
    device: Mapped[Device | None] = relationship()
    place: Mapped[Place] = relationship()


class DataSimStock(Base):
    """How many data SIMs a venue has to give out."""

    __tablename__ = "data_sim_stock"
    __table_args__ = (CheckConstraint("count >= 0", name="count_not_negative"),)

    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class DataSimIssue(Base):
    """A SIM given out: where and when, nothing about whom."""

    __tablename__ = "data_sim_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
