"""Reads and writes for devices and loans: the only module here that builds SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session

from inclusion.loans.models import (
    DataSimStock,
    Device,
    DeviceStatus,
    DeviceType,
    LoanRequest,
    LoanStatus,
)

HELD = (LoanStatus.RESERVED, LoanStatus.READY)
FINISHED = (LoanStatus.RETURNED, LoanStatus.CANCELLED)


def device_type_by_slug(session: Session, slug: str) -> DeviceType | None:
    return session.scalars(select(DeviceType).where(DeviceType.slug == slug)).first()


def device_by_asset_tag(session: Session, asset_tag: str) -> Device | None:
    return session.scalars(select(Device).where(Device.asset_tag == asset_tag)).first()


def request_by_reference(session: Session, reference: str) -> LoanRequest | None:
    return session.scalars(select(LoanRequest).where(LoanRequest.reference == reference)).first()


def queue(session: Session, place_id: int, device_type_id: int) -> Sequence[LoanRequest]:
    """Requests waiting for a device of a type at a place: staff priority first, then
    first come, first served."""
    return session.scalars(
        select(LoanRequest)
        .where(
            LoanRequest.place_id == place_id,
            LoanRequest.device_type_id == device_type_id,
            LoanRequest.status == LoanStatus.REQUESTED,
        )
        .order_by(LoanRequest.priority.desc(), LoanRequest.created_at, LoanRequest.id)
    ).all()


def someone_waiting(session: Session, place_id: int, device_type_id: int) -> bool:
    return session.scalar(
        select(
            exists().where(
                LoanRequest.place_id == place_id,
                LoanRequest.device_type_id == device_type_id,
                LoanRequest.status == LoanStatus.REQUESTED,
            )
        )
    )


def claim_device(
    session: Session, device_id: int, from_statuses: Sequence[str], to_status: str
) -> bool:
    """Move a device between statuses only if it is still in one of `from_statuses`, in
    one conditional UPDATE, so two members of staff cannot both take it."""
    result = session.execute(
        update(Device)
        .where(Device.id == device_id, Device.status.in_(from_statuses))
        .values(status=to_status)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def claim_device_for_loan(session: Session, device_id: int, request_id: int) -> bool:
    """Put a device on loan if it is in stock, or held for this very request.

    The database checks and changes together: of two check-outs of one device, however
    they interleave, the second finds it on loan and changes nothing.
    """
    held_for_this_request = exists().where(
        LoanRequest.id == request_id,
        LoanRequest.device_id == device_id,
        LoanRequest.status.in_(HELD),
    )
    result = session.execute(
        update(Device)
        .where(
            Device.id == device_id,
            or_(
                Device.status == DeviceStatus.AVAILABLE,
                and_(Device.status == DeviceStatus.RESERVED, held_for_this_request),
            ),
        )
        .values(status=DeviceStatus.ON_LOAN)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def change_status(
    session: Session, request_id: int, from_statuses: Sequence[str], to_status: str, **values
) -> bool:
    """Move a request between statuses only if it is still in one of `from_statuses`."""
    result = session.execute(
        update(LoanRequest)
        .where(LoanRequest.id == request_id, LoanRequest.status.in_(from_statuses))
        .values(status=to_status, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def extend_once(session: Session, request_id: int, due_on: date) -> bool:
    result = session.execute(
        update(LoanRequest)
        .where(
            LoanRequest.id == request_id,
            LoanRequest.status == LoanStatus.ON_LOAN,
            LoanRequest.extended.is_(False),
        )
        # A new date brings a new "due soon" message.
        .values(extended=True, due_on=due_on, due_reminder_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def overdue_loans(session: Session, today: date) -> Sequence[LoanRequest]:
    return session.scalars(
        select(LoanRequest)
        .where(LoanRequest.status == LoanStatus.ON_LOAN, LoanRequest.due_on < today)
        .order_by(LoanRequest.due_on, LoanRequest.id)
    ).all()


def loans_due_by(session: Session, day: date) -> Sequence[LoanRequest]:
    """Loans out now and due back on or before `day` (overdue ones too)."""
    return session.scalars(
        select(LoanRequest)
        .where(LoanRequest.status == LoanStatus.ON_LOAN, LoanRequest.due_on <= day)
        .order_by(LoanRequest.due_on, LoanRequest.id)
    ).all()


def requests_to_anonymise(session: Session, finished_before: datetime) -> Sequence[LoanRequest]:
    return session.scalars(
        select(LoanRequest).where(
            LoanRequest.anonymised_at.is_(None),
            LoanRequest.status.in_(FINISHED),
            LoanRequest.finished_at < finished_before,
        )
    ).all()


def take_data_sim(session: Session, place_id: int) -> bool:
    """One SIM from a venue's stock if it has any, in one conditional UPDATE."""
    result = session.execute(
        update(DataSimStock)
        .where(DataSimStock.place_id == place_id, DataSimStock.count > 0)
        .values(count=DataSimStock.count - 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def add_data_sims(session: Session, place_id: int, count: int) -> None:
    stock = session.get(DataSimStock, place_id)
    if stock is None:
        session.add(DataSimStock(place_id=place_id, count=count))
    else:
        session.execute(
            update(DataSimStock)
            .where(DataSimStock.place_id == place_id)
            .values(count=DataSimStock.count + count)
            .execution_options(synchronize_session=False)
        )
    session.flush()


def data_sims_left(session: Session, place_id: int) -> int:
    return session.scalar(select(DataSimStock.count).where(DataSimStock.place_id == place_id)) or 0
