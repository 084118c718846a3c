"""The finder's query: parse what the person sent, say plainly what to fix."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from inclusion.i18n import _
from inclusion.places.distance import Point
from inclusion.places.models import Need
from inclusion.places.needs import NEED_LABELS
from inclusion.places.postcodes import PostcodeQuery, parse_postcode
from inclusion.places.towns import ALL_TOWNS, Town, town_by_slug
from inclusion.web.forms import field_text


@dataclass
class FinderForm:
    postcode: str = ""
    town: str = ""
    lat: str = ""
    lng: str = ""
    needs: list[Need] = field(default_factory=list)
    step_free: bool = False
    open_now: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    parsed_postcode: PostcodeQuery | None = None
    chosen_town: Town | None = None
    device_point: Point | None = None

    @property
    def submitted(self) -> bool:
        return bool(self.postcode or self.town or self.lat or self.lng)

    @property
    def error_list(self) -> list[dict[str, str]]:
        anchors = {"postcode": "#postcode", "town": "#town", "location": "#postcode"}
        return [{"text": text, "href": anchors[key]} for key, text in self.errors.items()]

    def town_items(self) -> list[dict[str, object]]:
        """Options for the town picker; town names are place names, never translated."""
        return [{"value": "", "text": _("Choose a town")}] + [
            {"value": town.slug, "text": town.name, "selected": town.slug == self.town}
            for town in ALL_TOWNS
        ]

    def need_items(self) -> list[dict[str, object]]:
        return [
            {"value": need.value, "text": str(label), "checked": need in self.needs}
            for need, label in NEED_LABELS.items()
        ]


def _single(query: dict[str, list[str]], name: str) -> str:
    return field_text(query, name)


def _checked(value: str) -> bool:
    return value.lower() in {"1", "true", "on", "yes"}


def parse_finder(query: dict[str, list[str]]) -> FinderForm:
    """Read the finder's query string; unknown needs are ignored, not an error."""
    known = {need.value: need for need in Need}
    form = FinderForm(
        postcode=_single(query, "postcode"),
        town=_single(query, "town"),
        lat=_single(query, "lat"),
        lng=_single(query, "lng"),
        needs=list(dict.fromkeys(known[v] for v in query.get("need", []) if v in known)),
        step_free=_checked(_single(query, "step_free")),
        open_now=_checked(_single(query, "open_now")),
    )
    if form.lat or form.lng:
        form.device_point = _device_point(form.lat, form.lng)
        if form.device_point is None:
            form.errors["location"] = _(
                "We could not use your location. Enter a postcode or choose a town instead."
            )
        return form
    if form.postcode:
        form.parsed_postcode = parse_postcode(form.postcode)
        if form.parsed_postcode is None:
            form.errors["postcode"] = _(
                "Enter a real postcode, like NE29 6TE, or the first half of one, like NE29"
            )
        return form
    if form.town:
        form.chosen_town = town_by_slug(form.town)
        if form.chosen_town is None:
            form.errors["town"] = _("Choose a town from the list")
        return form
    if query.get("need") or form.step_free or form.open_now:
        form.errors["postcode"] = _("Enter a postcode or choose a town")
    return form


def _device_point(lat: str, lng: str) -> Point | None:
    try:
        latitude, longitude = float(lat), float(lng)
    except ValueError:
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Point(latitude, longitude)
