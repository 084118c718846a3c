"""One feedback item in the back office: everything the person wrote, its history, and
the actions on it: status, assignment, internal notes, goal tags, a reply.

Part of StaffFeedbackController (staff_routes.py). Each action locks the item's row,
leaves a note in its history, moves `updated_at` and writes an audit entry, then sends
the officer back to the item (post, redirect, get).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.feedback import staff_queries, triage
from inclusion.feedback.labels import status_labels
from inclusion.feedback.models import GOALS, FeedbackItem, FeedbackStatus
from inclusion.feedback.staff_forms import (
    MAX_NOTE_LENGTH,
    MAX_REPLY_LENGTH,
    MAX_TEXT_MESSAGE_REPLY_LENGTH,
    Form,
    parse_assign,
    parse_call,
    parse_goals,
    parse_note,
    parse_reply,
    parse_status,
)
from inclusion.feedback.staff_support import OFFICERS, form_page, is_officer, item_for, to_item
from inclusion.notify.models import Channel
from inclusion.sessions.models import ContactMethod
from inclusion.staff import signing_in
from inclusion.staff.auth import SignedIn, now_for, role_required
from inclusion.staff.routes import FORM
from inclusion.web.forms import Errors

ITEM = "/feedback/{feedback_reference:str}"


def audit(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    action: str,
    item: FeedbackItem | None,
    **details: Any,
) -> None:
    """An audit entry by the item's reference: never what anyone wrote, nor an address."""
    signing_in.audit(
        request,
        db_session,
        action,
        signed_in.user_id,
        "feedback_item" if item else None,
        item.reference if item else None,
        details=details or None,
    )


def item_page(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    item: FeedbackItem,
    errors: Errors | None = None,
    form: Form | None = None,
) -> Template:
    """The item's page; `errors` and what was typed when an action could not be done."""
    officer = is_officer(signed_in)
    values: dict[str, Any] = {
        "status": item.status,
        "assignee": str(item.assigned_to_id or "nobody"),
        "goals": staff_queries.goals_of(db_session, item),
    }
    if form is not None:
        values.update(form.values)
    route = triage.reply_channel(item) if officer else None
    return form_page(
        request,
        "item.html",
        errors or Errors(),
        item=item,
        values=values,
        goals=staff_queries.goals_of(db_session, item),
        goal_codes=GOALS,
        statuses=list(FeedbackStatus),
        venue_name=staff_queries.venue_name(db_session, item.place_id),
        assignee_email=staff_queries.staff_email(db_session, item.assigned_to_id),
        history=staff_queries.history(db_session, item),
        staff=staff_queries.assignable_staff(db_session) if officer else [],
        # Contact details only for those who may reply, and only while they exist.
        show_contact=officer and item.wants_reply,
        reply_channel=route[0] if route else None,
        by_phone=officer and item.wants_reply and item.contact_method == ContactMethod.PHONE,
        reply_limit=(
            MAX_TEXT_MESSAGE_REPLY_LENGTH if route and route[0] == Channel.SMS else MAX_REPLY_LENGTH
        ),
        note_limit=MAX_NOTE_LENGTH,
    )


class ItemRoutes:
    """The item's page and its actions, mixed into StaffFeedbackController."""

    @get(ITEM, name="staff:feedback-item", sync_to_thread=True)
    def item(
        self, request: Request, db_session: Session, signed_in: SignedIn, feedback_reference: str
    ) -> Template:
        item = item_for(db_session, signed_in, feedback_reference)
        return item_page(request, db_session, signed_in, item)

    @post(ITEM + "/status", name="staff:feedback-status", sync_to_thread=True)
    def status(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        feedback_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        """Library staff too, for their venues' items."""
        item = item_for(db_session, signed_in, feedback_reference, lock=True)
        form = parse_status(data, item.status, status_labels().get(item.status, item.status))
        if form.errors:
            return item_page(request, db_session, signed_in, item, form.errors, form)
        now = now_for(request)
        if not form.already_done:
            previous = triage.change_status(db_session, item, form.status, signed_in.user_id, now)
            audit(
                request,
                db_session,
                signed_in,
                "feedback_status_changed",
                item,
                **{"from": previous, "to": form.status},
            )
        if form.note and triage.add_note(db_session, item, form.note, signed_in.user_id, now):
            audit(request, db_session, signed_in, "feedback_note_added", item)
        return to_item(request, item, "status")

    @post(ITEM + "/notes", name="staff:feedback-note", sync_to_thread=True)
    def note(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        feedback_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        """Library staff too, for their venues' items."""
        item = item_for(db_session, signed_in, feedback_reference, lock=True)
        form = parse_note(data)
        if form.errors:
            return item_page(request, db_session, signed_in, item, form.errors, form)
        if triage.add_note(db_session, item, form.note, signed_in.user_id, now_for(request)):
            audit(request, db_session, signed_in, "feedback_note_added", item)
        return to_item(request, item, "note")

    @post(
        ITEM + "/assign",
        name="staff:feedback-assign",
        guards=[role_required(*OFFICERS)],
        sync_to_thread=True,
    )
    def assign(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        feedback_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        item = item_for(db_session, signed_in, feedback_reference, lock=True)
        staff = {person.id: person.email for person in staff_queries.assignable_staff(db_session)}
        form = parse_assign(data, list(staff))
        if form.errors:
            return item_page(request, db_session, signed_in, item, form.errors, form)
        email = staff.get(form.assignee_id) if form.assignee_id else None
        now = now_for(request)
        if triage.assign(db_session, item, form.assignee_id, email, signed_in.user_id, now):
            audit(
                request,
                db_session,
                signed_in,
                "feedback_assigned",
                item,
                assignee_id=form.assignee_id,
            )
        return to_item(request, item, "assigned")

    @post(
        ITEM + "/goals",
        name="staff:feedback-goals",
        guards=[role_required(*OFFICERS)],
        sync_to_thread=True,
    )
    def goals(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        feedback_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Redirect:
        item = item_for(db_session, signed_in, feedback_reference, lock=True)
        form = parse_goals(data)
        added, removed = triage.set_goals(db_session, item, form.goals, now_for(request))
        if added or removed:
            audit(
                request,
                db_session,
                signed_in,
                "feedback_goals_changed",
                item,
                added=added,
                removed=removed,
            )
        return to_item(request, item, "goals")

    @post(
        ITEM + "/reply",
        name="staff:feedback-reply",
        guards=[role_required(*OFFICERS)],
        sync_to_thread=True,
    )
    def reply(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        feedback_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        """A written reply, by the person's own channel, in their language."""
        item = item_for(db_session, signed_in, feedback_reference, lock=True)
        route = triage.reply_channel(item)
        if route is None:
            return to_item(request, item)  # the page says why there is no reply form
        form = parse_reply(data, by_text_message=route[0] == Channel.SMS)
        if form.errors:
            return item_page(request, db_session, signed_in, item, form.errors, form)
        status_url = request.app.state.settings.base_url + request.app.route_reverse(
            "feedback:status"
        )
        channel = triage.reply(
            db_session, item, form.reply, signed_in.user_id, now_for(request), status_url
        )
        if channel is not None:
            audit(request, db_session, signed_in, "feedback_reply_sent", item, channel=channel)
        return to_item(request, item, "replied")

    @post(
        ITEM + "/called",
        name="staff:feedback-called",
        guards=[role_required(*OFFICERS)],
        sync_to_thread=True,
    )
    def called(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        feedback_reference: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        """For someone who asked for a phone call: the officer says they called."""
        item = item_for(db_session, signed_in, feedback_reference, lock=True)
        form = parse_call(data)
        if form.errors:
            return item_page(request, db_session, signed_in, item, form.errors, form)
        try:
            recorded = triage.record_call(
                db_session, item, form.note, signed_in.user_id, now_for(request)
            )
        except triage.CannotReply:
            return to_item(request, item)
        if recorded:
            audit(request, db_session, signed_in, "feedback_phone_call_recorded", item)
        return to_item(request, item, "called")
