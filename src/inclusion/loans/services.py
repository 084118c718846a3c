"""Lending rules that span several steps: the queue, reservations, check-out, returns.

A device's status only moves by conditional UPDATEs (queries.claim_device and
claim_device_for_loan), each checked by its row count, and a request's status likewise
(queries.change_status): whatever two members of staff do at once, a device goes out
on one loan and a request gets one device. When the second of two steps finds the
ground gone from under it, the first is undone before the refusal is raised.

Messages go through the outbox in the resident's own language, by the channel they
chose: the request received, ready to collect, due back in 3 days, overdue, and overdue
again a week later. Each is sent once; the request remembers when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from inclusion.i18n import use_locale
from inclusion.i18n.formatting import LONDON
from inclusion.loans import queries
from inclusion.loans.labels import device_type_name
from inclusion.loans.models import (
    DataSimIssue,
    Device,
    DeviceEvent,
    DeviceStatus,
    DeviceType,
    EventKind,
    LoanRequest,
    LoanStatus,
)
from inclusion.notify.outbox import enqueue
from inclusion.sessions.models import ContactMethod
from inclusion.sessions.references import Links, format_reference, new_reference

RETENTION = timedelta(days=365)
DUE_SOON = timedelta(days=3)
OVERDUE_AGAIN_AFTER = timedelta(days=7)
WAITING = (LoanStatus.REQUESTED, *queries.HELD)


@dataclass(frozen=True)
class Contact:
    """Who asked and how to reach them; no email or phone is required."""

    name: str
    contact_method: str
    email: str | None = None
    phone: str | None = None
    locale: str = "en"


@dataclass(frozen=True)
class Eligibility:
    """The resident's own answers; staff weigh them when they set a priority."""

    in_north_tyneside: bool  # lives, works or studies here
    no_device_or_connection: bool
    low_income: bool


class NotLendable(Exception):
    """Data SIMs are given from a venue's stock, not requested and lent."""


class DeviceUnavailable(Exception):
    """The device is not in the state the step needs: on loan, in repair, held for
    someone else, or taken a moment ago by another member of staff."""


class WrongRequest(Exception):
    """The request is not in the state the step needs, or is for another device or type."""


class TooEarly(Exception):
    """A reservation for a later date cannot be collected yet."""


class ExtensionRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "not_on_loan", "already_extended" or "someone_waiting"


class OutOfStock(Exception):
    """The venue has no data SIMs left."""


def local_date(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def request_loan(
    session: Session,
    device_type: DeviceType,
    place_id: int,
    contact: Contact,
    eligibility: Eligibility,
    now: datetime,
    links: Links | None = None,
) -> LoanRequest:
    """Join the queue; with `links`, the resident is sent their reference and link."""
    if device_type.is_data_sim:
        raise NotLendable()
    request = LoanRequest(
        reference=new_reference(),
        device_type_id=device_type.id,
        place_id=place_id,
        status=LoanStatus.REQUESTED,
        name=contact.name,
        contact_method=contact.contact_method,
        email=contact.email if contact.contact_method == ContactMethod.EMAIL else None,
        phone=contact.phone
        if contact.contact_method in (ContactMethod.SMS, ContactMethod.PHONE)
        else None,
        locale=contact.locale,
        in_north_tyneside=eligibility.in_north_tyneside,
        no_device_or_connection=eligibility.no_device_or_connection,
        low_income=eligibility.low_income,
        priority=0,
        extended=False,
        created_at=now,
    )
    session.add(request)
    session.flush()
    if links is not None:
        _tell(session, links, request, "loan_requested")
    return request


def queue(session: Session, place_id: int, device_type_id: int) -> Sequence[LoanRequest]:
    return queries.queue(session, place_id, device_type_id)


def reserve(
    session: Session, device: Device, request: LoanRequest, from_date: date, now: datetime
) -> None:
    """Hold a device for a request from `from_date` (today or later)."""
    if device.device_type_id != request.device_type_id:
        raise WrongRequest()
    if not queries.claim_device(
        session, device.id, (DeviceStatus.AVAILABLE,), DeviceStatus.RESERVED
    ):
        raise DeviceUnavailable()
    if not queries.change_status(
        session,
        request.id,
        (LoanStatus.REQUESTED,),
        LoanStatus.RESERVED,
        device_id=device.id,
        reserved_from=from_date,
    ):
        queries.claim_device(session, device.id, (DeviceStatus.RESERVED,), DeviceStatus.AVAILABLE)
        _refresh(session, device, request)
        raise WrongRequest()
    _record(session, device, EventKind.RESERVED, now)
    _refresh(session, device, request)


def ready_for_collection(
    session: Session, request: LoanRequest, links: Links | None = None, now: datetime | None = None
) -> None:
    """The held device is set up for the resident; with `links`, they are told."""
    if not queries.change_status(session, request.id, (LoanStatus.RESERVED,), LoanStatus.READY):
        raise WrongRequest()
    session.refresh(request)
    if links is not None and now is not None:
        request.ready_told_at = now
        _tell(session, links, request, "loan_ready")
        session.flush()


def check_out(
    session: Session, device: Device, request: LoanRequest, condition: str, now: datetime
) -> None:
    """Hand a device over: one in stock, or the one held for this request."""
    today = local_date(now)
    if device.device_type_id != request.device_type_id:
        raise WrongRequest()
    held = request.status in queries.HELD
    if held and request.device_id != device.id:
        raise WrongRequest()
    if request.reserved_from is not None and request.reserved_from > today:
        raise TooEarly()
    if not queries.claim_device_for_loan(session, device.id, request.id):
        raise DeviceUnavailable()
    if not queries.change_status(
        session,
        request.id,
        WAITING,
        LoanStatus.ON_LOAN,
        device_id=device.id,
        checked_out_at=now,
        due_on=today + timedelta(days=device.device_type.loan_days),
    ):
        previous = DeviceStatus.RESERVED if held else DeviceStatus.AVAILABLE
        queries.claim_device(session, device.id, (DeviceStatus.ON_LOAN,), previous)
        _refresh(session, device, request)
        raise WrongRequest()
    _record(session, device, EventKind.CHECKED_OUT, now, condition=condition)
    _refresh(session, device, request)


def check_in(
    session: Session,
    device: Device,
    request: LoanRequest,
    condition: str,
    checklist: Mapping[str, bool],
    now: datetime,
) -> None:
    """Take a device back; it is reset before it goes out again.

    `checklist` says, for each thing the device went out with, whether it came back;
    what did not is kept in the device's history.
    """
    if request.device_id != device.id:
        raise WrongRequest()
    if not queries.change_status(
        session, request.id, (LoanStatus.ON_LOAN,), LoanStatus.RETURNED, finished_at=now
    ):
        raise WrongRequest()
    queries.claim_device(session, device.id, (DeviceStatus.ON_LOAN,), DeviceStatus.BEING_RESET)
    missing = sorted(item for item, returned in checklist.items() if not returned)
    _record(session, device, EventKind.CHECKED_IN, now, condition=condition, missing=missing)
    _refresh(session, device, request)


def mark_ready(session: Session, device: Device, now: datetime) -> None:
    """Reset (or repaired) and checked: back in stock."""
    if not queries.claim_device(
        session,
        device.id,
        (DeviceStatus.BEING_RESET, DeviceStatus.REPAIR),
        DeviceStatus.AVAILABLE,
    ):
        raise DeviceUnavailable()
    _record(session, device, EventKind.READY, now)
    session.refresh(device)


def send_for_repair(session: Session, device: Device, note: str | None, now: datetime) -> None:
    if not queries.claim_device(
        session,
        device.id,
        (DeviceStatus.AVAILABLE, DeviceStatus.BEING_RESET),
        DeviceStatus.REPAIR,
    ):
        raise DeviceUnavailable()
    _record(session, device, EventKind.REPAIR, now, note=note)
    session.refresh(device)


def cancel(session: Session, request: LoanRequest, now: datetime) -> None:
    """The resident no longer needs a device; one held for them goes back in stock."""
    held_device_id = request.device_id if request.status in queries.HELD else None
    if not queries.change_status(
        session, request.id, WAITING, LoanStatus.CANCELLED, finished_at=now
    ):
        raise WrongRequest()
    session.refresh(request)
    if held_device_id is not None and queries.claim_device(
        session, held_device_id, (DeviceStatus.RESERVED,), DeviceStatus.AVAILABLE
    ):
        _record(session, request.device, EventKind.RESERVATION_ENDED, now)
        session.refresh(request.device)


def extend(session: Session, request: LoanRequest, now: datetime) -> date:
    """Keep a device one more loan period, once, unless someone is waiting for its type
    at its place; returns the new date it is due back."""
    if request.status != LoanStatus.ON_LOAN:
        raise ExtensionRefused("not_on_loan")
    if request.extended:
        raise ExtensionRefused("already_extended")
    if queries.someone_waiting(session, request.place_id, request.device_type_id):
        raise ExtensionRefused("someone_waiting")
    due_on = request.due_on + timedelta(days=request.device_type.loan_days)
    if not queries.extend_once(session, request.id, due_on):
        raise ExtensionRefused("already_extended")
    session.refresh(request)
    return due_on


def overdue(session: Session, now: datetime) -> Sequence[LoanRequest]:
    """Loans that were due back before today."""
    return queries.overdue_loans(session, local_date(now))


def send_loan_reminders(session: Session, links: Links, now: datetime) -> int:
    """Due back within 3 days, overdue, and still overdue a week after that: each
    message once per loan (an extension brings a new "due soon"). Returns how many
    loans were written to."""
    today = local_date(now)
    told = 0
    for request in queries.loans_due_by(session, today + DUE_SOON):
        if request.due_on >= today and request.due_reminder_at is None:
            request.due_reminder_at = now
            _tell(session, links, request, "loan_due_soon")
            told += 1
    for request in queries.overdue_loans(session, today):
        if request.overdue_told_at is None:
            request.overdue_told_at = now
            _tell(session, links, request, "loan_overdue")
            told += 1
        elif (
            request.overdue_again_at is None
            and now - request.overdue_told_at >= OVERDUE_AGAIN_AFTER
        ):
            request.overdue_again_at = now
            _tell(session, links, request, "loan_overdue_again")
            told += 1
    session.flush()
    return told


def anonymise_finished(session: Session, now: datetime, retention: timedelta = RETENTION) -> int:
    """Empty the personal details of requests that ended `retention` ago. The devices'
    history never held any, so it stays whole."""
    old = queries.requests_to_anonymise(session, now - retention)
    for request in old:
        request.name = None
        request.email = None
        request.phone = None
        request.anonymised_at = now
    session.flush()
    return len(old)


def issue_data_sim(session: Session, place_id: int, now: datetime) -> DataSimIssue:
    if not queries.take_data_sim(session, place_id):
        raise OutOfStock()
    issue = DataSimIssue(place_id=place_id, issued_on=local_date(now))
    session.add(issue)
    session.flush()
    return issue


def _tell(session: Session, links: Links, request: LoanRequest, template: str) -> None:
    """A message by the channel the person chose; none for phone or no contact."""
    if request.contact_method == ContactMethod.EMAIL and request.email:
        channel, recipient = "email", request.email
    elif request.contact_method == ContactMethod.SMS and request.phone:
        channel, recipient = "sms", request.phone
    else:
        return
    place = request.place
    with use_locale(request.locale):
        device = device_type_name(request.device_type)
    enqueue(
        session,
        channel=channel,
        recipient=recipient,
        template=template,
        locale=request.locale,
        context={
            "name": request.name,
            "reference": format_reference(request.reference),
            "device": device,
            "place": place.name,
            "address": place.address_line,
            "due_on": request.due_on,
            "loan_url": links.loan(request.reference),
        },
    )


def _record(
    session: Session,
    device: Device,
    kind: str,
    now: datetime,
    condition: str | None = None,
    missing: list[str] | None = None,
    note: str | None = None,
) -> None:
    session.add(
        DeviceEvent(
            device_id=device.id,
            at=now,
            kind=kind,
            condition=condition,
            missing=missing or None,
            note=note,
        )
    )
    session.flush()


def _refresh(session: Session, device: Device, request: LoanRequest) -> None:
    session.refresh(device)
    session.refresh(request)


def retire(session: Session, device: Device, note: str | None, now: datetime) -> None:
    """Take a device out of service for good: only one that nobody holds or has."""
    if not queries.claim_device(
        session,
        device.id,
        (DeviceStatus.AVAILABLE, DeviceStatus.BEING_RESET, DeviceStatus.REPAIR),
        DeviceStatus.RETIRED,
    ):
        raise DeviceUnavailable()
    _record(session, device, EventKind.RETIRED, now, note=note)
    session.refresh(device)
