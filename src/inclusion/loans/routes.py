"""What residents can borrow, and asking to borrow it in short question pages.

Tracking a request through its secret link is in routes_track.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, TooManyRequestsException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _, ngettext
from inclusion.i18n.translations import current_locale
from inclusion.loans import drafts, queries, services
from inclusion.loans.drafts import LoanDraft
from inclusion.loans.forms import (
    parse_borrower_name,
    parse_device,
    parse_eligibility,
    parse_for_whom,
    parse_place,
)
from inclusion.loans.labels import (
    checklist_items,
    device_type_name,
    device_type_summary,
    item_label,
)
from inclusion.loans.models import DeviceType
from inclusion.loans.routes_track import LoansController, track_url
from inclusion.sessions.forms import parse_contact
from inclusion.sessions.labels import contact_label
from inclusion.sessions.references import Links
from inclusion.web.rendering import render_page

__all__ = ["DevicesController", "LoansController"]

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
STEPS = ("device", "place", "for-whom", "eligibility", "name", "contact", "check")
NOT_ELIGIBLE = "not-eligible"
WAITS_OVER = timedelta(days=180)


def loan_length(days: int) -> str:
    if days % 7 == 0:
        return ngettext("%(num)d week", "%(num)d weeks", days // 7)
    return ngettext("%(num)d day", "%(num)d days", days)


def typical_wait(free_now: int, waiting: int, median_days: float | None) -> str:
    if free_now and not waiting:
        return _("Usually available now")
    if median_days is None:
        return _("Not enough loans yet to say")
    days = round(median_days)
    if days < 1:
        return _("Usually less than a day")
    return ngettext("Usually about %(num)d day", "Usually about %(num)d days", days)


Lendable = dict[str, tuple[DeviceType, list[queries.StockAtPlace]]]


def _lendable(db_session: Session) -> Lendable:
    """Device types a resident can ask for now (not data SIMs, some stock), by slug."""
    stock = queries.lending_stock(db_session)
    return {
        device_type.slug: (device_type, stock[device_type.id])
        for device_type in queries.device_types(db_session)
        if not device_type.is_data_sim and stock.get(device_type.id)
    }


class DevicesController(Controller):
    path = "/devices"

    @get("/", name="devices:list", sync_to_thread=True)
    def devices(self, request: Request, db_session: Session) -> Template:
        since = request.app.state.clock() - WAITS_OVER
        waiting = queries.waiting_by_type(db_session)
        lendable = []
        for device_type, at_places in _lendable(db_session).values():
            free_now = sum(entry.free for entry in at_places)
            median = queries.typical_wait_days(db_session, device_type.id, since)
            lendable.append(
                {
                    "name": device_type_name(device_type),
                    "summary": device_type_summary(device_type),
                    "comes_with": [item_label(key) for key in checklist_items(device_type)],
                    "loan_length": loan_length(device_type.loan_days),
                    "places": at_places,
                    "free_now": free_now,
                    "wait": typical_wait(free_now, waiting.get(device_type.id, 0), median),
                }
            )
        data_sims = [t for t in queries.device_types(db_session) if t.is_data_sim]
        return render_page(
            request,
            "loans/devices.html",
            {
                "lendable": lendable,
                "data_sim": data_sims[0] if data_sims else None,
                "data_sim_name": device_type_name(data_sims[0]) if data_sims else "",
                "data_sim_summary": device_type_summary(data_sims[0]) if data_sims else "",
                "sim_stock": queries.data_sim_stock(db_session),
                "expired": request.query_params.get("expired") == "1",
            },
        )

    @post("/apply", name="devices:apply-start", sync_to_thread=False)
    def start(self, request: Request) -> Redirect:
        cookie = drafts.start(request, LoanDraft())
        return Redirect(_step_url(request, "device"), status_code=303, cookies=[cookie])

    @get("/apply/{step:str}", name="devices:apply-step", sync_to_thread=True)
    def step(self, request: Request, db_session: Session, step: str) -> Template | Redirect:
        if step not in (*STEPS, NOT_ELIGIBLE):
            raise NotFoundException()
        _draft_id, draft = drafts.load(request)
        if draft is None:
            return _expired(request)
        if draft.done_reference:
            return _after_request(request, draft)
        if (ahead := _first_unanswered(draft, step)) is not None:
            return Redirect(_step_url(request, ahead), status_code=303)
        return _step_page(request, _lendable(db_session), draft, step, errors=None)

    @post("/apply/{step:str}", name="devices:apply-step-post", sync_to_thread=True)
    def step_post(
        self, request: Request, db_session: Session, step: str, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        if step not in STEPS:
            raise NotFoundException()
        draft_id, draft = drafts.load(request)
        if draft is None:
            return _expired(request)
        if draft.done_reference:
            return _after_request(request, draft)
        if step == "check":
            return _submit(request, db_session, draft_id, draft)
        if (ahead := _first_unanswered(draft, step)) is not None:
            return Redirect(_step_url(request, ahead), status_code=303)
        lendable = _lendable(db_session)
        form = _parse(lendable, draft, step, data)
        _fill(draft, step, form)  # kept on the page when there are errors, too
        if form.errors:
            return _step_page(request, lendable, draft, step, form.errors)
        to_check = data.get("return-to-check") == "yes"
        following = "check" if to_check else STEPS[STEPS.index(step) + 1]
        if step == "device" and draft.place not in _place_slugs(lendable, draft.device_type):
            draft.place = ""  # that place does not lend the newly chosen device
            following = "place"
        if step == "eligibility" and not draft.eligible:
            following = NOT_ELIGIBLE
        drafts.save(request, draft_id, draft)
        url = _step_url(request, following)
        if to_check and following == "place":
            url += "?change=1"
        return Redirect(url, status_code=303)


def _step_url(request: Request, step: str) -> str:
    return request.app.route_reverse("devices:apply-step", step=step)


def _expired(request: Request) -> Redirect:
    return Redirect(request.app.route_reverse("devices:list") + "?expired=1", status_code=303)


def _place_slugs(lendable: Lendable, device_type_slug: str) -> set[str]:
    chosen = lendable.get(device_type_slug)
    return {entry.place.slug for entry in chosen[1]} if chosen else set()


def _first_unanswered(draft: LoanDraft, step: str) -> str | None:
    """The step to go back to when this one's earlier answers are missing, or None.

    Someone who said they cannot borrow sees why, not the later questions.
    """
    answered = {
        "device": bool(draft.device_type),
        "place": bool(draft.place),
        "for-whom": bool(draft.for_whom),
        "eligibility": bool(draft.in_north_tyneside and draft.no_device_or_connection),
        "name": bool(draft.name),
        "contact": bool(draft.contact_method),
    }
    if step == NOT_ELIGIBLE:
        if not answered["eligibility"]:
            return _first_unanswered(draft, "eligibility") or "eligibility"
        return "name" if draft.eligible else None
    for earlier in STEPS[: STEPS.index(step)]:
        if not answered[earlier]:
            return earlier
        if earlier == "eligibility" and not draft.eligible:
            return NOT_ELIGIBLE
    return None


def _parse(lendable: Lendable, draft: LoanDraft, step: str, data: dict[str, Any]):
    someone_else = draft.for_whom == "someone-else"
    if step == "device":
        return parse_device(data, lendable)
    if step == "place":
        return parse_place(data, _place_slugs(lendable, draft.device_type))
    if step == "for-whom":
        return parse_for_whom(data)
    if step == "eligibility":
        return parse_eligibility(data, someone_else)
    if step == "name":
        return parse_borrower_name(data, someone_else)
    return parse_contact(data)


def _fill(draft: LoanDraft, step: str, form) -> None:
    if step == "device":
        draft.device_type = form.device_type
    elif step == "place":
        draft.place = form.place
    elif step == "for-whom":
        draft.for_whom = form.for_whom
    elif step == "eligibility":
        draft.in_north_tyneside = form.in_north_tyneside
        draft.no_device_or_connection = form.no_device_or_connection
        draft.low_income = form.low_income
    elif step == "name":
        draft.name = form.name
    elif step == "contact":
        draft.contact_method = form.contact_method
        draft.email = form.email
        draft.phone = form.phone


def _step_page(request, lendable: Lendable, draft: LoanDraft, step: str, errors) -> Template:
    device_type, at_places = lendable.get(draft.device_type, (None, []))
    chosen_place = next((e.place for e in at_places if e.place.slug == draft.place), None)
    template = "not_eligible" if step == NOT_ELIGIBLE else f"apply_{step.replace('-', '_')}"
    return render_page(
        request,
        f"loans/{template}.html",
        {
            "draft": draft,
            "step": step,
            "errors": errors.summary if errors else [],
            "field_errors": errors,
            "device_choices": [
                (slug, device_type_name(device_type), device_type_summary(device_type))
                for slug, (device_type, _places) in lendable.items()
            ],
            "device_name": device_type_name(device_type) if device_type else "",
            "place_choices": at_places,
            "place_name": chosen_place.name if chosen_place else "",
            "someone_else": draft.for_whom == "someone-else",
            "contact_label": contact_label,
            "back": _back_link(request, step),
            "from_check": request.query_params.get("change") == "1",
        },
        status_code=200,
    )


def _back_link(request: Request, step: str) -> str:
    if step == "device":
        return request.app.route_reverse("devices:list")
    if step == NOT_ELIGIBLE:
        return _step_url(request, "eligibility")
    return _step_url(request, STEPS[STEPS.index(step) - 1])


def _submit(request, db_session, draft_id: str, draft: LoanDraft) -> Redirect:
    """Ask once, however many times the button is pressed."""
    if (missing := _first_unanswered(draft, "check")) is not None:
        return Redirect(_step_url(request, missing), status_code=303)
    chosen = _lendable(db_session).get(draft.device_type)
    if chosen is None:
        # The stock changed since they chose: ask again rather than fail.
        return Redirect(_step_url(request, "device"), status_code=303)
    place = next((e.place for e in chosen[1] if e.place.slug == draft.place), None)
    if place is None:
        return Redirect(_step_url(request, "place"), status_code=303)
    if not drafts.claim_submission(request, draft_id):
        return Redirect(_step_url(request, "check"), status_code=303)
    if too_many_loan_requests(request):
        drafts.release_submission(request, draft_id)
        raise TooManyRequestsException(headers={"Retry-After": "3600"})
    made = services.request_loan(
        db_session,
        chosen[0],
        place.id,
        services.Contact(
            name=draft.name,
            contact_method=draft.contact_method,
            email=draft.email or None,
            phone=draft.phone or None,
            locale=current_locale().code,
        ),
        services.Eligibility(
            in_north_tyneside=draft.in_north_tyneside == "yes",
            no_device_or_connection=draft.no_device_or_connection == "yes",
            low_income=draft.low_income == "yes",
        ),
        request.app.state.clock(),
        links=Links.from_settings(request.app.state.settings),
    )
    draft.done_reference = made.reference
    drafts.save(request, draft_id, draft)
    return _after_request(request, draft)


def too_many_loan_requests(request: Request) -> bool:
    """More requests from this address in the last hour than the booking cap allows
    (a library PC where staff help many residents shares one address)."""
    address = request.client.host if request.client else "unknown"
    counters = request.app.state.shared.counters
    limit = request.app.state.settings.bookings_per_address_per_hour
    return counters.hit(f"loans:{address}", 3600) > limit


def _after_request(request: Request, draft: LoanDraft) -> Redirect:
    return Redirect(track_url(request, draft.done_reference) + "&new=1", status_code=303)
