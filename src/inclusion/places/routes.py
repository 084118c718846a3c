"""Find free Wi-Fi, PCs and help near me; a place's page."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.insights.counters import counted, finder_events
from inclusion.places import queries
from inclusion.places.forms import FinderForm, parse_finder
from inclusion.places.geocoding import Located, Precision, locate_postcode
from inclusion.places.models import Need
from inclusion.places.needs import NEED_LABELS
from inclusion.places.schedule import status_of, week_ahead
from inclusion.web.rendering import render_page

RESULTS_SHOWN = 10
# "Open now" filters after ranking, so it ranks a wider field to still fill the page.
OPEN_NOW_CANDIDATES = 60


class PlacesController(Controller):
    @get("/find", name="places:find", sync_to_thread=True)
    def find(self, request: Request, db_session: Session) -> Template:
        form = parse_finder(dict(request.query_params.dict()))
        located = _locate(request, db_session, form) if form.submitted and not form.errors else None
        results = []
        if located:
            now = request.app.state.clock()
            limit = OPEN_NOW_CANDIDATES if form.open_now else RESULTS_SHOWN
            ranked = queries.rank_nearest(
                db_session, located.point, form.needs, form.step_free, limit
            )
            places = queries.places_by_ids(db_session, [r.place_id for r in ranked])
            miles = {r.place_id: r.miles for r in ranked}
            for place in places:
                status = status_of(place, now)
                if form.open_now and not status.is_open:
                    continue
                results.append({"place": place, "miles": miles[place.id], "status": status})
                if len(results) == RESULTS_SHOWN:
                    break
        page = render_page(
            request,
            "places/find.html",
            {
                "form": form,
                "errors": form.error_list,
                "located": located,
                "results": results,
                "need_labels": NEED_LABELS,
                "today": request.app.state.clock().date(),
            },
            block="finder",
        )
        if located is not None:
            nearest = min((result["miles"] for result in results), default=None)
            counted(request, page, finder_events(nearest))
        return page

    @get("/places/{slug:str}", name="places:place", sync_to_thread=True)
    def place(self, request: Request, db_session: Session, slug: str) -> Template:
        place = queries.place_by_slug(db_session, slug)
        if place is None:
            raise NotFoundException()
        now = request.app.state.clock()
        return render_page(
            request,
            "places/place.html",
            {
                "place": place,
                "status": status_of(place, now),
                "week": week_ahead(place, now.date()),
                "today": now.date(),
                "need_labels": NEED_LABELS,
                "Need": Need,
            },
        )


def _locate(request: Request, db_session: Session, form: FinderForm) -> Located | None:
    if form.device_point:
        return Located(form.device_point, Precision.DEVICE, "")
    if form.chosen_town:
        return Located(form.chosen_town.point, Precision.TOWN, form.chosen_town.name)
    located = locate_postcode(db_session, form.parsed_postcode, request.app.state.geocoder)
    if located is None:
        form.errors["postcode"] = _(
            "We cannot find the postcode %(postcode)s. Check it, or choose a town instead.",
            postcode=form.parsed_postcode.text,
        )
    return located
