"""Open Referral UK identifiers and our own taxonomies, in English.

Every Open Referral id is a UUID. Services, locations, organisations and their links
get reversible ids (RFC 9562 version 8, a custom layout): eight bytes name the kind of
row and the last seven hold our integer key, so `/services/{id}` finds its row without
a lookup table, and the same row keeps the same id for ever. Child objects (schedules,
addresses, ...) get name-based version 5 ids, stable but never looked up.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from inclusion.i18n import use_locale
from inclusion.places.models import Need
from inclusion.places.needs import NEED_LABELS
from inclusion.sessions.labels import topic_labels
from inclusion.sessions.models import Topic

NAMESPACE = uuid.UUID("6b0f7e8e-3c1d-4a57-9a55-4e5479e1d0a1")
# Ids are 32-bit integers in PostgreSQL; a larger one names no row.
LARGEST_ID = 2**31 - 1


class Kind(StrEnum):
    """What a reversible id points at."""

    ORGANIZATION = "organization"
    LOCATION = "location"
    SERIES_SERVICE = "series-service"  # a SessionSeries: one service for all its dates
    SESSION_SERVICE = "session-service"  # a SkillSession that belongs to no series
    VENUE_SERVICE = "venue-service"  # a PlaceService: free Wi-Fi, PCs, ... at one place
    SERIES_AT_LOCATION = "series-at-location"
    SESSION_AT_LOCATION = "session-at-location"
    VENUE_SERVICE_AT_LOCATION = "venue-service-at-location"


SERVICE_KINDS = (Kind.SERIES_SERVICE, Kind.SESSION_SERVICE, Kind.VENUE_SERVICE)
AT_LOCATION_KINDS = {
    Kind.SERIES_SERVICE: Kind.SERIES_AT_LOCATION,
    Kind.SESSION_SERVICE: Kind.SESSION_AT_LOCATION,
    Kind.VENUE_SERVICE: Kind.VENUE_SERVICE_AT_LOCATION,
}


@cache
def _prefix(kind: Kind) -> bytes:
    """Nine bytes: the kind's own eight (version 8 set) and the RFC 4122 variant."""
    head = bytearray(uuid.uuid5(NAMESPACE, f"kind:{kind}").bytes[:8])
    head[6] = (head[6] & 0x0F) | 0x80
    return bytes(head) + b"\x80"


def public_id(kind: Kind, number: int) -> str:
    return str(uuid.UUID(bytes=_prefix(kind) + number.to_bytes(7, "big")))


def parse_public_id(value: str, kinds: tuple[Kind, ...]) -> tuple[Kind, int] | None:
    """The kind and key an id was made from, if it is one of `kinds` and can exist."""
    try:
        raw = uuid.UUID(value).bytes
    except ValueError:
        return None
    for kind in kinds:
        if raw[:9] == _prefix(kind):
            number = int.from_bytes(raw[9:], "big")
            return (kind, number) if 0 < number <= LARGEST_ID else None
    return None


def child_id(*parts: object) -> str:
    """A stable id for an object that has no row of its own (a schedule, an address)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def normal_uuid(value: str) -> str | None:
    """A UUID in its usual lower-case hyphenated form, or None if it is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return child_id("taxonomy", self.code)


@dataclass(frozen=True)
class Term:
    code: str  # a Topic or a Need
    name: str
    description: str
    taxonomy: Taxonomy

    @property
    def id(self) -> str:
        return child_id("taxonomy-term", self.taxonomy.code, self.code)


TOPICS = Taxonomy(
    "session-topics",
    "Get Online North Tyneside: digital skills topics",
    "What a free digital skills session at a North Tyneside library teaches.",
)
VENUE_SERVICES = Taxonomy(
    "venue-services",
    "Get Online North Tyneside: help at venues",
    "Free help to get online that a library or Customer First Centre offers every day.",
)

TOPIC_DESCRIPTIONS = {
    Topic.GETTING_STARTED: "For people new to computers and the internet: switching on, "
    "using a mouse and keyboard, and getting online.",
    Topic.SMARTPHONES: "Using a smartphone or tablet: apps, messages, photos and video calls.",
    Topic.ONLINE_SAFETY: "Staying safe online: scams, passwords, 2-step verification and privacy.",
    Topic.JOBS_AND_CAREERS: "Looking for work online, CVs and job applications, "
    "and starting a digital career.",
    Topic.COUNCIL_SERVICES: "Using council and government services online: paying, "
    "reporting and applying.",
    Topic.OTHER: "Other digital skills sessions.",
}
NEED_DESCRIPTIONS = {
    Need.WIFI: "Free Wi-Fi that anyone can use at the venue.",
    Need.PUBLIC_PCS: "Computers that anyone can use for free at the venue.",
    Need.DIGITAL_HELP: "A member of staff or a volunteer who can help you get online.",
    Need.DEVICE_LENDING: "Borrow a laptop, a tablet or a MiFi (a small box that gives you "
    "Wi-Fi anywhere) to use at home.",
    Need.DATA_SIMS: "Free mobile data on a SIM card, from the National Databank.",
    Need.PRINTING: "Printing and copying at the venue.",
}


@cache
def terms() -> tuple[Term, ...]:
    """Every published term: session topics, then venue services, in the site's order."""
    with use_locale("en"):
        topics = topic_labels()
        return tuple(
            Term(code, str(topics[code]), TOPIC_DESCRIPTIONS[code], TOPICS) for code in Topic
        ) + tuple(
            Term(code, str(NEED_LABELS[code]), NEED_DESCRIPTIONS[code], VENUE_SERVICES)
            for code in Need
        )


def taxonomies() -> tuple[Taxonomy, ...]:
    return (TOPICS, VENUE_SERVICES)


def term_for(taxonomy: Taxonomy, code: str) -> Term:
    """The term for a topic or need; a code we do not know counts as "other"."""
    found = {(t.taxonomy, t.code): t for t in terms()}
    return found.get((taxonomy, code)) or found[(TOPICS, Topic.OTHER)]


def term_by_id(term_id: str) -> Term | None:
    return next((t for t in terms() if t.id == term_id), None)


def taxonomy_by_id(taxonomy_id: str) -> Taxonomy | None:
    return next((t for t in taxonomies() if t.id == taxonomy_id), None)
