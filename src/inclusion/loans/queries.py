"""Reads and writes for devices and loans: the only module here that builds SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlalchemy.orm import Session

from inclusion.loans.models import (
    DataSimStock,
    Device,
    DeviceStatus,
    DeviceType,
    LoanRequest,
    LoanStatus,
)
from inclusion.places.models import Place

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


# What residents see before they ask: the stock by type and venue, and how long people
# have waited.


def device_types(session: Session) -> Sequence[DeviceType]:
    return session.scalars(select(DeviceType).order_by(DeviceType.is_data_sim, DeviceType.id)).all()


@dataclass(frozen=True)
class StockAtPlace:
    """A venue that lends a type: how many it keeps (not retired) and how many are free."""

    place: Place
    kept: int
    free: int


def lending_stock(session: Session) -> dict[int, list[StockAtPlace]]:
    """Venues with devices of each type, by device type id, each venue's list by name."""
    rows = session.execute(
        select(
            Device.device_type_id,
            Device.place_id,
            func.count(Device.id),
            func.sum(case((Device.status == DeviceStatus.AVAILABLE, 1), else_=0)),
        )
        .where(Device.status != DeviceStatus.RETIRED)
        .group_by(Device.device_type_id, Device.place_id)
    ).all()
    places = {
        place.id: place
        for place in session.scalars(
            select(Place).where(Place.id.in_({row[1] for row in rows}))
        ).all()
    }
    stock: dict[int, list[StockAtPlace]] = {}
    for type_id, place_id, kept, free in rows:
        stock.setdefault(type_id, []).append(StockAtPlace(places[place_id], kept, free or 0))
    for at_places in stock.values():
        at_places.sort(key=lambda entry: entry.place.name)
    return stock


def waiting_by_type(session: Session) -> dict[int, int]:
    """How many requests are in a queue for each device type, anywhere."""
    rows = session.execute(
        select(LoanRequest.device_type_id, func.count(LoanRequest.id))
        .where(LoanRequest.status == LoanStatus.REQUESTED)
        .group_by(LoanRequest.device_type_id)
    ).all()
    return dict(rows)


def typical_wait_days(session: Session, device_type_id: int, since: datetime) -> float | None:
    """The median days from asking to collecting, over loans of a type that went out
    since `since`; None when there were none."""
    rows = session.execute(
        select(LoanRequest.created_at, LoanRequest.checked_out_at).where(
            LoanRequest.device_type_id == device_type_id,
            LoanRequest.checked_out_at.is_not(None),
            LoanRequest.checked_out_at >= since,
        )
    ).all()
    if not rows:
        return None
    return median((out - asked).total_seconds() / 86400 for asked, out in rows)


def data_sim_stock(session: Session) -> Sequence[tuple[Place, int]]:
    """Each venue that gives out data SIMs, with how many it has left, by name."""
    return session.execute(
        select(Place, DataSimStock.count)
        .join(DataSimStock, DataSimStock.place_id == Place.id)
        .order_by(Place.name)
    ).all()


def queue_position(session: Session, request: LoanRequest) -> int:
    """Where a waiting request stands in `queue` order: 1 is next."""
    ahead = session.scalar(
        select(func.count(LoanRequest.id)).where(
            LoanRequest.place_id == request.place_id,
            LoanRequest.device_type_id == request.device_type_id,
            LoanRequest.status == LoanStatus.REQUESTED,
            LoanRequest.id != request.id,
            or_(
                LoanRequest.priority > request.priority,
                and_(
                    LoanRequest.priority == request.priority,
                    or_(
                        LoanRequest.created_at < request.created_at,
                        and_(
                            LoanRequest.created_at == request.created_at,
                            LoanRequest.id < request.id,
                        ),
                    ),
                ),
            ),
        )
    )
    return (ahead or 0) + 1
