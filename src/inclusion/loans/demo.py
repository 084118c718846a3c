"""Demo lending stock: the five device types, a few devices at each library that lends
them, and a count of data SIMs. Illustrative, not the council's real stock. Loading
again adds only what is missing.

The data SIM facts (what the National Databank gives, for how long) are marked "check
before use" in the facts file, so the demo says so instead of stating them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inclusion.loans import queries
from inclusion.loans.models import Device, DeviceEvent, DeviceStatus, DeviceType, EventKind
from inclusion.places.models import Place

DEVICE_TYPES = (
    {"slug": "chromebook", "name": "Chromebook", "comes_with": "charger,case", "loan_days": 28},
    {"slug": "tablet", "name": "Tablet", "comes_with": "charger,case", "loan_days": 28},
    {"slug": "laptop", "name": "Laptop", "comes_with": "charger", "loan_days": 28},
    {"slug": "mifi", "name": "MiFi with data", "comes_with": "charger,usb_cable", "loan_days": 56},
    {"slug": "data-sim", "name": "Data SIM", "comes_with": "", "loan_days": 1, "is_data_sim": True},
)

# Venue: how many of each type it keeps. The libraries whose demo entry lends devices.
STOCK = {
    "north-shields-library": {"chromebook": 4, "tablet": 3, "laptop": 2, "mifi": 2},
    "wallsend-library": {"chromebook": 3, "tablet": 3, "mifi": 2},
    "whitley-bay-library": {"chromebook": 2, "tablet": 2, "laptop": 1},
    "killingworth-library": {"chromebook": 2, "tablet": 1, "mifi": 1},
}
DATA_SIMS = {
    "north-shields-library": 20,
    "wallsend-library": 15,
    "whitley-bay-library": 10,
    "killingworth-library": 10,
}
CHECK_BEFORE_USE = (
    "Data SIM allowance and length (25 GB a month for 6 or 12 months, by source) are "
    "unverified: check the National Databank's current offer before telling residents."
)

TAG_PREFIX = {"chromebook": "CB", "tablet": "TB", "laptop": "LT", "mifi": "MF"}


@dataclass
class DemoStockSummary:
    device_types_created: int = 0
    devices_created: int = 0
    data_sims_added: int = 0
    flagged: list[str] = field(default_factory=lambda: [CHECK_BEFORE_USE])


def load_demo_stock(session: Session, now: datetime) -> DemoStockSummary:
    """Device types everywhere; devices and SIMs at the demo venues (load those first)."""
    summary = DemoStockSummary()
    types = {}
    for entry in DEVICE_TYPES:
        device_type = queries.device_type_by_slug(session, entry["slug"])
        if device_type is None:
            device_type = DeviceType(**{"is_data_sim": False, **entry})
            session.add(device_type)
            summary.device_types_created += 1
        types[entry["slug"]] = device_type
    session.flush()
    places = {
        place.slug: place
        for place in session.scalars(select(Place).where(Place.slug.in_(STOCK))).all()
    }
    for venue, counts in STOCK.items():
        place = places.get(venue)
        if place is None:
            continue
        for slug, count in counts.items():
            for number in range(1, count + 1):
                tag = f"NTC-{_venue_code(venue)}-{TAG_PREFIX[slug]}{number:02d}"
                if queries.device_by_asset_tag(session, tag) is None:
                    _add_device(session, tag, types[slug], place, now)
                    summary.devices_created += 1
        if queries.data_sims_left(session, place.id) == 0:
            queries.add_data_sims(session, place.id, DATA_SIMS[venue])
            summary.data_sims_added += DATA_SIMS[venue]
    session.flush()
    return summary


def _venue_code(slug: str) -> str:
    """NS for north-shields-library, WB for whitley-bay-library, WA for wallsend..."""
    words = slug.removesuffix("-library").split("-")
    return (words[0][0] + words[1][0]).upper() if len(words) > 1 else words[0][:2].upper()


def _add_device(session: Session, tag: str, device_type: DeviceType, place: Place, now) -> None:
    device = Device(
        asset_tag=tag,
        device_type=device_type,
        place_id=place.id,
        status=DeviceStatus.AVAILABLE,
        condition_notes=None,
    )
    session.add(device)
    session.flush()
    session.add(DeviceEvent(device_id=device.id, at=now, kind=EventKind.ADDED, condition="good"))
