"""What the triage handlers share: who may see or act on which item, how the pages are
drawn, and where a finished action leads.

Officers and administrators see every item and do everything. Library staff see the
items about their own venues, and may change their status and add internal notes;
replies, assignment, goal tags, bulk changes and exports are for officers and
administrators (their routes carry `role_required`). An item they may not see is a
403, as elsewhere in the back office.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.feedback import labels, staff_queries
from inclusion.feedback.models import FeedbackItem, FeedbackStatus, NoteKind
from inclusion.feedback.staff_queries import QueueFilter, Scope
from inclusion.i18n import _, pgettext
from inclusion.i18n.formatting import LONDON
from inclusion.sessions.models import ContactMethod
from inclusion.sessions.references import format_reference, normalise_reference
from inclusion.staff.auth import SignedIn
from inclusion.staff.models import Role
from inclusion.web.forms import Errors
from inclusion.web.rendering import render_page

OFFICERS = (Role.OFFICER, Role.ADMIN)
# GOV.UK tag colours; the words are always there too.
STATUS_TAG_CLASSES = {
    FeedbackStatus.NEW: "govuk-tag",
    FeedbackStatus.IN_REVIEW: "govuk-tag govuk-tag--purple",
    FeedbackStatus.ACTION_PLANNED: "govuk-tag govuk-tag--yellow",
    FeedbackStatus.DONE: "govuk-tag govuk-tag--green",
    FeedbackStatus.NO_ACTION: "govuk-tag govuk-tag--grey",
}


def is_officer(signed_in: SignedIn) -> bool:
    return signed_in.role in OFFICERS


def scope_of(signed_in: SignedIn) -> Scope:
    """The venues whose feedback this person sees; None: all feedback."""
    return None if is_officer(signed_in) else signed_in.venue_ids


def may_see(signed_in: SignedIn, item: FeedbackItem) -> bool:
    scope = scope_of(signed_in)
    return scope is None or item.place_id in scope


def item_for(
    db_session: Session, signed_in: SignedIn, reference: str, *, lock: bool = False
) -> FeedbackItem:
    """The item, if this person may see it; `lock` for a handler that changes it."""
    normalised = normalise_reference(reference)
    item = (
        staff_queries.item_by_reference(db_session, normalised, lock=lock) if normalised else None
    )
    if item is None:
        raise NotFoundException()
    if not may_see(signed_in, item):
        raise PermissionDeniedException()
    return item


def local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def label_maps() -> dict[str, Any]:
    """What the pages call each stored value, in the reader's language."""
    return {
        "status": labels.status_labels(),
        "topic": labels.topic_labels(),
        "goal": labels.goal_labels(),
        "status_tag": STATUS_TAG_CLASSES,
        "contact": {
            ContactMethod.EMAIL: _("Email"),
            ContactMethod.SMS: _("Text message"),
            ContactMethod.PHONE: _("Phone call"),
            ContactMethod.NONE: _("No reply wanted"),
        },
        "note_kind": {
            NoteKind.NOTE: pgettext("feedback history", "Note"),
            NoteKind.REPLY: pgettext("feedback history", "Reply sent"),
            NoteKind.STATUS: pgettext("feedback history", "Status changed"),
            NoteKind.ASSIGNED: pgettext("feedback history", "Assigned"),
        },
    }


def render(request: Request, template: str, context: dict[str, Any]) -> Template:
    signed_in: SignedIn = request.state.signed_in
    return render_page(
        request,
        f"staff/feedback/{template}",
        {
            "labels": label_maps(),
            "format_reference": format_reference,
            "local_date": local_date,
            "is_officer": is_officer(signed_in),
            "done": request.query_params.get("done"),
            **context,
        },
    )


def form_page(request: Request, template: str, errors: Errors, **context: Any) -> Template:
    """A page with a form, its errors in the summary and next to each field."""
    return render(request, template, {"errors": errors.summary, "field_errors": errors, **context})


def to_item(request: Request, item: FeedbackItem, done: str = "") -> Redirect:
    path = request.app.route_reverse("staff:feedback-item", feedback_reference=item.reference)
    return Redirect(path + (f"?done={done}" if done else ""), status_code=303)


def to_queue(request: Request, queue_filter: QueueFilter, **extra: str) -> Redirect:
    query = urlencode([*queue_filter.params(queue_filter.page), *extra.items()])
    return Redirect(request.app.route_reverse("staff:feedback") + f"?{query}", status_code=303)
