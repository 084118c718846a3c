"""Load the demo venues into the database; running it again updates, never duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from inclusion.places import demo_venues
from inclusion.places.models import (
    Closure,
    OpeningHours,
    Organisation,
    Place,
    PlaceService,
)

DEMO_SOURCE = "demo"


@dataclass
class DemoLoadSummary:
    created: int = 0
    updated: int = 0
    flagged: dict[str, list[str]] = field(default_factory=dict)


def _organisation(session: Session) -> Organisation:
    data = demo_venues.ORGANISATION
    organisation = session.scalars(
        select(Organisation).where(Organisation.slug == data["slug"])
    ).first()
    if organisation is None:
        organisation = Organisation(slug=data["slug"])
        session.add(organisation)
    organisation.name = data["name"]
    organisation.url = data.get("url")
    organisation.description = data.get("description")
    return organisation


def load_demo(session: Session) -> DemoLoadSummary:
    summary = DemoLoadSummary()
    organisation = _organisation(session)
    for venue in demo_venues.VENUES:
        place = session.scalars(select(Place).where(Place.slug == venue["slug"])).first()
        if place is None:
            place = Place(slug=venue["slug"], source=DEMO_SOURCE, external_id=venue["slug"])
            session.add(place)
            summary.created += 1
        else:
            summary.updated += 1
            # Old child rows must be gone before the new ones, which share their
            # unique keys, are inserted.
            place.services.clear()
            place.opening_hours.clear()
            place.closures.clear()
            session.flush()
        _fill(place, venue, organisation)
        if venue["check_before_use"]:
            summary.flagged[venue["name"]] = list(venue["check_before_use"])
    session.flush()
    return summary


def _fill(place: Place, venue: dict, organisation: Organisation) -> None:
    place.organisation = organisation
    for attribute in (
        "name",
        "kind",
        "address",
        "town",
        "postcode",
        "latitude",
        "longitude",
        "phone",
        "email",
        "description",
    ):
        setattr(place, attribute, venue.get(attribute))
    access = venue.get("accessibility", {})
    place.step_free = access.get("step_free")
    place.accessible_toilet = access.get("accessible_toilet")
    place.changing_places = access.get("changing_places")
    place.hearing_loop = access.get("hearing_loop")
    place.accessibility_notes = access.get("notes")
    place.check_before_use = list(venue.get("check_before_use", []))
    place.services = [
        PlaceService(
            kind=kind,
            notes=details.get("notes"),
            wifi_network_name=details.get("network_name"),
            wifi_time_limit_minutes=details.get("time_limit_minutes"),
            pc_count=details.get("count"),
        )
        for kind, details in venue.get("services", {}).items()
    ]
    place.opening_hours = [
        OpeningHours(weekday=weekday, opens_at=opens, closes_at=closes)
        for weekday, periods in sorted(venue.get("hours", {}).items())
        for opens, closes in periods
    ]
    place.closures = [
        Closure(starts_on=c["starts_on"], ends_on=c.get("ends_on"), reason=c["reason"])
        for c in venue.get("closures", [])
    ]
