"""What a piece of feedback is about, when it comes from a place, session or loan page.

The link carries `?place=<slug>`, `?session=<id>` or `?loan=<reference>&token=<token>`;
the form carries the same in hidden fields. Both are checked again on every request,
and anything unknown is ignored: the person is simply asked what the feedback is about.
A loan is remembered only by its place and a label, never by its reference: feedback
should not lead back to a borrower.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from inclusion.feedback import queries
from inclusion.feedback.models import FeedbackTopic
from inclusion.i18n import _, use_locale
from inclusion.i18n.formatting import LONDON, format_full_date
from inclusion.sessions.references import normalise_reference, token_matches
from inclusion.web.forms import field_text, whole_number
from inclusion.web.request_checks import LARGEST_ID

LOAN_PURPOSE = "loan"  # as the loan tracking link's token is made
STAFF_LANGUAGE = "en"  # labels are stored for the officers who read them


@dataclass(frozen=True)
class About:
    kind: str  # place, session or loan
    topic: str
    label: str  # in the reader's language
    stored_label: str  # in English, as kept on the item
    place_id: int | None
    about_id: int | None
    # The fields that carry it from the link through the form.
    carried: dict[str, str] = field(default_factory=dict)


def _in_both_languages(make_label) -> tuple[str, str]:
    shown = make_label()
    with use_locale(STAFF_LANGUAGE):
        stored = make_label()
    return shown, stored


def find_about(session: Session, params: Mapping[str, Any], secret_key: str) -> About | None:
    """The place, session or loan that `params` name, if they name a real one."""
    loan_reference = normalise_reference(field_text(params, "loan", 20))
    if loan_reference:
        token = field_text(params, "token", 100)
        loan = queries.loan_by_reference(session, loan_reference)
        if loan and token_matches(secret_key, loan.reference, token, LOAN_PURPOSE):
            place_name = loan.place.name
            shown, stored = _in_both_languages(
                lambda: _("Borrowing a device at %(place)s", place=place_name)
            )
            return About(
                "loan",
                FeedbackTopic.DEVICE_LOAN,
                shown,
                stored,
                loan.place_id,
                None,
                {"loan": loan.reference, "token": token},
            )
    session_id = whole_number(field_text(params, "session", 10))
    if session_id is not None and session_id <= LARGEST_ID:
        skill_session = queries.skill_session_by_id(session, session_id)
        if skill_session:
            title, starts_at = skill_session.title, skill_session.starts_at
            shown, stored = _in_both_languages(
                lambda: f"{title}, {format_full_date(starts_at.astimezone(LONDON).date())}"
            )
            return About(
                "session",
                FeedbackTopic.SESSION,
                shown,
                stored[:200],
                skill_session.place_id,
                skill_session.id,
                {"session": str(skill_session.id)},
            )
    slug = field_text(params, "place", 120)
    if slug:
        place = queries.place_by_slug(session, slug)
        if place:
            return About(
                "place",
                FeedbackTopic.PLACE,
                place.name,
                place.name[:200],
                place.id,
                place.id,
                {"place": place.slug},
            )
    return None
