"""A resident's own device request, through the secret link in their confirmation: where
it stands, extending a loan once, and cancelling while it waits."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.loans import queries, services
from inclusion.loans.labels import device_type_name, loan_status_label
from inclusion.loans.models import LoanRequest, LoanStatus
from inclusion.sessions.labels import contact_label
from inclusion.sessions.references import (
    Links,
    format_reference,
    manage_token,
    normalise_reference,
    token_matches,
)
from inclusion.web.rendering import render_page

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
PURPOSE = "loan"
CANCELLABLE = (LoanStatus.REQUESTED, LoanStatus.RESERVED, LoanStatus.READY)


def track_url(request: Request, reference: str) -> str:
    token = manage_token(request.app.state.settings.secret_key, reference, PURPOSE)
    return request.app.route_reverse("loans:track", reference=reference) + f"?token={token}"


def _loan(request: Request, db_session: Session, reference: str, token: str | None) -> LoanRequest:
    """The request, only with its right token: a wrong one looks like no request at all."""
    normalised = normalise_reference(reference)
    loan = queries.request_by_reference(db_session, normalised) if normalised else None
    secret_key = request.app.state.settings.secret_key
    if loan is None or not token_matches(secret_key, loan.reference, token, PURPOSE):
        raise NotFoundException()
    return loan


def _changed(request: Request, loan: LoanRequest, outcome: str) -> Redirect:
    return Redirect(track_url(request, loan.reference) + f"&changed={outcome}", status_code=303)


class LoansController(Controller):
    path = "/loans"

    @get("/{reference:str}", name="loans:track", sync_to_thread=True)
    def track(self, request: Request, db_session: Session, reference: str) -> Template:
        token = request.query_params.get("token")
        loan = _loan(request, db_session, reference, token)
        is_new = request.query_params.get("new") == "1"
        return render_page(
            request,
            "loans/track.html",
            {
                "loan": loan,
                "token": token,
                "reference": format_reference(loan.reference),
                "is_new": is_new,
                "changed": request.query_params.get("changed"),
                "status": loan_status_label(loan.status),
                "device_name": device_type_name(loan.device_type),
                "position": queries.queue_position(db_session, loan)
                if loan.status == LoanStatus.REQUESTED
                else None,
                "can_extend": loan.status == LoanStatus.ON_LOAN and not loan.extended,
                "can_cancel": loan.status in CANCELLABLE,
                "sims_left": queries.data_sims_left(db_session, loan.place_id),
                "contact_label": contact_label,
                "loan_link": Links.from_settings(request.app.state.settings).loan(loan.reference),
            },
        )

    @get("/{reference:str}/cancel", name="loans:cancel", sync_to_thread=True)
    def cancel_page(self, request: Request, db_session: Session, reference: str) -> Template:
        token = request.query_params.get("token")
        loan = _loan(request, db_session, reference, token)
        return render_page(
            request,
            "loans/cancel.html",
            {"loan": loan, "token": token, "device_name": device_type_name(loan.device_type)},
        )

    @post("/{reference:str}/cancel", name="loans:cancel-post", sync_to_thread=True)
    def cancel(
        self, request: Request, db_session: Session, reference: str, data: dict[str, Any] = FORM
    ) -> Redirect:
        loan = _loan(request, db_session, reference, str(data.get("token", "")))
        try:
            services.cancel(db_session, loan, request.app.state.clock())
        except services.WrongRequest:
            return _changed(request, loan, "cannot-cancel")
        return _changed(request, loan, "cancelled")

    @post("/{reference:str}/extend", name="loans:extend", sync_to_thread=True)
    def extend(
        self, request: Request, db_session: Session, reference: str, data: dict[str, Any] = FORM
    ) -> Redirect:
        loan = _loan(request, db_session, reference, str(data.get("token", "")))
        try:
            services.extend(db_session, loan, request.app.state.clock())
        except services.ExtensionRefused as refused:
            return _changed(request, loan, f"refused-{refused.reason}")
        return _changed(request, loan, "extended")
