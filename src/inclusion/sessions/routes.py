"""Browse sessions, and book one (or a whole series) in short question pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, TooManyRequestsException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.i18n.locales import SITE_LOCALES
from inclusion.i18n.translations import current_locale
from inclusion.places.distance import Point, haversine_miles
from inclusion.places.geocoding import locate_postcode
from inclusion.places.postcodes import parse_postcode
from inclusion.sessions import drafts, queries, services
from inclusion.sessions.forms import (
    WITHIN_MILES,
    parse_access_needs,
    parse_browse,
    parse_contact,
    parse_name,
)
from inclusion.sessions.labels import contact_label, level_label, topic_labels
from inclusion.sessions.models import SkillSession
from inclusion.sessions.references import Links, manage_token
from inclusion.web.rendering import render_page

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
STEPS = ("name", "contact", "access-needs", "check")


def links_for(request: Request) -> Links:
    return Links.from_settings(request.app.state.settings)


def _bookable(db_session: Session, session_id: int, now) -> SkillSession:
    skill_session = queries.session_by_id(db_session, session_id)
    if skill_session is None:
        raise NotFoundException()
    return skill_session


class SessionsController(Controller):
    path = "/sessions"

    @get("/", name="sessions:list", sync_to_thread=True)
    def browse(self, request: Request, db_session: Session) -> Template:
        now = request.app.state.clock()
        form = parse_browse(dict(request.query_params.dict()))
        places = queries.places_with_sessions(db_session, now)
        place_ids = None
        if form.place:
            place_ids = tuple(p.id for p in places if p.slug == form.place)
        origin = None
        if form.postcode and not form.errors.get("postcode"):
            located = locate_postcode(db_session, parse_postcode(form.postcode), None)
            if located is None:
                form.errors.add("postcode", _("Enter a real postcode, like NE29 6TE"))
            else:
                origin = located.point
                # Narrow to the libraries within reach before the query's limit applies.
                nearby = tuple(
                    p.id
                    for p in places
                    if haversine_miles(origin, Point(p.latitude, p.longitude)) <= form.within
                )
                place_ids = nearby if place_ids is None else tuple(set(place_ids) & set(nearby))
        sessions = []
        if not form.errors:
            found = queries.upcoming(
                db_session,
                queries.SessionFilter(
                    topics=tuple(form.topics),
                    place_ids=place_ids,
                    starts_from=form.starts_from,
                    starts_before=form.starts_before,
                    language=form.language.replace("-", "_") if form.language else "",
                ),
                now,
            )
            for skill_session in found:
                place = skill_session.place
                miles = (
                    haversine_miles(origin, Point(place.latitude, place.longitude))
                    if origin
                    else None
                )
                sessions.append({"session": skill_session, "miles": miles})
        return render_page(
            request,
            "sessions/list.html",
            {
                "form": form,
                "errors": form.errors.summary,
                "sessions": sessions,
                "places": places,
                "topic_labels": topic_labels(),
                "locales": SITE_LOCALES,
                "within_options": WITHIN_MILES,
            },
            block="results",
        )

    @get("/{session_id:int}", name="sessions:detail", sync_to_thread=True)
    def detail(self, request: Request, db_session: Session, session_id: int) -> Template:
        now = request.app.state.clock()
        skill_session = _bookable(db_session, session_id, now)
        return render_page(
            request,
            "sessions/detail.html",
            {
                "session": skill_session,
                "other_dates": queries.other_dates(db_session, skill_session, now),
                "later_dates": queries.later_dates(db_session, skill_session, now),
                "topic_labels": topic_labels(),
                "level_label": level_label,
                "started": skill_session.starts_at <= now,
            },
        )

    @post("/{session_id:int}/book", name="sessions:book-start", sync_to_thread=True)
    def start(
        self, request: Request, db_session: Session, session_id: int, data: dict[str, Any] = FORM
    ) -> Redirect:
        now = request.app.state.clock()
        skill_session = _bookable(db_session, session_id, now)
        if skill_session.is_cancelled or skill_session.starts_at <= now:
            return Redirect(f"/sessions/{session_id}", status_code=303)
        draft = drafts.Draft(
            session_id=session_id,
            whole_series=data.get("whole-series") == "yes" and skill_session.series_id is not None,
            waiting=skill_session.places_left == 0,
        )
        cookie = drafts.start(request, draft)
        return Redirect(f"/sessions/{session_id}/book/name", status_code=303, cookies=[cookie])

    @get("/{session_id:int}/book/{step:str}", name="sessions:book-step", sync_to_thread=True)
    def step(
        self, request: Request, db_session: Session, session_id: int, step: str
    ) -> Template | Redirect:
        draft_id, draft = drafts.load(request)
        if step not in STEPS:
            raise NotFoundException()
        if draft is None or draft.session_id != session_id:
            return Redirect(f"/sessions/{session_id}?expired=1", status_code=303)
        if draft.done_references:
            return _after_booking(request, draft)
        skill_session = _bookable(db_session, session_id, request.app.state.clock())
        return _step_page(request, db_session, skill_session, draft, step, errors=None)

    @post("/{session_id:int}/book/{step:str}", name="sessions:book-step-post", sync_to_thread=True)
    def step_post(
        self,
        request: Request,
        db_session: Session,
        session_id: int,
        step: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        if step not in STEPS:
            raise NotFoundException()
        draft_id, draft = drafts.load(request)
        if draft is None or draft.session_id != session_id:
            return Redirect(f"/sessions/{session_id}?expired=1", status_code=303)
        if draft.done_references:
            return _after_booking(request, draft)
        skill_session = _bookable(db_session, session_id, request.app.state.clock())
        if step == "check":
            return _submit(request, db_session, skill_session, draft_id, draft, data)
        form = {
            "name": parse_name,
            "contact": parse_contact,
            "access-needs": parse_access_needs,
        }[step](data)
        if form.errors:
            _fill(draft, step, form)  # keep what they typed on the page
            return _step_page(request, db_session, skill_session, draft, step, form.errors)
        _fill(draft, step, form)
        drafts.save(request, draft_id, draft)
        following = "check" if data.get("return-to-check") == "yes" else _next(step)
        return Redirect(f"/sessions/{session_id}/book/{following}", status_code=303)


def _next(step: str) -> str:
    return STEPS[STEPS.index(step) + 1]


def _fill(draft: drafts.Draft, step: str, form) -> None:
    if step == "name":
        draft.name = form.name
    elif step == "contact":
        draft.contact_method = form.contact_method
        draft.email = form.email
        draft.phone = form.phone
    elif step == "access-needs":
        draft.access_needs = form.access_needs


def _step_page(request, db_session, skill_session, draft, step, errors) -> Template:
    missing = _first_missing(draft)
    if step == "check" and missing:
        step = missing
    return render_page(
        request,
        f"sessions/book_{step.replace('-', '_')}.html",
        {
            "session": skill_session,
            "draft": draft,
            "errors": errors.summary if errors else [],
            "field_errors": errors,
            "contact_label": contact_label,
            "series_dates": queries.later_dates(
                db_session, skill_session, request.app.state.clock()
            )
            if draft.whole_series
            else [],
            "back": _back_link(skill_session, step),
            "from_check": request.query_params.get("change") == "1",
        },
        status_code=200,
    )


def _first_missing(draft: drafts.Draft) -> str | None:
    if not draft.name:
        return "name"
    if not draft.contact_method:
        return "contact"
    return None


def _back_link(skill_session: SkillSession, step: str) -> str:
    if step == "name":
        return f"/sessions/{skill_session.id}"
    return f"/sessions/{skill_session.id}/book/{STEPS[STEPS.index(step) - 1]}"


def _details(draft: drafts.Draft) -> services.Details:
    return services.Details(
        name=draft.name,
        contact_method=draft.contact_method,
        email=draft.email or None,
        phone=draft.phone or None,
        access_needs=draft.access_needs or None,
        locale=current_locale().code,
    )


def _submit(request, db_session, skill_session, draft_id, draft, data) -> Template | Redirect:
    """Book (or join the waiting list) once, however many times the button is pressed."""
    if _first_missing(draft):
        return Redirect(f"/sessions/{skill_session.id}/book/{_first_missing(draft)}", 303)
    if not drafts.claim_submission(request, draft_id):
        return Redirect(f"/sessions/{skill_session.id}/book/check", status_code=303)
    if too_many_bookings(request):
        drafts.release_submission(request, draft_id)
        raise TooManyRequestsException(headers={"Retry-After": "3600"})
    now = request.app.state.clock()
    links = links_for(request)
    try:
        if data.get("waiting-list") == "yes":
            made = [_join(db_session, skill_session, draft, now, links)]
        else:
            try:
                made = _book_dates(db_session, skill_session, draft, now, links)
            except services.SessionFull:
                if not draft.waiting:
                    raise
                # They came for the waiting list because it was full, and it still is.
                made = [_join(db_session, skill_session, draft, now, links)]
    except services.NotBookable:
        drafts.release_submission(request, draft_id)
        return Redirect(f"/sessions/{skill_session.id}", status_code=303)
    except services.SessionFull:
        drafts.release_submission(request, draft_id)
        return render_page(request, "sessions/full.html", {"session": skill_session})
    draft.done_references = [booking.reference for booking in made]
    drafts.save(request, draft_id, draft)
    return _after_booking(request, draft)


def too_many_bookings(request: Request) -> bool:
    """More bookings from this address in the last hour than the setting allows."""
    address = request.client.host if request.client else "unknown"
    counters = request.app.state.shared.counters
    limit = request.app.state.settings.bookings_per_address_per_hour
    return counters.hit(f"bookings:{address}", 3600) > limit


def _join(db_session, skill_session, draft, now, links):
    return services.join_waiting_list(db_session, skill_session, _details(draft), now, links)


def _book_dates(db_session, skill_session, draft, now, links) -> list:
    """One date, or every date of the series that still has a place."""
    if not draft.whole_series:
        return [services.book(db_session, skill_session, _details(draft), now, links)]
    dates = [skill_session, *queries.later_dates(db_session, skill_session, now)]
    booked = []
    for target in sorted(dates, key=lambda s: s.starts_at):
        group = booked[0].reference if booked else None
        try:
            booking = services.book(db_session, target, _details(draft), now, links, group)
        except (services.SessionFull, services.NotBookable):
            continue
        if not booked:
            booking.group_reference = booking.reference
        booked.append(booking)
    if not booked:
        raise services.SessionFull()
    return booked


def _after_booking(request: Request, draft: drafts.Draft) -> Redirect:
    reference = draft.done_references[0]
    token = manage_token(request.app.state.settings.secret_key, reference)
    return Redirect(f"/bookings/{reference}?token={token}&new=1", status_code=303)
