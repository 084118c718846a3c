"""Reads and writes the lending back office needs beyond the resident side's (queries.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from inclusion.loans.models import (
    DataSimStock,
    Device,
    DeviceEvent,
    DeviceStatus,
    DeviceType,
    EventKind,
    LoanRequest,
    LoanStatus,
)
from inclusion.loans.queries import HELD

LIST_LIMIT = 500


def lendable_types(session: Session) -> Sequence[DeviceType]:
    """Device types that are lent (not data SIMs), in a steady order."""
    return session.scalars(
        select(DeviceType).where(DeviceType.is_data_sim.is_(False)).order_by(DeviceType.id)
    ).all()


def device_type_by_slug(session: Session, slug: str) -> DeviceType | None:
    return session.scalars(select(DeviceType).where(DeviceType.slug == slug)).first()


def device_by_id(session: Session, device_id: int) -> Device | None:
    return session.scalars(
        select(Device)
        .where(Device.id == device_id)
        .options(selectinload(Device.device_type), selectinload(Device.events))
    ).first()


def device_tag_taken(session: Session, asset_tag: str) -> bool:
    """Whether a device already has this tag, whatever its letter case."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Device)
            .where(func.upper(Device.asset_tag) == asset_tag.upper())
        )
        > 0
    )


def add_device(
    session: Session, asset_tag: str, device_type: DeviceType, place_id: int, now: datetime
) -> Device | None:
    """A new device in stock, with its first history entry; None if the tag was taken a
    moment ago (the unique index decides, so a form sent twice adds one device)."""
    try:
        with session.begin_nested():
            device = Device(
                asset_tag=asset_tag,
                device_type_id=device_type.id,
                place_id=place_id,
                status=DeviceStatus.AVAILABLE,
            )
            session.add(device)
            session.flush()
    except IntegrityError:
        return None
    session.add(DeviceEvent(device_id=device.id, at=now, kind=EventKind.ADDED, condition="good"))
    session.flush()
    return device


def devices_at(session: Session, place_id: int) -> Sequence[Device]:
    """A venue's device register, retired devices last."""
    return session.scalars(
        select(Device)
        .where(Device.place_id == place_id)
        .options(selectinload(Device.device_type))
        .order_by(Device.status == DeviceStatus.RETIRED, Device.asset_tag)
        .limit(LIST_LIMIT)
    ).all()


def devices_in_stock(session: Session, place_id: int, device_type_id: int) -> Sequence[Device]:
    """Devices of a type at a venue that could be held or lent now."""
    return session.scalars(
        select(Device)
        .where(
            Device.place_id == place_id,
            Device.device_type_id == device_type_id,
            Device.status == DeviceStatus.AVAILABLE,
        )
        .order_by(Device.asset_tag)
    ).all()


def current_request(session: Session, device_id: int) -> LoanRequest | None:
    """The request a device is held for or lent on, if any."""
    return session.scalars(
        select(LoanRequest).where(
            LoanRequest.device_id == device_id,
            LoanRequest.status.in_((*HELD, LoanStatus.ON_LOAN)),
        )
    ).first()


def requests_in(
    session: Session, place_id: int, device_type_id: int, statuses: Sequence[str]
) -> Sequence[LoanRequest]:
    return session.scalars(
        select(LoanRequest)
        .where(
            LoanRequest.place_id == place_id,
            LoanRequest.device_type_id == device_type_id,
            LoanRequest.status.in_(statuses),
        )
        .options(selectinload(LoanRequest.device))
        .order_by(LoanRequest.due_on, LoanRequest.reserved_from, LoanRequest.created_at)
        .limit(LIST_LIMIT)
    ).all()


def queue_lengths(session: Session, place_ids: Sequence[int]) -> dict[tuple[int, int], int]:
    """(place id, device type id) -> how many requests wait in the queue."""
    rows = session.execute(
        select(LoanRequest.place_id, LoanRequest.device_type_id, func.count())
        .where(
            LoanRequest.place_id.in_(place_ids or (-1,)),
            LoanRequest.status == LoanStatus.REQUESTED,
        )
        .group_by(LoanRequest.place_id, LoanRequest.device_type_id)
    )
    return {(place, kind): count for place, kind, count in rows}


def device_counts(session: Session, place_ids: Sequence[int]) -> dict[tuple[int, int, str], int]:
    """(place id, device type id, status) -> how many devices."""
    rows = session.execute(
        select(Device.place_id, Device.device_type_id, Device.status, func.count())
        .where(Device.place_id.in_(place_ids or (-1,)))
        .group_by(Device.place_id, Device.device_type_id, Device.status)
    )
    return {(place, kind, status): count for place, kind, status, count in rows}


def overdue_counts(
    session: Session, place_ids: Sequence[int], today: date
) -> dict[tuple[int, int], int]:
    rows = session.execute(
        select(LoanRequest.place_id, LoanRequest.device_type_id, func.count())
        .where(
            LoanRequest.place_id.in_(place_ids or (-1,)),
            LoanRequest.status == LoanStatus.ON_LOAN,
            LoanRequest.due_on < today,
        )
        .group_by(LoanRequest.place_id, LoanRequest.device_type_id)
    )
    return {(place, kind): count for place, kind, count in rows}


def overdue_at(session: Session, place_ids: Sequence[int], today: date) -> Sequence[LoanRequest]:
    """Loans due back before today at these venues, the longest overdue first."""
    return session.scalars(
        select(LoanRequest)
        .where(
            LoanRequest.place_id.in_(place_ids or (-1,)),
            LoanRequest.status == LoanStatus.ON_LOAN,
            LoanRequest.due_on < today,
        )
        .options(
            selectinload(LoanRequest.device),
            selectinload(LoanRequest.device_type),
            selectinload(LoanRequest.place),
        )
        .order_by(LoanRequest.due_on, LoanRequest.id)
        .limit(LIST_LIMIT)
    ).all()


def data_sim_counts(session: Session, place_ids: Sequence[int]) -> dict[int, int]:
    rows = session.execute(
        select(DataSimStock.place_id, DataSimStock.count).where(
            DataSimStock.place_id.in_(place_ids or (-1,))
        )
    )
    return {place_id: count for place_id, count in rows}
