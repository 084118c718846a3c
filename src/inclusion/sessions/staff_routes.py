"""The back office for sessions: list, create, change and cancel them; see who is
booked and waiting; book for a resident at the desk or on the phone and print their
slip; give a waiting person a free place; take attendance.

Library staff do this for their own venues; officers can look but not change; admins
can do everything. Every change is in the audit log, by record id, never by name.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.sessions import queries, services, staff_queries
from inclusion.sessions.models import BookingStatus, SessionSeries
from inclusion.sessions.references import normalise_reference
from inclusion.sessions.routes import links_for
from inclusion.sessions.staff_forms import (
    CancelForm,
    parse_attendance,
    parse_booking,
    parse_cancel,
    parse_new_session,
    parse_session_changes,
    session_values,
)
from inclusion.sessions.staff_support import (
    bookable,
    detail_page,
    editable_venues,
    form_page,
    render,
    session_for,
    to_detail,
    user_of,
)
from inclusion.staff import queries as staff_data
from inclusion.staff import signing_in
from inclusion.staff.auth import SignedIn, now_for, provide_signed_in, staff_required
from inclusion.staff.mfa import qr_svg_data_uri
from inclusion.staff.routes import FORM
from inclusion.web.forms import Errors


class StaffSessionsController(Controller):
    path = "/staff"
    guards = [staff_required]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/sessions", name="staff:sessions", sync_to_thread=True)
    def sessions(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        user = user_of(db_session, signed_in)
        venues = staff_data.venues_for(db_session, user)
        upcoming = staff_queries.upcoming_at(
            db_session, [place.id for place in venues], now_for(request)
        )
        return render(
            request,
            "list.html",
            {
                "sessions": upcoming,
                "waiting": staff_queries.waiting_counts(db_session, [s.id for s in upcoming]),
                "can_add": any(user.can_edit_venue(place) for place in venues),
            },
        )

    @get("/sessions/new", name="staff:session-new", sync_to_thread=True)
    def new(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        venues = editable_venues(db_session, user_of(db_session, signed_in))
        if not venues:
            raise PermissionDeniedException()
        values = {"venue": venues[0].slug} if len(venues) == 1 else {}
        return form_page(request, "new.html", Errors(), venues=venues, values=values)

    @post("/sessions/new", name="staff:session-new-post", sync_to_thread=True)
    def new_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        user = user_of(db_session, signed_in)
        venues = {place.slug: place for place in editable_venues(db_session, user)}
        if not venues:
            raise PermissionDeniedException()
        now = now_for(request)
        form = parse_new_session(data, venues, now)
        chosen = form.values["venue"]
        if chosen and chosen not in venues and staff_data.venue_by_slug(db_session, chosen):
            raise PermissionDeniedException()  # a real venue, but not one of theirs
        if form.errors:
            return form_page(
                request, "new.html", form.errors, venues=list(venues.values()), values=form.values
            )
        place = venues[form.place_slug]
        series = (
            SessionSeries(
                place_id=place.id, title=form.values["title"], frequency=form.repeat, created_at=now
            )
            if form.dates_wanted > 1
            else None
        )
        created = staff_queries.add_sessions(
            db_session,
            series,
            form.moments(),
            {
                "place_id": place.id,
                "title": form.values["title"],
                "topic": form.values["topic"],
                "level": form.values["level"],
                "language": form.values["language"],
                "capacity": form.capacity,
                "description": form.text("description"),
                "what_to_bring": form.text("what-to-bring"),
                "accessibility_notes": form.text("accessibility-notes"),
            },
            now,
        )
        signing_in.audit(
            request,
            db_session,
            "session_series_created" if series else "session_created",
            signed_in.user_id,
            "session_series" if series else "session",
            series.id if series else created[0].id,
            details={"place_id": place.id, "session_ids": [s.id for s in created]},
        )
        return to_detail(created[0], "created")

    @get("/sessions/{session_id:int}", name="staff:session", sync_to_thread=True)
    def session(
        self, request: Request, db_session: Session, signed_in: SignedIn, session_id: int
    ) -> Template:
        skill_session = session_for(db_session, signed_in, session_id, edit=False)
        return detail_page(request, db_session, signed_in, skill_session, [])

    @get("/sessions/{session_id:int}/edit", name="staff:session-edit", sync_to_thread=True)
    def edit(
        self, request: Request, db_session: Session, signed_in: SignedIn, session_id: int
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        if skill_session.is_cancelled:
            return to_detail(skill_session)
        return form_page(
            request,
            "edit.html",
            Errors(),
            session=skill_session,
            values=session_values(skill_session),
        )

    @post("/sessions/{session_id:int}/edit", name="staff:session-edit-post", sync_to_thread=True)
    def edit_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        session_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        if skill_session.is_cancelled:
            return to_detail(skill_session)
        form = parse_session_changes(data, now_for(request), skill_session.booked)
        if not form.errors and not staff_queries.set_capacity(
            db_session, skill_session.id, form.capacity
        ):
            db_session.refresh(skill_session)
            form.errors.add(
                "capacity",
                _(
                    "The number of places cannot be fewer than the %(booked)d already taken",
                    booked=skill_session.booked,
                ),
            )
        if form.errors:
            return form_page(
                request, "edit.html", form.errors, session=skill_session, values=form.values
            )
        ((starts_at, ends_at),) = form.moments()
        skill_session.title = form.values["title"]
        if starts_at != skill_session.starts_at:
            # Reminders are due again for the new time, and no offer may outlast it.
            staff_queries.reset_for_new_time(
                db_session, skill_session.id, starts_at - services.OFFER_CUTOFF_BEFORE_START
            )
        skill_session.starts_at, skill_session.ends_at = starts_at, ends_at
        skill_session.description = form.text("description")
        skill_session.what_to_bring = form.text("what-to-bring")
        skill_session.accessibility_notes = form.text("accessibility-notes")
        db_session.flush()
        db_session.refresh(skill_session)
        # Places added by raising the capacity go to the people waiting first.
        services.fill_from_waiting_list(
            db_session, links_for(request), skill_session, now_for(request)
        )
        signing_in.audit(
            request,
            db_session,
            "session_changed",
            signed_in.user_id,
            "session",
            skill_session.id,
            details={"capacity": form.capacity},
        )
        return to_detail(skill_session, "changed")

    @get("/sessions/{session_id:int}/cancel", name="staff:session-cancel", sync_to_thread=True)
    def cancel(
        self, request: Request, db_session: Session, signed_in: SignedIn, session_id: int
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        if skill_session.is_cancelled:
            return to_detail(skill_session)
        later = staff_queries.later_dates(db_session, skill_session)
        return form_page(
            request,
            "cancel.html",
            Errors(),
            session=skill_session,
            form=CancelForm(),
            later_dates=later,
        )

    @post(
        "/sessions/{session_id:int}/cancel", name="staff:session-cancel-post", sync_to_thread=True
    )
    def cancel_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        session_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        if skill_session.is_cancelled:
            return to_detail(skill_session)
        form = parse_cancel(data)
        if form.errors:
            later = staff_queries.later_dates(db_session, skill_session)
            return form_page(
                request,
                "cancel.html",
                form.errors,
                session=skill_session,
                form=form,
                later_dates=later,
            )
        dates = [skill_session]
        if form.scope == "later":
            dates += staff_queries.later_dates(db_session, skill_session)
        links, now = links_for(request), now_for(request)
        for each in dates:
            services.cancel_session(db_session, links, each, form.reason, now)
        signing_in.audit(
            request,
            db_session,
            "session_cancelled",
            signed_in.user_id,
            "session",
            skill_session.id,
            details={"session_ids": [each.id for each in dates]},
        )
        return to_detail(skill_session, "cancelled")

    def _cancel_page(self, request, db_session, skill_session, form: CancelForm) -> Template:
        later = staff_queries.later_dates(db_session, skill_session)
        return form_page(
            request, "cancel.html", form.errors, session=skill_session, form=form, later_dates=later
        )

    @post(
        "/sessions/{session_id:int}/waiting/{booking_id:int}/offer",
        name="staff:session-offer",
        sync_to_thread=True,
    )
    def offer(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        session_id: int,
        booking_id: int,
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        booking = staff_queries.booking_in_session(db_session, session_id, booking_id)
        if booking is None:
            raise NotFoundException()
        if booking.status != BookingStatus.WAITING:
            return to_detail(skill_session)  # already moved, perhaps by someone else
        if not services.confirm_from_waiting_list(
            db_session, links_for(request), booking, now_for(request)
        ):
            message = _(
                "There is no free place to offer. Add a place by changing the number of "
                "places, or wait for someone to cancel."
            )
            error = [{"text": message, "href": "#waiting-list"}]
            return detail_page(request, db_session, signed_in, skill_session, error)
        signing_in.audit(
            request,
            db_session,
            "waiting_list_place_given",
            signed_in.user_id,
            "booking",
            booking.id,
            details={"session_id": skill_session.id},
        )
        return to_detail(skill_session, "offered")

    @get("/sessions/{session_id:int}/book", name="staff:session-book", sync_to_thread=True)
    def book(
        self, request: Request, db_session: Session, signed_in: SignedIn, session_id: int
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        if not bookable(skill_session, now_for(request)):
            return to_detail(skill_session)
        return form_page(request, "book.html", Errors(), session=skill_session, values={})

    @post("/sessions/{session_id:int}/book", name="staff:session-book-post", sync_to_thread=True)
    def book_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        session_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        now, links = now_for(request), links_for(request)
        if not bookable(skill_session, now):
            return to_detail(skill_session)
        form = parse_booking(data)
        if form.errors:
            return form_page(
                request, "book.html", form.errors, session=skill_session, values=form.values
            )
        staff_id = signed_in.user_id
        try:
            try:
                booking = services.book(
                    db_session, skill_session, form.details, now, links, staff_id=staff_id
                )
            except services.SessionFull:
                booking = services.join_waiting_list(
                    db_session, skill_session, form.details, now, links, staff_id=staff_id
                )
        except services.NotBookable:  # it started while the form was filled in
            return to_detail(skill_session)
        signing_in.audit(
            request,
            db_session,
            "booking_made_by_staff",
            signed_in.user_id,
            "booking",
            booking.id,
            details={"session_id": skill_session.id, "status": booking.status},
        )
        return Redirect(f"/staff/bookings/{booking.reference}/slip?new=1", status_code=303)

    @get("/bookings/{reference:str}/slip", name="staff:booking-slip", sync_to_thread=True)
    def slip(
        self, request: Request, db_session: Session, signed_in: SignedIn, reference: str
    ) -> Template:
        booking = queries.booking_by_reference(db_session, normalise_reference(reference) or "")
        if booking is None:
            raise NotFoundException()
        # The slip carries the resident's manage link, which can cancel the booking:
        # only staff who may change the venue's bookings print it.
        if not user_of(db_session, signed_in).can_edit_venue(booking.session.place):
            raise PermissionDeniedException()
        waiting = booking.status == BookingStatus.WAITING
        manage_url = links_for(request).manage(booking.reference)
        return render(
            request,
            "slip.html",
            {
                "booking": booking,
                "session": booking.session,
                "manage_url": manage_url,
                "manage_qr_code": qr_svg_data_uri(manage_url),
                "position": queries.waiting_position(db_session, booking) if waiting else None,
                "new": request.query_params.get("new") == "1",
            },
        )

    @get(
        "/sessions/{session_id:int}/attendance",
        name="staff:session-attendance",
        sync_to_thread=True,
    )
    def attendance(
        self, request: Request, db_session: Session, signed_in: SignedIn, session_id: int
    ) -> Template:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        return render(
            request,
            "attendance.html",
            {
                "session": skill_session,
                "bookings": staff_queries.confirmed_bookings(db_session, skill_session.id),
                "saved": request.query_params.get("saved") == "1",
            },
        )

    @post(
        "/sessions/{session_id:int}/attendance",
        name="staff:session-attendance-post",
        sync_to_thread=True,
    )
    def attendance_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        session_id: int,
        data: dict[str, Any] = FORM,
    ) -> Redirect:
        skill_session = session_for(db_session, signed_in, session_id, edit=True)
        bookings = staff_queries.confirmed_bookings(db_session, skill_session.id)
        marks = parse_attendance(data, [booking.id for booking in bookings])
        for booking in bookings:
            booking.attendance = marks.get(booking.id, booking.attendance)
        signing_in.audit(
            request,
            db_session,
            "session_attendance_taken",
            signed_in.user_id,
            "session",
            skill_session.id,
            details={"marked": len(marks)},
        )
        return Redirect(f"/staff/sessions/{skill_session.id}/attendance?saved=1", status_code=303)
