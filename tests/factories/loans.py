"""Device types, devices and loan requests for tests, at the demo venues."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inclusion.loans import services
from inclusion.loans.models import Device, DeviceStatus, DeviceType, LoanRequest
from inclusion.places.models import Place


def place_id(db_session: Session, slug: str = "wallsend-library") -> int:
    return db_session.scalar(select(Place.id).where(Place.slug == slug))


def make_device_type(
    db_session: Session, loan_days: int = 28, is_data_sim: bool = False, slug: str | None = None
) -> DeviceType:
    device_type = DeviceType(
        slug=slug or f"laptop-{uuid.uuid4().hex[:8]}",
        name="Laptop",
        comes_with="charger, case",
        loan_days=loan_days,
        is_data_sim=is_data_sim,
    )
    db_session.add(device_type)
    db_session.flush()
    return device_type


def make_device(
    db_session: Session,
    device_type: DeviceType,
    place_slug: str = "wallsend-library",
    status: str = DeviceStatus.AVAILABLE,
    asset_tag: str | None = None,
) -> Device:
    device = Device(
        asset_tag=asset_tag or f"NTC-{uuid.uuid4().hex[:8].upper()}",
        device_type=device_type,
        place_id=place_id(db_session, place_slug),
        status=status,
    )
    db_session.add(device)
    db_session.flush()
    return device


def make_request(
    db_session: Session,
    device_type: DeviceType,
    now: datetime,
    place_slug: str = "wallsend-library",
    name: str = "Ann Example",
    priority: int = 0,
) -> LoanRequest:
    request = services.request_loan(
        db_session,
        device_type,
        place_id(db_session, place_slug),
        services.Contact(name, "email", email="ann@example.org", phone="07700 900123"),
        services.Eligibility(in_north_tyneside=True, no_device_or_connection=True, low_income=True),
        now,
    )
    request.priority = priority
    db_session.flush()
    return request


def make_loan(
    db_session: Session,
    device_type: DeviceType,
    now: datetime,
    place_slug: str = "wallsend-library",
) -> LoanRequest:
    """A request whose device has been handed over: on loan from `now`."""
    device = make_device(db_session, device_type, place_slug)
    request = make_request(db_session, device_type, now, place_slug)
    services.check_out(db_session, device, request, "good", now)
    return request
