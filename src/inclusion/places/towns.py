"""North Tyneside's towns for the picker: a place to search from without a postcode."""

from __future__ import annotations

from dataclasses import dataclass

from inclusion.places.demo_venues import TOWNS
from inclusion.places.distance import Point


@dataclass(frozen=True)
class Town:
    slug: str
    name: str  # a place name: never translated
    point: Point


ALL_TOWNS: tuple[Town, ...] = tuple(
    Town(t["slug"], t["name"], Point(t["latitude"], t["longitude"])) for t in TOWNS
)
_BY_SLUG = {town.slug: town for town in ALL_TOWNS}


def town_by_slug(slug: str) -> Town | None:
    return _BY_SLUG.get(slug.strip().lower())
