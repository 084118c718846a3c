"""Feedback about a service: the form, its confirmation, and checking on it later.

The form is one page, like GOV.UK's own feedback pages; from a place, session or loan
page it arrives already knowing what it is about (about.py). Page feedback ("Is this
page useful?", "Report a problem") is in routes_page.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.feedback import queries, services
from inclusion.feedback.about import About, find_about
from inclusion.feedback.forms import (
    MAX_FEEDBACK_LENGTH,
    RATING_LABELS,
    FeedbackForm,
    honeypot_filled,
    parse_feedback,
)
from inclusion.feedback.labels import public_status_labels, topic_labels
from inclusion.feedback.rate_limit import too_much_feedback
from inclusion.feedback.routes_page import PageFeedbackController, over_limit_message
from inclusion.i18n import _
from inclusion.i18n.formatting import LONDON
from inclusion.i18n.translations import current_locale
from inclusion.sessions.models import ContactMethod
from inclusion.sessions.references import format_reference, new_reference, normalise_reference
from inclusion.web.forms import Errors, field_text
from inclusion.web.rendering import render_page

__all__ = ["FeedbackController", "PageFeedbackController"]

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
REPLY_METHODS = {method.value for method in ContactMethod}

logger = logging.getLogger(__name__)


def _about(request: Request, db_session: Session, params: dict[str, Any]) -> About | None:
    return find_about(db_session, params, request.app.state.settings.secret_key)


def _sent_url(request: Request, reference: str, reply: str) -> str:
    query = urlencode({"reference": format_reference(reference), "reply": reply})
    return request.app.route_reverse("feedback:sent") + "?" + query


class FeedbackController(Controller):
    path = "/feedback"

    @get("/", name="feedback:give", sync_to_thread=True)
    def give(self, request: Request, db_session: Session) -> Template:
        about = _about(request, db_session, request.query_params.dict())
        return _feedback_page(request, FeedbackForm(), about)

    @post("/", name="feedback:give-post", sync_to_thread=True)
    def give_post(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        about = _about(request, db_session, data)
        form = parse_feedback(data, about.topic if about else None)
        if honeypot_filled(data):
            # A bot: it sees the usual confirmation, so it learns nothing; we keep nothing.
            logger.info("A feedback form filled the hidden box; nothing stored")
            return Redirect(_sent_url(request, new_reference(), "none"), status_code=303)
        if form.errors:
            return _feedback_page(request, form, about)
        if too_much_feedback(request):
            return _feedback_page(request, form, about, over_limit=True)
        item = services.give_feedback(
            db_session,
            form,
            about,
            current_locale().code,
            request.app.state.clock(),
            request.app.state.settings.base_url + request.app.route_reverse("feedback:status"),
        )
        return Redirect(_sent_url(request, item.reference, item.contact_method), status_code=303)

    @get("/sent", name="feedback:sent", sync_to_thread=False)
    def sent(self, request: Request) -> Template:
        params = request.query_params.dict()
        reference = normalise_reference(field_text(params, "reference", 20))
        if reference is None:
            raise NotFoundException()
        reply = field_text(params, "reply", 10)
        return render_page(
            request,
            "feedback/sent.html",
            {
                "reference": format_reference(reference),
                "reply": reply if reply in REPLY_METHODS else ContactMethod.NONE,
                "retention_months": request.app.state.settings.feedback_retention_months,
            },
        )

    @get("/status", name="feedback:status", sync_to_thread=True)
    def status(self, request: Request, db_session: Session) -> Template:
        """Where a piece of feedback stands, by its reference: never its text, nor
        anything about the person who gave it."""
        params = request.query_params.dict()
        typed = field_text(params, "reference", 20)
        errors = Errors()
        item, changes = None, []
        if "reference" in params:
            reference = normalise_reference(typed)
            if not typed:
                errors.add("reference", _("Enter your feedback reference"))
            elif reference is None:
                errors.add(
                    "reference",
                    _("Enter the reference as it is on your confirmation, like ABCD-EFGH"),
                )
            elif (item := queries.item_by_reference(db_session, reference)) is None:
                errors.add(
                    "reference",
                    _("We cannot find feedback with that reference. Check it and try again"),
                )
            else:
                today = request.app.state.clock().astimezone(LONDON).date()
                changes = queries.changes_for_item(db_session, item.id, today)
        return render_page(
            request,
            "feedback/status.html",
            {
                "typed": typed,
                "errors": errors.summary,
                "field_errors": errors,
                "item": item,
                "reference": format_reference(item.reference) if item else "",
                "received_on": item.created_at.astimezone(LONDON).date() if item else None,
                "topic": topic_labels().get(item.topic, "") if item else "",
                "public_status": public_status_labels().get(item.status, "") if item else "",
                "changes": changes,
            },
        )


def _feedback_page(
    request: Request, form: FeedbackForm, about: About | None, over_limit: bool = False
) -> Template:
    errors = [{"text": over_limit_message()}] if over_limit else form.errors.summary
    return render_page(
        request,
        "feedback/give.html",
        {
            "form": form,
            "about": about,
            "errors": errors,
            "field_errors": form.errors,
            "topics": topic_labels(),
            "ratings": RATING_LABELS,
            "max_length": MAX_FEEDBACK_LENGTH,
            "retention_months": request.app.state.settings.feedback_retention_months,
        },
        status_code=429 if over_limit else 200,
    )
