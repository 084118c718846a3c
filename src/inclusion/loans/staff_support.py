"""What the lending back-office handlers share: who may see or change which venue,
request or device, how the pages are drawn, and where a finished step leads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.loans import labels, queries, staff_queries
from inclusion.loans.models import Condition, Device, DeviceType, LoanRequest, PriorityReason
from inclusion.loans.services import local_date
from inclusion.places.models import Place
from inclusion.sessions.models import ContactMethod
from inclusion.sessions.references import format_reference, normalise_reference
from inclusion.staff import queries as staff_data
from inclusion.staff.auth import SignedIn, now_for
from inclusion.staff.models import StaffUser
from inclusion.web.forms import Errors
from inclusion.web.rendering import render_page


def user_of(db_session: Session, signed_in: SignedIn) -> StaffUser:
    return staff_data.user_by_id(db_session, signed_in.user_id)


def _allowed(db_session: Session, signed_in: SignedIn, place: Place, edit: bool) -> None:
    user = user_of(db_session, signed_in)
    if not (user.can_edit_venue(place) if edit else user.can_see_venue(place)):
        raise PermissionDeniedException()


def venue_for(db_session: Session, signed_in: SignedIn, slug: str, *, edit: bool) -> Place:
    """The venue, if this person may see it (or change it, with `edit`)."""
    place = staff_data.venue_by_slug(db_session, slug)
    if place is None:
        raise NotFoundException()
    _allowed(db_session, signed_in, place, edit)
    return place


def type_for(db_session: Session, slug: str) -> DeviceType:
    device_type = staff_queries.device_type_by_slug(db_session, slug)
    if device_type is None or device_type.is_data_sim:
        raise NotFoundException()
    return device_type


def request_for(
    db_session: Session, signed_in: SignedIn, reference: str, *, edit: bool
) -> LoanRequest:
    loan = queries.request_by_reference(db_session, normalise_reference(reference) or "")
    if loan is None:
        raise NotFoundException()
    _allowed(db_session, signed_in, loan.place, edit)
    return loan


def device_for(db_session: Session, signed_in: SignedIn, device_id: int, *, edit: bool) -> Device:
    device = staff_queries.device_by_id(db_session, device_id)
    if device is None:
        raise NotFoundException()
    _allowed(db_session, signed_in, db_session.get(Place, device.place_id), edit)
    return device


def label_maps() -> dict[str, Any]:
    """What the pages call each stored value, in the reader's language."""
    return {
        "type_name": labels.device_type_name,
        "device_status": labels.device_status_label,
        "loan_status": labels.loan_status_label,
        "condition": labels.condition_label,
        "priority_reason": labels.priority_reason_label,
        "item": labels.item_label,
        "conditions": [(choice.value, labels.condition_label(choice)) for choice in Condition],
        "priority_reasons": [
            (choice.value, labels.priority_reason_label(choice)) for choice in PriorityReason
        ],
        "contact": {
            ContactMethod.EMAIL: _("Email"),
            ContactMethod.SMS: _("Text message"),
            ContactMethod.PHONE: _("Phone call"),
            ContactMethod.NONE: _("No contact"),
        },
        "events": {
            "added": _("Added to stock"),
            "reserved": _("Kept for a resident"),
            "reservation_ended": _("No longer kept"),
            "checked_out": _("Lent"),
            "checked_in": _("Returned"),
            "ready": _("Ready to lend"),
            "repair": _("Sent for repair"),
            "retired": _("Retired"),
        },
    }


def render(request: Request, template: str, context: dict[str, Any]) -> Template:
    now: datetime = now_for(request)
    return render_page(
        request,
        f"staff/loans/{template}",
        {
            "labels": label_maps(),
            "format_reference": format_reference,
            "today": local_date(now),
            "done": request.query_params.get("done"),
            **context,
        },
    )


def form_page(request: Request, template: str, errors: Errors, **context: Any) -> Template:
    """A page with a form, its errors in the summary and next to each field."""
    return render(request, template, {"errors": errors.summary, "field_errors": errors, **context})


def to_request(loan: LoanRequest, done: str = "") -> Redirect:
    query = f"?done={done}" if done else ""
    return Redirect(f"/staff/loans/requests/{loan.reference}{query}", status_code=303)


def to_device(device: Device, done: str = "") -> Redirect:
    query = f"?done={done}" if done else ""
    return Redirect(f"/staff/loans/devices/{device.id}{query}", status_code=303)


def refusal(device: Device) -> str:
    """Why a device cannot go out or be held, in words for the page."""
    tag = device.asset_tag
    if device.status == "on_loan":
        return _("%(tag)s is on loan to someone else. Choose another device.", tag=tag)
    if device.status == "reserved":
        return _("%(tag)s is kept for someone else. Choose another device.", tag=tag)
    if device.status == "repair":
        return _("%(tag)s is in repair. Choose another device.", tag=tag)
    if device.status == "being_reset":
        return _(
            "%(tag)s has not been reset since it came back. Mark it ready first, or "
            "choose another device.",
            tag=tag,
        )
    if device.status == "retired":
        return _("%(tag)s is retired. Choose another device.", tag=tag)
    return _("%(tag)s cannot go out just now. Choose another device.", tag=tag)
