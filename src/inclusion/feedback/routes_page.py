"""Feedback on a page: "Is this page useful?" and "Report a problem with this page".

Only the page's path, the language, the answer and the day are kept: no time, no
address, nothing that could point to a person.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.feedback import queries
from inclusion.feedback.forms import (
    THANKS_MARKER,
    ProblemForm,
    honeypot_filled,
    page_path,
    parse_page_answer,
    parse_problem,
)
from inclusion.feedback.rate_limit import too_much_feedback
from inclusion.i18n import _
from inclusion.i18n.formatting import LONDON
from inclusion.i18n.translations import current_locale
from inclusion.web.forms import field_text
from inclusion.web.rendering import render_page

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
COMPONENT = "components/page_feedback.html"
# Characters a path may keep as they are in a Location header; everything else,
# such as letters from other scripts, is percent-encoded.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"

logger = logging.getLogger(__name__)


def same_site_url(path: str) -> str:
    return quote(path, safe=PATH_SAFE)


def thanked_url(path: str) -> str:
    """The page again, showing the thank-you where the question was."""
    return f"{same_site_url(path)}?{THANKS_MARKER}=thanks#page-feedback"


def _today(request: Request):
    return request.app.state.clock().astimezone(LONDON).date()


class PageFeedbackController(Controller):
    path = "/feedback"

    @post("/page", name="feedback:page", sync_to_thread=True)
    def answer(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        """One handler for both: htmx gets the component back, thanked, to swap in
        place; a plain form post goes back to the page (303), which shows the same."""
        answer = parse_page_answer(data)
        if answer.path is None:
            # Not a page of this site: go nowhere but home.
            return Redirect(request.app.route_reverse("pages:home"), status_code=303)
        if answer.useful is not None:
            locale = answer.locale or current_locale().code
            queries.add_page_answer(db_session, _today(request), answer.path, locale, answer.useful)
        if getattr(request, "htmx", False):
            return Template(
                COMPONENT,
                context={
                    "page_feedback_path": answer.path,
                    "page_feedback_thanks": answer.useful is not None,
                },
            )
        if answer.useful is None:
            return Redirect(same_site_url(answer.path) + "#page-feedback", status_code=303)
        return Redirect(thanked_url(answer.path), status_code=303)

    @get("/problem", name="feedback:problem", sync_to_thread=False)
    def problem(self, request: Request) -> Template | Redirect:
        path = page_path(field_text(request.query_params.dict(), "path", 300))
        if path is None:
            # Without a page it is about, it is general feedback about the website.
            return Redirect(request.app.route_reverse("feedback:give"), status_code=303)
        return _problem_page(request, ProblemForm(path=path))

    @post("/problem", name="feedback:problem-post", sync_to_thread=True)
    def report_problem(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        form = parse_problem(data)
        if form.path is None:
            return Redirect(request.app.route_reverse("feedback:give"), status_code=303)
        sent = request.app.route_reverse("feedback:problem-sent") + "?path=" + quote(form.path)
        if honeypot_filled(data):
            logger.info("A problem report filled the hidden box; nothing stored")
            return Redirect(sent, status_code=303)
        if form.errors:
            return _problem_page(request, form)
        if too_much_feedback(request):
            return _problem_page(request, form, over_limit=True)
        queries.add_page_answer(
            db_session,
            _today(request),
            form.path,
            current_locale().code,
            None,
            what_doing=form.what_doing,
            what_went_wrong=form.what_went_wrong,
        )
        return Redirect(sent, status_code=303)

    @get("/problem/sent", name="feedback:problem-sent", sync_to_thread=False)
    def problem_sent(self, request: Request) -> Template:
        path = page_path(field_text(request.query_params.dict(), "path", 300))
        return render_page(
            request,
            "feedback/problem_sent.html",
            {"back_to": same_site_url(path) if path else None},
        )


def over_limit_message() -> str:
    return _(
        "You have sent a lot of feedback in the last hour. Wait an hour and try again,"
        " or tell library staff."
    )


def _problem_page(request: Request, form: ProblemForm, over_limit: bool = False) -> Template:
    errors = [{"text": over_limit_message()}] if over_limit else form.errors.summary
    return render_page(
        request,
        "feedback/problem.html",
        {
            "form": form,
            "errors": errors,
            "field_errors": form.errors,
            "back_to": same_site_url(form.path or "/"),
        },
        status_code=429 if over_limit else 200,
    )
