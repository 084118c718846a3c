"""Our rows as Open Referral UK JSON (the HSDS 3 profile in tests/data/openreferral/).

Live places left are published as `capacities`, in HSDS 3.1's service_capacity shape,
which the UK profile (HSDS 3.0) does not define but allows (it forbids no extra
property); so are a language's `name` and `code`, which HSDS 3.0 has and the profile
leaves out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from babel import Locale, UnknownLocaleError

from inclusion.insights.openreferral_catalogue import ServiceRecord
from inclusion.insights.openreferral_schedules import hhmm, local, long_date, schedules
from inclusion.insights.openreferral_vocabulary import (
    Kind,
    Taxonomy,
    Term,
    child_id,
    public_id,
    terms,
)
from inclusion.places.models import Need, Organisation, Place
from inclusion.sessions.models import Level, SkillSession

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
COUNTY = "Tyne and Wear"
LEVELS = {
    Level.BEGINNER: "Beginner: no experience needed.",
    Level.SOME_EXPERIENCE: "For people with some experience.",
    Level.CONFIDENT: "For confident users.",
}
FREE = {Need.WIFI, Need.PUBLIC_PCS, Need.DIGITAL_HELP, Need.DEVICE_LENDING, Need.DATA_SIMS}
DEFAULT_ORGANISATION_DESCRIPTION = "The local council for North Tyneside."


@dataclass(frozen=True)
class Context:
    base_url: str  # the site's public address, for links to its pages
    today: date  # in the UK, for closures and Wi-Fi faults today


def timestamp(moment: datetime) -> str:
    """UTC with milliseconds, as the profile's `last_modified` asks."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None and value != ""}


def page(items: Sequence[Any], page_number: int, per_page: int, to_json) -> dict[str, Any]:
    """The profile's page envelope around the `per_page` items of page `page_number`."""
    total = len(items)
    total_pages = math.ceil(total / per_page)
    start = (page_number - 1) * per_page
    contents = [to_json(item) for item in items[start : start + per_page]]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def organization(organisation: Organisation) -> dict[str, Any]:
    return _without_none(
        {
            "id": public_id(Kind.ORGANIZATION, organisation.id),
            "name": organisation.name,
            "description": organisation.description or DEFAULT_ORGANISATION_DESCRIPTION,
            "email": organisation.email,
            "website": organisation.url,
        }
    )


def taxonomy(item: Taxonomy, with_terms: bool = False) -> dict[str, Any]:
    found = {"id": item.id, "name": item.name, "description": item.description}
    if with_terms:
        found["taxonomy_terms"] = [taxonomy_term(t) for t in terms() if t.taxonomy == item]
    return found


def taxonomy_term(term: Term) -> dict[str, Any]:
    return {
        "id": term.id,
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": term.taxonomy.id,
        "term": term.name,
    }


def location(place: Place, ctx: Context, full: bool = False) -> dict[str, Any]:
    found = _without_none(
        {
            "id": public_id(Kind.LOCATION, place.id),
            "location_type": "physical",
            "name": place.name,
            "description": place.description,
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
    )
    if not full:
        return found
    if place.postcode:
        found["addresses"] = [
            {
                "id": child_id("address", place.id),
                "location_id": found["id"],
                "address_1": place.address,
                "city": place.town or "North Tyneside",
                "state_province": COUNTY,
                "postal_code": place.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
    access = _accessibility(place)
    if access or place.accessibility_notes:
        found["accessibility"] = [
            _without_none(
                {
                    "id": child_id("accessibility", place.id),
                    "location_id": found["id"],
                    "description": access or "Ask the venue about access.",
                    "details": place.accessibility_notes,
                    "url": f"{ctx.base_url}/places/{place.slug}",
                }
            )
        ]
    return found


def _accessibility(place: Place) -> str:
    facts = (
        (place.step_free, "Step-free access", "No step-free access"),
        (place.accessible_toilet, "Accessible toilet", "No accessible toilet"),
        (place.changing_places, "Changing Places toilet", None),
        (place.hearing_loop, "Hearing loop", "No hearing loop"),
    )
    said = [yes if known else no for known, yes, no in facts if known is not None]
    return ". ".join(s for s in said if s) + ("." if any(said) else "")


def service_summary(record: ServiceRecord, ctx: Context) -> dict[str, Any]:
    """The one-to-one fields of a service, as the profile's lists carry them."""
    org = record.place.organisation
    return _without_none(
        {
            "id": record.id,
            "organization_id": public_id(Kind.ORGANIZATION, org.id),
            "name": record.name,
            "description": _service_description(record),
            "url": _service_url(record, ctx.base_url),
            "email": record.place.email,
            "status": _status(record, ctx.today),
            "alert": _alert(record, ctx.today),
            "last_modified": timestamp(record.last_modified) if record.last_modified else None,
            "organization": organization(org),
        }
    )


def service_full(record: ServiceRecord, ctx: Context) -> dict[str, Any]:
    found = service_summary(record, ctx)
    found["schedules"] = schedules(record, ctx.base_url)
    found["service_at_locations"] = [
        {
            "id": record.at_location_id,
            "service_id": record.id,
            "location_id": public_id(Kind.LOCATION, record.place.id),
            "location": location(record.place, ctx, full=True),
        }
    ]
    found["attributes"] = [
        {
            "id": child_id("attribute", record.id, record.term.id),
            "link_id": record.id,
            "link_type": "service_type",
            "taxonomy_term_id": record.term.id,
            "taxonomy_term": taxonomy_term(record.term),
        }
    ]
    if record.place_service is None or record.place_service.kind in FREE:
        found["cost_options"] = [
            {
                "id": child_id("cost", record.id),
                "service_id": record.id,
                "option": "Free",
                "amount": 0,
                "amount_description": "Free of charge",
            }
        ]
    if record.kind != Kind.VENUE_SERVICE and record.sessions:
        found["languages"] = [_language(record)]
        found["capacities"] = [_capacity(record, s) for s in record.scheduled]
    return found


def service_at_location(record: ServiceRecord, ctx: Context, full: bool = False):
    return {
        "id": record.at_location_id,
        "service_id": record.id,
        "location_id": public_id(Kind.LOCATION, record.place.id),
        "location": location(record.place, ctx, full=full),
        "service": service_full(record, ctx) if full else service_summary(record, ctx),
    }


def _status(record: ServiceRecord, today: date) -> str:
    if record.place_service is not None:
        shut = any(c.covers(today) for c in record.place.closures)
        return "temporarily closed" if shut else "active"
    return "active" if record.scheduled else "inactive"


def _alert(record: ServiceRecord, today: date) -> str | None:
    if record.place_service is not None:
        closure = next((c for c in record.place.closures if c.covers(today)), None)
        if closure is not None:
            until = f" until {long_date(closure.ends_on)}" if closure.ends_on else ""
            return f"{record.place.name} is closed{until}: {closure.reason}"
        if record.place_service.kind == Need.WIFI and record.place.wifi_out_of_order(today):
            return "The Wi-Fi is not working today."
        return None
    scheduled = record.scheduled
    if scheduled and scheduled[0].places_left == 0:
        day = long_date(local(scheduled[0].starts_at).date())
        return f"The session on {day} is full: you can join the waiting list."
    return None


def _service_url(record: ServiceRecord, base_url: str) -> str:
    if record.place_service is not None or not record.scheduled:
        return f"{base_url}/places/{record.place.slug}"
    return f"{base_url}/sessions/{record.scheduled[0].id}"


def _service_description(record: ServiceRecord) -> str:
    if record.place_service is not None:
        return _venue_description(record)
    if not record.sessions:
        return "This course has no dates still to come."
    first = record.sessions[0]
    parts = [
        first.description or record.term.description,
        LEVELS.get(first.level, ""),
        f"Taught in {_language_name(first.language)}.",
        f"What to bring: {first.what_to_bring}" if first.what_to_bring else "",
        first.accessibility_notes or "",
        "Free. Places are limited: book online, by phone or at the library.",
    ]
    return " ".join(part.strip() for part in parts if part and part.strip())


def _venue_description(record: ServiceRecord) -> str:
    service = record.place_service
    parts = [record.term.description]
    if service.kind == Need.WIFI and service.wifi_network_name:
        parts.append(f"Network name: {service.wifi_network_name}.")
    if service.kind == Need.WIFI and service.wifi_time_limit_minutes:
        parts.append(f"You can use it for {service.wifi_time_limit_minutes} minutes at a time.")
    if service.kind == Need.PUBLIC_PCS and service.pc_count:
        parts.append(f"{service.pc_count} computers.")
    if service.notes:
        parts.append(service.notes)
    return " ".join(parts)


def _language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def _language(record: ServiceRecord) -> dict[str, Any]:
    code = record.sessions[0].language
    return {
        "id": child_id("language", record.id, code),
        "service_id": record.id,
        "name": _language_name(code),
        "code": code.replace("_", "-"),
    }


def _capacity(record: ServiceRecord, skill_session: SkillSession) -> dict[str, Any]:
    starts = local(skill_session.starts_at)
    updated = max(
        skill_session.created_at, record.activity.get(skill_session.id, skill_session.created_at)
    )
    return {
        "id": child_id("capacity", skill_session.id),
        "service_id": record.id,
        "unit": {"id": child_id("unit", "place"), "name": "place"},
        "available": skill_session.places_left,
        "maximum": skill_session.capacity,
        "description": f"Places left on {long_date(starts.date())} at {hhmm(starts.time())}"
        " (UK time).",
        "updated": timestamp(updated),
    }
