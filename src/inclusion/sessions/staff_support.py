"""What the back-office session handlers share: who may see or change which session,
how its pages are drawn, and the one booking rule that only staff use."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n.locales import SITE_LOCALES
from inclusion.places.models import Place
from inclusion.sessions import queries
from inclusion.sessions.models import BookingStatus, SkillSession
from inclusion.sessions.references import format_reference
from inclusion.sessions.staff_forms import labels
from inclusion.staff import queries as staff_data
from inclusion.staff.auth import SignedIn, now_for
from inclusion.staff.models import StaffUser
from inclusion.web.forms import Errors
from inclusion.web.rendering import render_page


def user_of(db_session: Session, signed_in: SignedIn) -> StaffUser:
    return staff_data.user_by_id(db_session, signed_in.user_id)


def session_for(
    db_session: Session, signed_in: SignedIn, session_id: int, *, edit: bool
) -> SkillSession:
    """The session, if this person may see it (or change it, with `edit`)."""
    skill_session = queries.session_by_id(db_session, session_id)
    if skill_session is None:
        raise NotFoundException()
    user = user_of(db_session, signed_in)
    place = skill_session.place
    if not (user.can_edit_venue(place) if edit else user.can_see_venue(place)):
        raise PermissionDeniedException()
    return skill_session


def editable_venues(db_session: Session, user: StaffUser) -> list[Place]:
    return [
        place for place in staff_data.venues_for(db_session, user) if user.can_edit_venue(place)
    ]


def render(request: Request, template: str, context: dict[str, Any]) -> Template:
    """A sessions page, with what every one of them may show: labels, languages, the
    booking reference as people read it, and the present moment."""
    return render_page(
        request,
        f"staff/sessions/{template}",
        {
            "labels": labels(),
            "locales": SITE_LOCALES,
            "format_reference": format_reference,
            "now": now_for(request),
            **context,
        },
    )


def form_page(request: Request, template: str, errors: Errors, **context: Any) -> Template:
    """A question page, with its errors in the summary and next to each field."""
    return render(request, template, {"errors": errors.summary, "field_errors": errors, **context})


def to_detail(skill_session: SkillSession, done: str = "") -> Redirect:
    """Back to the session's page, saying what was `done`."""
    query = f"?done={done}" if done else ""
    return Redirect(f"/staff/sessions/{skill_session.id}{query}", status_code=303)


def detail_page(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    skill_session: SkillSession,
    errors: list,
) -> Template:
    """The session's page; `errors` when an action on it (an offer) could not be done."""
    bookings = queries.active_bookings(db_session, skill_session.id)
    return render(
        request,
        "session.html",
        {
            "session": skill_session,
            "can_edit": user_of(db_session, signed_in).can_edit_venue(skill_session.place),
            "other_dates": queries.other_dates(db_session, skill_session, now_for(request)),
            "booked": [b for b in bookings if b.status != BookingStatus.WAITING],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "done": request.query_params.get("done"),
            "errors": errors,
        },
    )


def bookable(skill_session: SkillSession, now: datetime) -> bool:
    return not skill_session.is_cancelled and skill_session.starts_at > now
