"""The back office for lending: an overview per venue, the queue for each device type,
each request with its priority and reservation, overdue loans. Check-out and check-in
are in staff_routes_desk.py, devices and data SIMs in staff_routes_stock.py; all three
make up one controller.

Library staff do this for their own venues; officers can look but not change; admins
can do everything. Every change is in the audit log, by record id, never by name.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.loans import queries, services, staff_queries
from inclusion.loans.models import DeviceStatus, LoanRequest, LoanStatus
from inclusion.loans.queries import HELD
from inclusion.loans.staff_forms import Form, parse_priority, parse_reserve
from inclusion.loans.staff_routes_desk import DeskRoutes
from inclusion.loans.staff_routes_stock import StockRoutes
from inclusion.loans.staff_support import (
    form_page,
    refusal,
    render,
    request_for,
    to_request,
    type_for,
    user_of,
    venue_for,
)
from inclusion.sessions.references import Links, normalise_reference
from inclusion.staff import queries as staff_data
from inclusion.staff import signing_in
from inclusion.staff.auth import SignedIn, now_for, provide_signed_in, staff_required
from inclusion.staff.models import Role
from inclusion.staff.routes import FORM
from inclusion.web.forms import Errors

COUNTED = (
    DeviceStatus.AVAILABLE,
    DeviceStatus.RESERVED,
    DeviceStatus.ON_LOAN,
    DeviceStatus.BEING_RESET,
    DeviceStatus.REPAIR,
)


def request_page(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    loan: LoanRequest,
    errors: Errors | None = None,
    form: Form | None = None,
) -> Template:
    """A request's page with its actions; `errors` when one of them could not be done."""
    today = services.local_date(now_for(request))
    values = {"from-day": today.day, "from-month": today.month, "from-year": today.year}
    values.update({"priority": loan.priority, "priority-reason": loan.priority_reason or ""})
    if form is not None:
        values.update(form.values)
    stock = (
        staff_queries.devices_in_stock(db_session, loan.place_id, loan.device_type_id)
        if loan.status == LoanStatus.REQUESTED
        else []
    )
    return form_page(
        request,
        "request.html",
        errors or Errors(),
        loan=loan,
        can_edit=user_of(db_session, signed_in).can_edit_venue(loan.place),
        stock=stock,
        values=values,
    )


class StaffLoansController(DeskRoutes, StockRoutes, Controller):
    path = "/staff"
    guards = [staff_required]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/loans", name="staff:loans", sync_to_thread=True)
    def loans(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        user = user_of(db_session, signed_in)
        venues = staff_data.venues_for(db_session, user)
        place_ids = [place.id for place in venues]
        today = services.local_date(now_for(request))
        queues = staff_queries.queue_lengths(db_session, place_ids)
        devices = staff_queries.device_counts(db_session, place_ids)
        overdue = staff_queries.overdue_counts(db_session, place_ids, today)
        sims = staff_queries.data_sim_counts(db_session, place_ids)
        lending = {place for place, *_ in (*queues, *devices)} | set(sims)
        return render(
            request,
            "overview.html",
            {
                # Officers and admins see every venue: only those that lend anything.
                "venues": [p for p in venues if p.id in lending or user.role == Role.LIBRARY_STAFF],
                "types": staff_queries.lendable_types(db_session),
                "queues": queues,
                "devices": devices,
                "overdue": overdue,
                "sims": sims,
                "counted": COUNTED,
            },
        )

    @get("/loans/find", name="staff:loan-find", sync_to_thread=True)
    def find(self, request: Request, db_session: Session, signed_in: SignedIn) -> Redirect:
        """A resident's reference, typed at the desk, leads to their request."""
        reference = normalise_reference(request.query_params.get("reference", ""))
        loan = queries.request_by_reference(db_session, reference) if reference else None
        if loan is None:
            return Redirect("/staff/loans?done=not-found", status_code=303)
        return to_request(loan)

    @get("/loans/overdue", name="staff:loans-overdue", sync_to_thread=True)
    def overdue(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        venues = staff_data.venues_for(db_session, user_of(db_session, signed_in))
        today = services.local_date(now_for(request))
        loans = staff_queries.overdue_at(db_session, [place.id for place in venues], today)
        return render(request, "overdue.html", {"loans": loans})

    @get(
        "/loans/venues/{slug:str}/queue/{type_slug:str}",
        name="staff:loan-queue",
        sync_to_thread=True,
    )
    def queue(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str, type_slug: str
    ) -> Template:
        place = venue_for(db_session, signed_in, slug, edit=False)
        device_type = type_for(db_session, type_slug)
        return render(
            request,
            "queue.html",
            {
                "place": place,
                "device_type": device_type,
                "waiting": services.queue(db_session, place.id, device_type.id),
                "held": staff_queries.requests_in(db_session, place.id, device_type.id, HELD),
                "on_loan": staff_queries.requests_in(
                    db_session, place.id, device_type.id, (LoanStatus.ON_LOAN,)
                ),
            },
        )

    @get("/loans/requests/{loan_reference:str}", name="staff:loan-request", sync_to_thread=True)
    def loan_request(
        self, request: Request, db_session: Session, signed_in: SignedIn, loan_reference: str
    ) -> Template:
        loan = request_for(db_session, signed_in, loan_reference, edit=False)
        return request_page(request, db_session, signed_in, loan)

    @post(
        "/loans/requests/{loan_reference:str}/priority",
        name="staff:loan-priority",
        sync_to_thread=True,
    )
    def priority(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        loan_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status != LoanStatus.REQUESTED:
            return to_request(loan)  # out of the queue: its place in it no longer matters
        form = parse_priority(data)
        if form.errors:
            return request_page(request, db_session, signed_in, loan, form.errors, form)
        loan.priority, loan.priority_reason = form.priority, form.reason
        db_session.flush()
        signing_in.audit(
            request,
            db_session,
            "loan_priority_set",
            signed_in.user_id,
            "loan_request",
            loan.id,
            details={"priority": form.priority, "reason": form.reason},
        )
        return to_request(loan, "priority")

    @post(
        "/loans/requests/{loan_reference:str}/reserve",
        name="staff:loan-reserve",
        sync_to_thread=True,
    )
    def reserve(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        loan_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status != LoanStatus.REQUESTED:
            return to_request(loan)  # already held or lent: a form sent twice
        now = now_for(request)
        stock = staff_queries.devices_in_stock(db_session, loan.place_id, loan.device_type_id)
        form = parse_reserve(data, [device.id for device in stock], services.local_date(now))
        if not form.errors:
            device = next(device for device in stock if device.id == form.device_id)
            try:
                services.reserve(db_session, device, loan, form.from_date, now)
            except services.DeviceUnavailable:
                form.errors.add("device", refusal(device))
            except services.WrongRequest:
                return to_request(loan)
        if form.errors:
            return request_page(request, db_session, signed_in, loan, form.errors, form)
        signing_in.audit(
            request,
            db_session,
            "loan_device_reserved",
            signed_in.user_id,
            "loan_request",
            loan.id,
            details={"device_id": loan.device_id, "from": loan.reserved_from.isoformat()},
        )
        return to_request(loan, "reserved")

    @post(
        "/loans/requests/{loan_reference:str}/ready", name="staff:loan-ready", sync_to_thread=True
    )
    def ready(
        self, request: Request, db_session: Session, signed_in: SignedIn, loan_reference: str
    ) -> Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        if loan.status != LoanStatus.RESERVED:
            return to_request(loan)
        links = Links.from_settings(request.app.state.settings)
        try:
            services.ready_for_collection(db_session, loan, links, now_for(request))
        except services.WrongRequest:
            return to_request(loan)
        signing_in.audit(
            request, db_session, "loan_ready", signed_in.user_id, "loan_request", loan.id
        )
        return to_request(loan, "ready")

    @post(
        "/loans/requests/{loan_reference:str}/cancel",
        name="staff:loan-cancel",
        sync_to_thread=True,
    )
    def cancel(
        self, request: Request, db_session: Session, signed_in: SignedIn, loan_reference: str
    ) -> Redirect:
        loan = request_for(db_session, signed_in, loan_reference, edit=True)
        device_id = loan.device_id
        try:
            services.cancel(db_session, loan, now_for(request))
        except services.WrongRequest:
            return to_request(loan)  # lent, returned or cancelled already
        signing_in.audit(
            request,
            db_session,
            "loan_request_cancelled",
            signed_in.user_id,
            "loan_request",
            loan.id,
            details={"device_id": device_id},
        )
        return to_request(loan, "cancelled")
