"""Distances and the bounding box the finder prefilters with."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from inclusion.places.distance import Point, bounding_box, geodesic_miles, haversine_miles

NORTH_SHIELDS = Point(55.0098, -1.4457)
WALLSEND = Point(54.9917, -1.5354)
LONDON = Point(51.5074, -0.1278)


def test_haversine_is_close_to_geodesic_at_town_scale():
    assert math.isclose(
        haversine_miles(NORTH_SHIELDS, WALLSEND),
        geodesic_miles(NORTH_SHIELDS, WALLSEND),
        rel_tol=0.005,
    )
    assert 3.5 < geodesic_miles(NORTH_SHIELDS, WALLSEND) < 4.0


def test_ranking_by_haversine_orders_places_by_distance():
    places = {"London": LONDON, "Wallsend": WALLSEND, "North Shields": NORTH_SHIELDS}
    centre = Point(55.0117, -1.4652)  # NE29
    ranked = sorted(places, key=lambda name: haversine_miles(centre, places[name]))
    assert ranked == ["North Shields", "Wallsend", "London"]


uk_points = st.builds(
    Point,
    st.floats(min_value=49.8, max_value=60.9),
    st.floats(min_value=-8.7, max_value=1.8),
)


@given(uk_points, uk_points, st.floats(min_value=0.5, max_value=800))
def test_every_point_within_the_radius_is_inside_the_box(centre, other, radius):
    box = bounding_box(centre, radius)
    if haversine_miles(centre, other) <= radius:
        assert box.south <= other.latitude <= box.north
        assert box.west <= other.longitude <= box.east
