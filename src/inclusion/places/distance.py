"""Distances: a cheap formula to rank, geodesic for the few shown, boxes to prefilter."""

from __future__ import annotations

import math
from dataclasses import dataclass

from geopy.distance import geodesic

EARTH_RADIUS_MILES = 3958.7613
# The shortest degree of latitude (at the equator), so the box never cuts a circle short.
MILES_PER_DEGREE_LATITUDE = 68.7


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class BoundingBox:
    south: float
    north: float
    west: float
    east: float


def haversine_miles(a: Point, b: Point) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlng = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def geodesic_miles(a: Point, b: Point) -> float:
    return geodesic((a.latitude, a.longitude), (b.latitude, b.longitude)).miles


def bounding_box(centre: Point, radius_miles: float) -> BoundingBox:
    """A box that contains every point within `radius_miles` of `centre`."""
    dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
    # Widen the longitude span by the cosine at the box edge nearest a pole.
    edge_latitude = min(89.0, abs(centre.latitude) + dlat)
    dlng = radius_miles / (MILES_PER_DEGREE_LATITUDE * math.cos(math.radians(edge_latitude)))
    return BoundingBox(
        south=centre.latitude - dlat,
        north=centre.latitude + dlat,
        west=centre.longitude - dlng,
        east=centre.longitude + dlng,
    )
