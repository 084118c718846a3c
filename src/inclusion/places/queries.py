"""Reads and writes for places: the only module here that builds SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, selectinload

from inclusion.places.distance import Point, bounding_box, haversine_miles
from inclusion.places.models import Need, Place, PlaceService, Postcode

# Search rings, in miles: most searches in North Tyneside stop at the first or second;
# the last reaches across Great Britain so a faraway postcode still gets an answer.
SEARCH_RADII_MILES = (2.0, 5.0, 15.0, 50.0, 200.0, 800.0)


@dataclass(frozen=True)
class Ranked:
    place_id: int
    miles: float


def postcode_point(session: Session, postcode: str) -> Point | None:
    row = session.execute(
        select(Postcode.latitude, Postcode.longitude).where(Postcode.postcode == postcode)
    ).first()
    return Point(row.latitude, row.longitude) if row else None


def _with_details():
    return (
        selectinload(Place.services),
        selectinload(Place.opening_hours),
        selectinload(Place.closures),
    )


def place_by_slug(session: Session, slug: str) -> Place | None:
    return session.scalars(
        select(Place).where(Place.slug == slug).options(*_with_details())
    ).first()


def places_by_ids(session: Session, ids: Sequence[int]) -> list[Place]:
    """Places with their services, hours and closures, in the order of `ids`."""
    if not ids:
        return []
    found = session.scalars(select(Place).where(Place.id.in_(ids)).options(*_with_details()))
    by_id = {place.id: place for place in found}
    return [by_id[i] for i in ids if i in by_id]


def rank_nearest(
    session: Session,
    centre: Point,
    needs: Iterable[Need] = (),
    step_free: bool = False,
    limit: int = 10,
) -> list[Ranked]:
    """The `limit` nearest places offering every need, nearest first.

    Each ring reads only the rows inside its bounding box (an index range on latitude,
    then longitude), and ranks those few by haversine distance. A ring is enough when it
    holds `limit` places within its radius: nothing outside the circle can be nearer.
    """
    conditions = [
        exists().where(and_(PlaceService.place_id == Place.id, PlaceService.kind == need.value))
        for need in dict.fromkeys(needs)
    ] or [
        # With no need chosen, a place must still offer something: a library shut for
        # rebuilding keeps its page but is not somewhere to send anyone.
        exists().where(PlaceService.place_id == Place.id)
    ]
    if step_free:
        conditions.append(Place.step_free.is_(True))
    ranked: list[Ranked] = []
    for radius in SEARCH_RADII_MILES:
        box = bounding_box(centre, radius)
        rows = session.execute(
            select(Place.id, Place.latitude, Place.longitude).where(
                Place.latitude.between(box.south, box.north),
                Place.longitude.between(box.west, box.east),
                *conditions,
            )
        )
        ranked = sorted(
            (
                Ranked(row.id, miles)
                for row in rows
                if (miles := haversine_miles(centre, Point(row.latitude, row.longitude))) <= radius
            ),
            key=lambda r: (r.miles, r.place_id),
        )
        if len(ranked) >= limit:
            break
    return ranked[:limit]


def count_places(session: Session) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(Place)) or 0
