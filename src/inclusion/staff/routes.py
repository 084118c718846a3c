"""The back office: the dashboard, and venue details staff keep right."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.places.models import Place
from inclusion.places.schedule import week_ahead
from inclusion.staff import queries, signing_in
from inclusion.staff.auth import SignedIn, now_for, provide_signed_in, staff_required
from inclusion.staff.forms import hours_values, parse_closure, parse_hours, parse_wifi
from inclusion.staff.models import StaffUser
from inclusion.web.rendering import render_page

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


def _user(db_session: Session, signed_in: SignedIn) -> StaffUser:
    return queries.user_by_id(db_session, signed_in.user_id)


def _venue(db_session: Session, user: StaffUser, slug: str, *, edit: bool) -> Place:
    """The venue, if this person may see it (or change it, with `edit`)."""
    place = queries.venue_by_slug(db_session, slug)
    if place is None:
        raise NotFoundException()
    allowed = user.can_edit_venue(place) if edit else user.can_see_venue(place)
    if not allowed:
        raise PermissionDeniedException()
    return place


class StaffController(Controller):
    path = "/staff"
    guards = [staff_required]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/", name="staff:dashboard", sync_to_thread=True)
    def dashboard(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        user = _user(db_session, signed_in)
        return render_page(
            request,
            "staff/dashboard.html",
            {
                "user": user,
                "venues": queries.venues_for(db_session, user),
                "recovery_codes_left": queries.remaining_recovery_codes(db_session, user),
            },
        )

    @post("/sign-out-everywhere", name="staff:sign-out-everywhere", sync_to_thread=True)
    def sign_out_everywhere(
        self, request: Request, db_session: Session, signed_in: SignedIn
    ) -> Redirect:
        user = _user(db_session, signed_in)
        signing_in.sign_out_everywhere(user, now_for(request))
        signing_in.audit(request, db_session, "sign_out_everywhere", user.id)
        cookie = signing_in.end_session(request)
        return Redirect("/staff/sign-in?signed-out=1", status_code=303, cookies=[cookie])

    @get("/venues", name="staff:venues", sync_to_thread=True)
    def venues(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        user = _user(db_session, signed_in)
        return render_page(
            request,
            "staff/venues.html",
            {"user": user, "venues": queries.venues_for(db_session, user)},
        )

    @get("/venues/{slug:str}", name="staff:venue", sync_to_thread=True)
    def venue(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        user = _user(db_session, signed_in)
        place = _venue(db_session, user, slug, edit=False)
        today = now_for(request).date()
        return render_page(
            request,
            "staff/venue.html",
            {
                "place": place,
                "can_edit": user.can_edit_venue(place),
                "week": week_ahead(place, today),
                "today": today,
                "wifi": place.service("wifi"),
                "saved": request.query_params.get("saved"),
            },
        )

    @get("/venues/{slug:str}/hours", name="staff:venue-hours", sync_to_thread=True)
    def hours(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        return render_page(
            request,
            "staff/venue_hours.html",
            {
                "place": place,
                "values": hours_values(place.opening_hours),
                "errors": [],
                "field_errors": None,
            },
        )

    @post("/venues/{slug:str}/hours", name="staff:venue-hours-post", sync_to_thread=True)
    def hours_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        slug: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        form = parse_hours(data)
        if form.errors:
            return render_page(
                request,
                "staff/venue_hours.html",
                {
                    "place": place,
                    "values": form.values,
                    "errors": form.errors.summary,
                    "field_errors": form.errors,
                },
            )
        queries.replace_opening_hours(db_session, place, form.periods)
        signing_in.audit(
            request,
            db_session,
            "venue_hours_changed",
            signed_in.user_id,
            "place",
            place.id,
            details={"periods": len(form.periods)},
        )
        return Redirect(f"/staff/venues/{place.slug}?saved=hours", status_code=303)

    @get("/venues/{slug:str}/closures", name="staff:venue-closures", sync_to_thread=True)
    def closures(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        return render_page(
            request,
            "staff/venue_closure.html",
            {
                "place": place,
                "values": {},
                "errors": [],
                "field_errors": None,
                "today": now_for(request).date(),
            },
        )

    @post("/venues/{slug:str}/closures", name="staff:venue-closures-post", sync_to_thread=True)
    def closures_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        slug: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        today = now_for(request).date()
        form = parse_closure(data, today)
        if form.errors:
            return render_page(
                request,
                "staff/venue_closure.html",
                {
                    "place": place,
                    "values": form.values,
                    "errors": form.errors.summary,
                    "field_errors": form.errors,
                    "today": today,
                },
            )
        closure = queries.add_closure(db_session, place, form.starts_on, form.ends_on, form.reason)
        signing_in.audit(
            request,
            db_session,
            "venue_closure_added",
            signed_in.user_id,
            "closure",
            closure.id,
            details={"place_id": place.id},
        )
        return Redirect(f"/staff/venues/{place.slug}?saved=closure", status_code=303)

    @post(
        "/venues/{slug:str}/closures/{closure_id:int}/remove",
        name="staff:venue-closure-remove",
        sync_to_thread=True,
    )
    def closure_remove(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        slug: str,
        closure_id: int,
    ) -> Redirect:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        if not queries.remove_closure(db_session, place, closure_id):
            raise NotFoundException()
        signing_in.audit(
            request,
            db_session,
            "venue_closure_removed",
            signed_in.user_id,
            "closure",
            closure_id,
            details={"place_id": place.id},
        )
        return Redirect(f"/staff/venues/{place.slug}?saved=closure-removed", status_code=303)

    @get("/venues/{slug:str}/wifi", name="staff:venue-wifi", sync_to_thread=True)
    def wifi(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        service = place.service("wifi")  # read only: a GET must not add a Wi-Fi record
        today = now_for(request).date()
        return render_page(
            request,
            "staff/venue_wifi.html",
            {
                "place": place,
                "network_name": (service.wifi_network_name if service else None) or "",
                "time_limit": (service.wifi_time_limit_minutes if service else None) or "",
                "out_of_order": place.wifi_out_of_order(today),
                "errors": [],
                "field_errors": None,
            },
        )

    @post("/venues/{slug:str}/wifi", name="staff:venue-wifi-post", sync_to_thread=True)
    def wifi_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        slug: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        place = _venue(db_session, _user(db_session, signed_in), slug, edit=True)
        form = parse_wifi(data)
        if form.errors:
            return render_page(
                request,
                "staff/venue_wifi.html",
                {
                    "place": place,
                    "network_name": form.network_name,
                    "time_limit": form.time_limit,
                    "out_of_order": form.out_of_order,
                    "errors": form.errors.summary,
                    "field_errors": form.errors,
                },
            )
        service = queries.wifi_service(db_session, place)
        service.wifi_network_name = form.network_name or None
        service.wifi_time_limit_minutes = form.time_limit_minutes
        place.wifi_out_of_order_on = now_for(request).date() if form.out_of_order else None
        signing_in.audit(
            request,
            db_session,
            "venue_wifi_changed",
            signed_in.user_id,
            "place",
            place.id,
            details={"out_of_order": form.out_of_order},
        )
        return Redirect(f"/staff/venues/{place.slug}?saved=wifi", status_code=303)
