"""A resident's own booking, through the secret link in their confirmation:
see it, add it to a calendar, cancel it, move it, or take an offered place."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event
from litestar import Controller, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n.formatting import LONDON
from inclusion.sessions import queries, services
from inclusion.sessions.labels import contact_label
from inclusion.sessions.models import Booking, BookingStatus
from inclusion.sessions.references import (
    format_reference,
    manage_token,
    normalise_reference,
    token_matches,
)
from inclusion.sessions.routes import links_for
from inclusion.web.forms import whole_number
from inclusion.web.rendering import render_page

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


def _booking(request: Request, db_session: Session, reference: str, token: str | None) -> Booking:
    """The booking, only with its right token: a wrong one looks like no booking at all."""
    normalised = normalise_reference(reference)
    booking = queries.booking_by_reference(db_session, normalised) if normalised else None
    secret_key = request.app.state.settings.secret_key
    if booking is None or not token_matches(secret_key, booking.reference, token):
        raise NotFoundException()
    return booking


def _manage_url(booking: Booking, token: str) -> str:
    return f"/bookings/{booking.reference}?token={token}"


class BookingsController(Controller):
    path = "/bookings"

    @get("/{reference:str}", name="bookings:manage", sync_to_thread=True)
    def manage(self, request: Request, db_session: Session, reference: str) -> Template:
        token = request.query_params.get("token")
        booking = _booking(request, db_session, reference, token)
        now = request.app.state.clock()
        group = (
            queries.group_bookings(db_session, booking.group_reference)
            if booking.group_reference
            else [booking]
        )
        movable = []
        if booking.status == BookingStatus.CONFIRMED and booking.session.series_id:
            movable = [
                s
                for s in queries.other_dates(db_session, booking.session, now)
                if s.places_left > 0 and not s.is_cancelled
            ]
        return render_page(
            request,
            "bookings/manage.html",
            {
                "booking": booking,
                "group": group,
                "token": token,
                "reference": format_reference(booking.reference),
                "is_new": request.query_params.get("new") == "1",
                "changed": request.query_params.get("changed"),
                "position": queries.waiting_position(db_session, booking)
                if booking.status == BookingStatus.WAITING
                else None,
                "movable": movable,
                "contact_label": contact_label,
                "manage_link": links_for(request).manage(booking.reference),
                "finished": booking.session.starts_at <= now,
            },
        )

    @get("/{reference:str}/cancel", name="bookings:cancel", sync_to_thread=True)
    def cancel_page(self, request: Request, db_session: Session, reference: str) -> Template:
        token = request.query_params.get("token")
        booking = _booking(request, db_session, reference, token)
        return render_page(request, "bookings/cancel.html", {"booking": booking, "token": token})

    @post("/{reference:str}/cancel", name="bookings:cancel-post", sync_to_thread=True)
    def cancel(
        self, request: Request, db_session: Session, reference: str, data: dict[str, Any] = FORM
    ) -> Redirect:
        token = str(data.get("token", ""))
        booking = _booking(request, db_session, reference, token)
        now = request.app.state.clock()
        targets = [booking]
        if data.get("all-dates") == "yes" and booking.group_reference:
            targets = list(queries.group_bookings(db_session, booking.group_reference))
        for target in targets:
            if target.session.starts_at > now:
                services.cancel(db_session, links_for(request), target, now)
        return Redirect(_manage_url(booking, token) + "&changed=cancelled", status_code=303)

    @post("/{reference:str}/accept", name="bookings:accept", sync_to_thread=True)
    def accept(
        self, request: Request, db_session: Session, reference: str, data: dict[str, Any] = FORM
    ) -> Redirect:
        token = str(data.get("token", ""))
        booking = _booking(request, db_session, reference, token)
        accepted = services.accept_offer(db_session, booking, request.app.state.clock())
        outcome = "accepted" if accepted else "offer-gone"
        return Redirect(_manage_url(booking, token) + f"&changed={outcome}", status_code=303)

    @post("/{reference:str}/move", name="bookings:move", sync_to_thread=True)
    def move(
        self, request: Request, db_session: Session, reference: str, data: dict[str, Any] = FORM
    ) -> Redirect:
        token = str(data.get("token", ""))
        booking = _booking(request, db_session, reference, token)
        target_text = str(data.get("target", ""))
        target = (
            queries.session_by_id(db_session, target_id)
            if (target_id := whole_number(target_text)) is not None
            else None
        )
        if target is None or booking.status != BookingStatus.CONFIRMED:
            return Redirect(_manage_url(booking, token) + "&changed=move-failed", 303)
        try:
            moved = services.move(
                db_session, links_for(request), booking, target, request.app.state.clock()
            )
        except (services.SessionFull, services.NotBookable):
            return Redirect(_manage_url(booking, token) + "&changed=move-failed", 303)
        new_token = manage_token(request.app.state.settings.secret_key, moved.reference)
        return Redirect(_manage_url(moved, new_token) + "&changed=moved", status_code=303)

    @get("/{reference:str}/calendar.ics", name="bookings:calendar", sync_to_thread=True)
    def calendar(self, request: Request, db_session: Session, reference: str) -> Response:
        booking = _booking(request, db_session, reference, request.query_params.get("token"))
        return Response(
            calendar_file([booking]),
            media_type="text/calendar; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="session-{booking.reference}.ics"'
            },
        )


def calendar_file(bookings: list[Booking]) -> bytes:
    """An iCalendar file with London times (and the zone's rules, so any app agrees)."""
    calendar = Calendar()
    calendar.add("prodid", "-//North Tyneside Council//Get Online North Tyneside//EN")
    calendar.add("version", "2.0")
    for booking in bookings:
        session = booking.session
        event = Event()
        event.add("uid", f"{booking.reference}@getonline.northtyneside.gov.uk")
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", session.starts_at.astimezone(LONDON))
        event.add("dtend", session.ends_at.astimezone(LONDON))
        event.add("summary", session.title)
        event.add("location", f"{session.place.name}, {session.place.address_line}")
        event.add("description", f"Booking reference {format_reference(booking.reference)}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
