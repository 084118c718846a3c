"""At the desk: lend a device to a resident (with a "getting started" session if they
like) and take it back, noting what did not come back.

Part of StaffLoansController (staff_routes.py), which supplies the path and guards.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.i18n.formatting import format_day
from inclusion.loans import labels, services, staff_queries
from inclusion.loans.models import Device, LoanRequest, LoanStatus
from inclusion.loans.queries import HELD
from inclusion.loans.staff_forms import CheckInForm, CheckOutForm, parse_check_in, parse_check_out
from inclusion.loans.staff_support import (
    form_page,
    refusal,
    request_for,
    to_device,
    to_request,
)
from inclusion.sessions import queries as session_queries
from inclusion.sessions import services as session_services
from inclusion.sessions.models import SkillSession, Topic
from inclusion.sessions.references import Links
from inclusion.staff import signing_in
from inclusion.staff.auth import SignedIn, now_for
from inclusion.staff.routes import FORM

WAITING = (LoanStatus.REQUESTED, *HELD)


def _devices_to_offer(db_session: Session, loan: LoanRequest) -> list[Device]:
    """The device held for them, or those in stock of their type at their venue."""
    if loan.status in HELD and loan.device is not None:
        return [loan.device]
    return list(staff_queries.devices_in_stock(db_session, loan.place_id, loan.device_type_id))


def _inductions(db_session: Session, loan: LoanRequest, now) -> list[SkillSession]:
    """Getting started sessions still to come at the venue."""
    wanted = session_queries.SessionFilter(
        topics=(Topic.GETTING_STARTED,), place_ids=(loan.place_id,)
    )
    return list(session_queries.upcoming(db_session, wanted, now, limit=20))


def _check_out_page(
    request: Request, db_session: Session, loan: LoanRequest, form: CheckOutForm
) -> Template:
    now = now_for(request)
    return form_page(
        request,
        "check_out.html",
        form.errors,
        loan=loan,
        devices=_devices_to_offer(db_session, loan),
        inductions=[s for s in _inductions(db_session, loan, now) if s.places_left],
        due_on=services.local_date(now) + timedelta(days=loan.device_type.loan_days),
        values=form.values,
    )


def _check_in_page(request: Request, loan: LoanRequest, form: CheckInForm) -> Template:
    items = (*labels.checklist_items(loan.device_type), *labels.ALWAYS_CHECKED)
    return form_page(
        request, "check_in.html", form.errors, loan=loan, items=items, values=form.values
    )


class DeskRoutes:
    @get(
        "/loans/requests/{loan_reference:str}/check-out",
        name="staff:loan-check-out",
        sync_to_thread=True,
    )
    def check_out(
        self, request: Request, db_session: Session, signed_in: SignedIn, loan_reference: str
    ) -> Template | Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status not in WAITING:
            return to_request(loan)
        form = CheckOutForm(values={"device": str(loan.device_id or "")})
        return _check_out_page(request, db_session, loan, form)

    @post(
        "/loans/requests/{loan_reference:str}/check-out",
        name="staff:loan-check-out-post",
        sync_to_thread=True,
    )
    def check_out_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        loan_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status not in WAITING:
            return to_request(loan)  # lent already (a form sent twice) or cancelled
        now = now_for(request)
        # Any device of the type at the venue may be named: the service, not the list
        # on the page, says whether it can go out, so the refusal can say why.
        candidates = {
            device.id: device
            for device in staff_queries.devices_at(db_session, loan.place_id)
            if device.device_type_id == loan.device_type_id
        }
        inductions = _inductions(db_session, loan, now)
        form = parse_check_out(data, list(candidates), [s.id for s in inductions])
        if not form.errors:
            device = candidates[form.device_id]
            try:
                services.check_out(db_session, device, loan, form.condition, now)
            except services.TooEarly:
                form.errors.add("device", _too_early(loan))
            except services.DeviceUnavailable:
                db_session.refresh(device)
                form.errors.add("device", refusal(device))
            except services.WrongRequest:
                db_session.refresh(loan)
                if loan.status not in WAITING:
                    return to_request(loan)
                form.errors.add("device", _held_for_them(loan))
        if form.errors:
            return _check_out_page(request, db_session, loan, form)
        booking_id, done = None, "checked-out"
        if form.induction_session_id is not None:
            booking_id = _book_induction(request, db_session, signed_in, loan, form, inductions)
            done = "checked-out-with-induction" if booking_id else "checked-out-session-full"
        signing_in.audit(
            request,
            db_session,
            "loan_checked_out",
            signed_in.user_id,
            "loan_request",
            loan.id,
            details={
                "device_id": loan.device_id,
                "condition": form.condition,
                "due_on": loan.due_on.isoformat(),
                "induction_booking_id": booking_id,
            },
        )
        return to_request(loan, done)

    @get(
        "/loans/requests/{loan_reference:str}/check-in",
        name="staff:loan-check-in",
        sync_to_thread=True,
    )
    def check_in(
        self, request: Request, db_session: Session, signed_in: SignedIn, loan_reference: str
    ) -> Template | Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status != LoanStatus.ON_LOAN:
            return to_request(loan)
        return _check_in_page(request, loan, CheckInForm())

    @post(
        "/loans/requests/{loan_reference:str}/check-in",
        name="staff:loan-check-in-post",
        sync_to_thread=True,
    )
    def check_in_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        loan_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status != LoanStatus.ON_LOAN:
            return to_request(loan)  # taken back already: a form sent twice
        form = parse_check_in(data, labels.checklist_items(loan.device_type))
        if form.errors:
            return _check_in_page(request, loan, form)
        device = loan.device
        try:
            services.check_in(
                db_session, device, loan, form.condition, form.checklist, now_for(request)
            )
        except services.WrongRequest:
            return to_request(loan)
        signing_in.audit(
            request,
            db_session,
            "loan_checked_in",
            signed_in.user_id,
            "loan_request",
            loan.id,
            details={
                "device_id": device.id,
                "condition": form.condition,
                "missing": sorted(item for item, back in form.checklist.items() if not back),
            },
        )
        return to_device(device, "checked-in")


def _book_induction(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    loan: LoanRequest,
    form: CheckOutForm,
    inductions: list[SkillSession],
) -> int | None:
    """Book the borrower onto the chosen session; None if it filled up or started.

    The device still goes out when the session is full: it is what they came for, and
    sending them away without it would cost them a second trip; staff can book another
    date with them from the sessions pages.
    """
    chosen = next(s for s in inductions if s.id == form.induction_session_id)
    details = session_services.Details(
        name=loan.name or "",
        contact_method=loan.contact_method,
        email=loan.email,
        phone=loan.phone,
        locale=loan.locale,
    )
    links = Links.from_settings(request.app.state.settings)
    try:
        booking = session_services.book(
            db_session, chosen, details, now_for(request), links, staff_id=signed_in.user_id
        )
    except (session_services.SessionFull, session_services.NotBookable):
        return None
    return booking.id


def _too_early(loan: LoanRequest) -> str:
    return _(
        "This device is kept for them from %(day)s. It cannot be collected before then.",
        day=format_day(loan.reserved_from),
    )


def _held_for_them(loan: LoanRequest) -> str:
    tag = loan.device.asset_tag if loan.device else ""
    return _("%(tag)s is kept for them: lend that device, or cancel the reservation.", tag=tag)
