"""Residents' feedback forms: parse, check, explain.

Three forms: the "Is this page useful?" answer, "Report a problem with this page", and
feedback about a service. Each keeps what the person typed, so a page with errors
shows it again; none of them trusts a hidden field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from inclusion.feedback.labels import topic_labels
from inclusion.i18n import _, _l
from inclusion.i18n.locales import find_site_locale
from inclusion.sessions.forms import parse_contact
from inclusion.sessions.models import ContactMethod
from inclusion.web.forms import Errors, field_text, whole_number

MAX_PATH_LENGTH = 300
MAX_PROBLEM_LENGTH = 1000
MAX_FEEDBACK_LENGTH = 2000
MAX_NAME_LENGTH = 100
# Spam bots fill every box; people never see this one (see the form's template).
HONEYPOT_FIELD = "website"
# Added to the page's address after a plain (no JavaScript) answer, so the page shows
# the thank-you in place of the question.
THANKS_MARKER = "page-feedback"

RATING_LABELS = {
    1: _l("Very poor"),
    2: _l("Poor"),
    3: _l("Neither good nor poor"),
    4: _l("Good"),
    5: _l("Very good"),
}


def page_path(value: str) -> str | None:
    """The same-site path a page answer is about, or None when it is not one.

    The query and fragment are dropped (a postcode in a search is nobody's business).
    Only a path that starts with a single "/" is kept: "//host", "/\\host", a scheme
    or a tab or newline (which browsers drop, turning "/\\t/host" into "//host") could
    all send a redirect to another site.
    """
    path = value.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//") or len(path) > MAX_PATH_LENGTH:
        return None
    if "\\" in path or any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return None
    return path


def honeypot_filled(data: Mapping[str, Any]) -> bool:
    return bool(field_text(data, HONEYPOT_FIELD, 100))


@dataclass
class PageAnswer:
    path: str | None
    locale: str | None
    useful: bool | None  # None: no answer given


def parse_page_answer(data: Mapping[str, Any]) -> PageAnswer:
    answer = field_text(data, "useful", 3)
    site = find_site_locale(field_text(data, "locale", 10))
    return PageAnswer(
        path=page_path(field_text(data, "path", MAX_PATH_LENGTH)),
        locale=site.code if site else None,
        useful={"yes": True, "no": False}.get(answer),
    )


@dataclass
class ProblemForm:
    path: str | None = None
    what_doing: str = ""
    what_went_wrong: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_problem(data: Mapping[str, Any]) -> ProblemForm:
    form = ProblemForm(
        path=page_path(field_text(data, "path", MAX_PATH_LENGTH)),
        what_doing=field_text(data, "what-doing", MAX_PROBLEM_LENGTH),
        what_went_wrong=field_text(data, "what-went-wrong", MAX_PROBLEM_LENGTH),
    )
    if not form.what_doing and not form.what_went_wrong:
        form.errors.add("what-doing", _("Enter what you were doing or what went wrong"))
    if len(form.what_doing) > MAX_PROBLEM_LENGTH:
        form.errors.add("what-doing", _("What you were doing must be 1,000 characters or fewer"))
    if len(form.what_went_wrong) > MAX_PROBLEM_LENGTH:
        form.errors.add("what-went-wrong", _("What went wrong must be 1,000 characters or fewer"))
    return form


@dataclass
class FeedbackForm:
    topic: str = ""
    rating: int | None = None
    what_happened: str = ""
    what_would_help: str = ""
    contact_method: str = ""
    email: str = ""
    phone: str = ""
    name: str = ""
    consent: bool = False
    errors: Errors = field(default_factory=Errors)

    @property
    def wants_reply(self) -> bool:
        return self.contact_method in (ContactMethod.EMAIL, ContactMethod.SMS, ContactMethod.PHONE)


def parse_feedback(data: Mapping[str, Any], topic_given: str | None = None) -> FeedbackForm:
    """Feedback about a service; `topic_given` when the page it came from says what it
    is about (a place, a session, a loan), so the topic question is not asked."""
    contact = parse_contact(data)
    form = FeedbackForm(
        topic=topic_given or field_text(data, "topic", 20),
        rating=whole_number(field_text(data, "rating", 1)),
        what_happened=field_text(data, "what-happened", MAX_FEEDBACK_LENGTH),
        what_would_help=field_text(data, "what-would-help", MAX_FEEDBACK_LENGTH),
        contact_method=contact.contact_method,
        email=contact.email,
        phone=contact.phone,
        name=field_text(data, "name", MAX_NAME_LENGTH),
        consent=field_text(data, "consent", 3) == "yes",
    )
    if form.rating not in RATING_LABELS:
        form.rating = None
    # In the order the questions are on the page, so the summary reads the same way.
    if form.topic not in topic_labels():
        form.topic = ""
        form.errors.add("topic", _("Select what your feedback is about"))
    if form.rating is None:
        form.errors.add("rating", _("Select a rating from 1 to 5"))
    if not form.what_happened:
        form.errors.add("what-happened", _("Enter what happened"))
    elif len(form.what_happened) > MAX_FEEDBACK_LENGTH:
        form.errors.add("what-happened", _("What happened must be 2,000 characters or fewer"))
    if len(form.what_would_help) > MAX_FEEDBACK_LENGTH:
        form.errors.add(
            "what-would-help", _("What would make it better must be 2,000 characters or fewer")
        )
    for field_id, message in contact.errors.by_field.items():
        if field_id == "contact-method":
            message = _("Select if you would like a reply")
        form.errors.add(field_id, message)
    if len(form.name) > MAX_NAME_LENGTH:
        form.errors.add("name", _("Your name must be 100 characters or fewer"))
    if form.wants_reply and not form.consent:
        form.errors.add(
            "consent", _("Tick the box to agree that we can use your details to reply to you")
        )
    return form
