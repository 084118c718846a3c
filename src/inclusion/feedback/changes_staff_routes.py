"""Officers publish "You said, we did": what people told us, what we changed, and the
feedback items behind it. They can change an entry or withdraw it; library staff
cannot. Every save and withdrawal is in the audit log, by record id.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.feedback import changes_queries, labels
from inclusion.feedback.changes_forms import (
    ChangeForm,
    WithdrawForm,
    blank_form,
    form_for,
    parse_change,
    parse_withdraw,
    report_unknown_references,
)
from inclusion.feedback.changes_queries import ChangeDetails
from inclusion.feedback.models import PublishedChange
from inclusion.i18n.formatting import LONDON
from inclusion.places.models import Place
from inclusion.sessions.references import format_reference
from inclusion.staff import queries as staff_data
from inclusion.staff import signing_in
from inclusion.staff.auth import (
    SignedIn,
    now_for,
    provide_signed_in,
    role_required,
    staff_required,
)
from inclusion.staff.models import Role
from inclusion.staff.routes import FORM
from inclusion.web.forms import field_text, whole_number
from inclusion.web.rendering import render_page

DONE_MESSAGES = ("published", "saved", "withdrawn")


def _render(request: Request, template: str, context: dict[str, Any]) -> Template:
    return render_page(
        request,
        f"staff/changes/{template}",
        {
            "goal_labels": labels.goal_labels(),
            "status_labels": labels.status_labels(),
            "format_reference": format_reference,
            **context,
        },
    )


def _venues(db_session: Session, signed_in: SignedIn) -> list[Place]:
    """The council's venues: a change may be about one of them."""
    user = staff_data.user_by_id(db_session, signed_in.user_id)
    return list(staff_data.venues_for(db_session, user))


def _form_page(
    request: Request,
    venues: list[Place],
    form: ChangeForm,
    change: PublishedChange | None = None,
) -> Template:
    return _render(
        request,
        "form.html",
        {
            "change": change,
            "venues": venues,
            "values": form.values,
            "errors": form.errors.summary,
            "field_errors": form.errors,
        },
    )


def _withdraw_page(
    request: Request, db_session: Session, change: PublishedChange, form: WithdrawForm
) -> Template:
    return _render(
        request,
        "withdraw.html",
        {
            "change": change,
            "place_names": changes_queries.place_names(db_session, [change.place_id]),
            "values": form.values,
            "errors": form.errors.summary,
            "field_errors": form.errors,
        },
    )


def _change(db_session: Session, change_id: int) -> PublishedChange:
    change = changes_queries.change_by_id(db_session, change_id)
    if change is None:
        raise NotFoundException()
    return change


def _to_list(request: Request, done: str, marked: int = 0) -> Redirect:
    query = f"?done={done}" + (f"&marked={marked}" if marked else "")
    return Redirect(request.app.route_reverse("staff:changes") + query, status_code=303)


def _save(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    data: dict[str, Any],
    change: PublishedChange | None,
) -> Template | Redirect:
    now = now_for(request)
    venues = _venues(db_session, signed_in)
    form = parse_change(data, [place.slug for place in venues], now.astimezone(LONDON).date())
    items = changes_queries.items_by_references(db_session, form.references)
    report_unknown_references(form, {item.reference for item in items})
    if form.errors:
        return _form_page(request, venues, form, change)
    place_id = next((place.id for place in venues if place.slug == form.venue_slug), None)
    details = ChangeDetails(form.goal, form.you_said, form.we_did, place_id, form.published_on)
    if change is None:
        change = changes_queries.publish(db_session, details, items, signed_in.user_id, now)
        action, done = "change_published", "published"
    else:
        changes_queries.update(db_session, change, details, items, now)
        action, done = "change_edited", "saved"
    marked = (
        changes_queries.mark_done(db_session, items, signed_in.user_id, now)
        if form.mark_done
        else []
    )
    audit = {"goal": change.goal, "place_id": place_id, "item_ids": [i.id for i in items]}
    signing_in.audit(
        request, db_session, action, signed_in.user_id, "published_change", change.id, audit
    )
    for item, was in marked:
        signing_in.audit(
            request,
            db_session,
            "feedback_status_changed",
            signed_in.user_id,
            "feedback_item",
            item.reference,  # as triage names items in the audit log
            {"from": str(was), "to": str(item.status), "change_id": change.id},
        )
    return _to_list(request, done, len(marked))


class StaffChangesController(Controller):
    path = "/staff/you-said-we-did"
    guards = [staff_required, role_required(Role.OFFICER, Role.ADMIN)]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/", name="staff:changes", sync_to_thread=True)
    def changes(self, request: Request, db_session: Session) -> Template:
        changes = changes_queries.published_changes(db_session)
        names = changes_queries.place_names(db_session, (c.place_id for c in changes))
        done = field_text(request.query_params, "done", 20)
        return _render(
            request,
            "list.html",
            {
                "changes": changes,
                "place_names": names,
                "done": done if done in DONE_MESSAGES else None,
                "marked": whole_number(field_text(request.query_params, "marked", 3)) or 0,
            },
        )

    @get("/new", name="staff:changes-new", sync_to_thread=True)
    def new(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        today = now_for(request).astimezone(LONDON).date()
        return _form_page(request, _venues(db_session, signed_in), blank_form(today))

    @post("/new", name="staff:changes-new-post", sync_to_thread=True)
    def new_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        return _save(request, db_session, signed_in, data, None)

    @get("/{change_id:int}", name="staff:changes-edit", sync_to_thread=True)
    def edit(
        self, request: Request, db_session: Session, signed_in: SignedIn, change_id: int
    ) -> Template:
        change = _change(db_session, change_id)
        venues = _venues(db_session, signed_in)
        slug = next((place.slug for place in venues if place.id == change.place_id), None)
        return _form_page(request, venues, form_for(change, slug), change)

    @post("/{change_id:int}", name="staff:changes-edit-post", sync_to_thread=True)
    def edit_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        change_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        change = _change(db_session, change_id)
        return _save(request, db_session, signed_in, data, change)

    @get("/{change_id:int}/withdraw", name="staff:changes-withdraw", sync_to_thread=True)
    def withdraw(self, request: Request, db_session: Session, change_id: int) -> Template:
        return _withdraw_page(request, db_session, _change(db_session, change_id), WithdrawForm())

    @post("/{change_id:int}/withdraw", name="staff:changes-withdraw-post", sync_to_thread=True)
    def withdraw_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        change_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        change = changes_queries.change_by_id(db_session, change_id)
        if change is None:  # withdrawn already: the form sent twice, or by two officers
            return Redirect(request.app.route_reverse("staff:changes"), status_code=303)
        form = parse_withdraw(data)
        if form.errors:
            return _withdraw_page(request, db_session, change, form)
        if not form.withdraw:
            return Redirect(request.app.route_reverse("staff:changes"), status_code=303)
        details = {
            "goal": change.goal,
            "published_on": change.published_on.isoformat(),
            "item_ids": sorted(item.id for item in change.items),
        }
        changes_queries.withdraw(db_session, change)
        signing_in.audit(
            request,
            db_session,
            "change_withdrawn",
            signed_in.user_id,
            "published_change",
            change_id,
            details=details,
        )
        return _to_list(request, "withdrawn")
