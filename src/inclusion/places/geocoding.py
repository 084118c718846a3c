"""Where a postcode is: the local postcode table, then the district centre, then
(only if the council turns it on) an online geocoder.
"""

from __future__ import annotations

import csv
import logging
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from inclusion.places.distance import Point
from inclusion.places.postcodes import PostcodeQuery
from inclusion.places.queries import postcode_point

log = logging.getLogger(__name__)

OUTCODES_FILE = Path(__file__).with_name("data") / "uk-outcodes.csv"


class Precision(StrEnum):
    """What the distances are measured from, which the results page says."""

    POSTCODE = "postcode"
    DISTRICT = "district"  # the centre of the postcode district, good to a few km
    TOWN = "town"
    DEVICE = "device"  # the location the person's browser shared


@dataclass(frozen=True)
class Located:
    point: Point
    precision: Precision
    label: str  # the normalised postcode or district


@cache
def district_centres() -> dict[str, Point]:
    """Every UK postcode district's centre, from the file shipped with the service."""
    with OUTCODES_FILE.open(newline="", encoding="utf-8") as handle:
        return {
            row["postcode"].strip().upper(): Point(float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
            if row["latitude"] and row["longitude"]
        }


class OnlineGeocoder:
    """geopy's geocoder with a timeout and a small in-process cache.

    It is used only for full postcodes missing from the local table, and only when
    settings name a geocoder, because it sends the postcode to a third party.
    """

    def __init__(self, geocoder, cache_size: int = 1024):
        self._geocoder = geocoder
        self._cache: OrderedDict[str, Point | None] = OrderedDict()
        self._cache_size = cache_size

    @classmethod
    def named(cls, name: str, user_agent: str, timeout: float) -> OnlineGeocoder:
        """One of geopy's geocoders by its service name, e.g. "nominatim"."""
        from geopy.geocoders import get_geocoder_for_service

        return cls(get_geocoder_for_service(name)(user_agent=user_agent, timeout=timeout))

    def locate(self, postcode: str) -> Point | None:
        if postcode in self._cache:
            self._cache.move_to_end(postcode)
            return self._cache[postcode]
        try:
            found = self._geocoder.geocode(f"{postcode}, United Kingdom")
        except Exception:  # a slow or failing service must not break the finder
            log.warning("online geocoder failed", exc_info=True)
            return None
        point = Point(found.latitude, found.longitude) if found else None
        self._cache[postcode] = point
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return point


def locate_postcode(
    session: Session, query: PostcodeQuery, online: OnlineGeocoder | None = None
) -> Located | None:
    if query.is_full:
        point = postcode_point(session, query.text)
        if point is None and online is not None:
            point = online.locate(query.text)
        if point is not None:
            return Located(point, Precision.POSTCODE, query.text)
    centre = district_centres().get(query.outward)
    if centre is None:
        return None
    return Located(centre, Precision.DISTRICT, query.outward)
