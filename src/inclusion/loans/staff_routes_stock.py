"""A venue's devices and data SIMs: the register, each device's history, adding a
device, notes, repair, ready again, retiring; giving SIMs and adding them to stock.

Part of StaffLoansController (staff_routes.py), which supplies the path and guards.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.loans import queries, services, staff_queries
from inclusion.loans.models import Device
from inclusion.loans.staff_forms import (
    DeviceForm,
    parse_add_sims,
    parse_condition_notes,
    parse_new_device,
    parse_repair,
    parse_retire,
)
from inclusion.loans.staff_support import (
    device_for,
    form_page,
    to_device,
    user_of,
    venue_for,
)
from inclusion.places.models import Place
from inclusion.staff import signing_in
from inclusion.staff.auth import SignedIn, now_for
from inclusion.staff.routes import FORM
from inclusion.web.forms import Errors


def _device_page(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    device: Device,
    errors: Errors | None = None,
    values: dict | None = None,
) -> Template:
    place = db_session.get(Place, device.place_id)
    return form_page(
        request,
        "device.html",
        errors or Errors(),
        device=device,
        place=place,
        current=staff_queries.current_request(db_session, device.id),
        can_edit=user_of(db_session, signed_in).can_edit_venue(place),
        values={"condition-notes": device.condition_notes or "", **(values or {})},
    )


def _new_device_page(request: Request, db_session: Session, place: Place, form: DeviceForm):
    return form_page(
        request,
        "device_new.html",
        form.errors,
        place=place,
        types=staff_queries.lendable_types(db_session),
        values=form.values,
    )


def _sims_page(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    place: Place,
    errors=None,
    values=None,
) -> Template:
    return form_page(
        request,
        "sims.html",
        errors or Errors(),
        place=place,
        left=queries.data_sims_left(db_session, place.id),
        can_edit=user_of(db_session, signed_in).can_edit_venue(place),
        values=values or {},
    )


def _audit(request, db_session, signed_in, action, kind, record_id, **details) -> None:
    signing_in.audit(
        request, db_session, action, signed_in.user_id, kind, record_id, details=details or None
    )


class StockRoutes:
    @get("/loans/venues/{slug:str}/devices", name="staff:loan-devices", sync_to_thread=True)
    def devices(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        place = venue_for(db_session, signed_in, slug, edit=False)
        return form_page(
            request,
            "devices.html",
            Errors(),
            place=place,
            devices=staff_queries.devices_at(db_session, place.id),
            can_edit=user_of(db_session, signed_in).can_edit_venue(place),
        )

    @get("/loans/venues/{slug:str}/devices/new", name="staff:loan-device-new", sync_to_thread=True)
    def new_device(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        place = venue_for(db_session, signed_in, slug, edit=True)
        return _new_device_page(request, db_session, place, DeviceForm())

    @post(
        "/loans/venues/{slug:str}/devices/new",
        name="staff:loan-device-new-post",
        sync_to_thread=True,
    )
    def new_device_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        slug: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        place = venue_for(db_session, signed_in, slug, edit=True)
        types = {kind.slug: kind for kind in staff_queries.lendable_types(db_session)}
        form = parse_new_device(data, list(types))
        device = None
        if form.asset_tag and staff_queries.device_tag_taken(db_session, form.asset_tag):
            form.errors.add("asset-tag", _("A device with this asset tag is already registered"))
        if not form.errors:
            device_type = types[form.type_slug]
            device = staff_queries.add_device(
                db_session, form.asset_tag, device_type, place.id, now_for(request)
            )
            if device is None:  # registered a moment ago, perhaps by this same form
                form.errors.add(
                    "asset-tag", _("A device with this asset tag is already registered")
                )
        if form.errors:
            return _new_device_page(request, db_session, place, form)
        _audit(
            request, db_session, signed_in, "device_added", "device", device.id, place_id=place.id
        )
        return to_device(device, "added")

    @get("/loans/devices/{device_id:int}", name="staff:loan-device", sync_to_thread=True)
    def device(
        self, request: Request, db_session: Session, signed_in: SignedIn, device_id: int
    ) -> Template:
        device = device_for(db_session, signed_in, device_id, edit=False)
        return _device_page(request, db_session, signed_in, device)

    @post(
        "/loans/devices/{device_id:int}/notes",
        name="staff:loan-device-notes",
        sync_to_thread=True,
    )
    def notes(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        device_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        device = device_for(db_session, signed_in, device_id, edit=True)
        form = parse_condition_notes(data)
        if form.errors:
            return _device_page(request, db_session, signed_in, device, form.errors, form.values)
        device.condition_notes = form.note
        db_session.flush()
        _audit(request, db_session, signed_in, "device_notes_changed", "device", device.id)
        return to_device(device, "notes")

    @post(
        "/loans/devices/{device_id:int}/repair",
        name="staff:loan-device-repair",
        sync_to_thread=True,
    )
    def repair(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        device_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        device = device_for(db_session, signed_in, device_id, edit=True)
        form = parse_repair(data)
        if not form.errors:
            try:
                services.send_for_repair(db_session, device, form.note, now_for(request))
            except services.DeviceUnavailable:
                form.errors.add(
                    "repair-note",
                    _("Only a device in stock or being reset can be sent for repair"),
                )
        if form.errors:
            return _device_page(request, db_session, signed_in, device, form.errors, form.values)
        _audit(request, db_session, signed_in, "device_sent_for_repair", "device", device.id)
        return to_device(device, "repair")

    @post(
        "/loans/devices/{device_id:int}/ready", name="staff:loan-device-ready", sync_to_thread=True
    )
    def device_ready(
        self, request: Request, db_session: Session, signed_in: SignedIn, device_id: int
    ) -> Template | Redirect:
        device = device_for(db_session, signed_in, device_id, edit=True)
        try:
            services.mark_ready(db_session, device, now_for(request))
        except services.DeviceUnavailable:
            if device.status == "available":
                return to_device(device)  # marked ready already: a form sent twice
            errors = Errors()
            errors.add("actions", _("Only a device being reset or in repair can be marked ready"))
            return _device_page(request, db_session, signed_in, device, errors)
        _audit(request, db_session, signed_in, "device_ready", "device", device.id)
        return to_device(device, "ready")

    @post(
        "/loans/devices/{device_id:int}/retire",
        name="staff:loan-device-retire",
        sync_to_thread=True,
    )
    def retire(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        device_id: int,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        device = device_for(db_session, signed_in, device_id, edit=True)
        form = parse_retire(data)
        if not form.errors and device.status != "retired":
            try:
                services.retire(db_session, device, form.note, now_for(request))
            except services.DeviceUnavailable:
                form.errors.add(
                    "retire-note",
                    _("A device that is on loan or kept for someone cannot be retired"),
                )
        if form.errors:
            return _device_page(request, db_session, signed_in, device, form.errors, form.values)
        _audit(request, db_session, signed_in, "device_retired", "device", device.id)
        return to_device(device, "retired")

    @get("/loans/venues/{slug:str}/sims", name="staff:loan-sims", sync_to_thread=True)
    def sims(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template:
        place = venue_for(db_session, signed_in, slug, edit=False)
        return _sims_page(request, db_session, signed_in, place)

    @post("/loans/venues/{slug:str}/sims/give", name="staff:loan-sims-give", sync_to_thread=True)
    def give_sim(
        self, request: Request, db_session: Session, signed_in: SignedIn, slug: str
    ) -> Template | Redirect:
        place = venue_for(db_session, signed_in, slug, edit=True)
        try:
            issue = services.issue_data_sim(db_session, place.id, now_for(request))
        except services.OutOfStock:
            errors = Errors()
            errors.add("give", _("There are no data SIMs left here. Add SIMs to the stock first."))
            return _sims_page(request, db_session, signed_in, place, errors)
        _audit(
            request,
            db_session,
            signed_in,
            "data_sim_given",
            "data_sim_issue",
            issue.id,
            place_id=place.id,
        )
        return Redirect(f"/staff/loans/venues/{place.slug}/sims?done=given", status_code=303)

    @post("/loans/venues/{slug:str}/sims/add", name="staff:loan-sims-add", sync_to_thread=True)
    def add_sims(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        slug: str,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        place = venue_for(db_session, signed_in, slug, edit=True)
        form = parse_add_sims(data)
        if form.errors:
            return _sims_page(request, db_session, signed_in, place, form.errors, form.values)
        queries.add_data_sims(db_session, place.id, form.count)
        _audit(
            request, db_session, signed_in, "data_sims_added", "place", place.id, count=form.count
        )
        return Redirect(f"/staff/loans/venues/{place.slug}/sims?done=added", status_code=303)
