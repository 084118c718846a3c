"""What the Open Referral UK API publishes as services, and the filters partners use.

Two kinds of service:
- a skills session series is one service whose schedule is the series' rule, and a
  one-off session is a service of its own. A directory lists "Using your smartphone at
  Wallsend Library, Tuesdays 10:00" once, rather than once a week, and the entry
  lasts as long as the series; the live places left per date ride along with it;
- each standing service of a venue (free Wi-Fi, public computers, device lending, ...)
  is a service at that venue, open in the venue's opening hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.insights import openreferral_queries as queries
from inclusion.insights.openreferral_vocabulary import (
    AT_LOCATION_KINDS,
    SERVICE_KINDS,
    TOPICS,
    VENUE_SERVICES,
    Kind,
    Taxonomy,
    Term,
    parse_public_id,
    public_id,
    term_for,
)
from inclusion.places.distance import Point, haversine_miles
from inclusion.places.models import Place, PlaceService
from inclusion.sessions.models import SessionSeries, SessionStatus, SkillSession

METRES_PER_MILE = 1609.344


@dataclass
class ServiceRecord:
    kind: Kind
    number: int  # the series', session's or place service's own id
    name: str
    place: Place
    term: Term
    sessions: list[SkillSession] = field(default_factory=list)  # upcoming, all statuses
    series: SessionSeries | None = None
    place_service: PlaceService | None = None
    # When the service or its places left last changed; None when nothing records it.
    last_modified: datetime | None = None
    activity: dict[int, datetime] = field(default_factory=dict)
    metres: float | None = None  # from the postcode a partner searched near

    @property
    def id(self) -> str:
        return public_id(self.kind, self.number)

    @property
    def at_location_id(self) -> str:
        return public_id(AT_LOCATION_KINDS[self.kind], self.number)

    @property
    def scheduled(self) -> list[SkillSession]:
        return [s for s in self.sessions if s.status == SessionStatus.SCHEDULED]

    @property
    def search_text(self) -> str:
        place = self.place
        details = [s.description or "" for s in self.sessions[:1]]
        if self.place_service is not None:
            details.append(self.place_service.notes or "")
        parts = [self.name, place.name, place.town or "", place.postcode or "", self.term.name]
        return " ".join(parts + details).casefold()


@dataclass(frozen=True)
class ServiceFilter:
    search: str = ""
    term: Term | None = None
    taxonomy: Taxonomy | None = None
    unknown_term: bool = False  # a well-formed id that names no term matches nothing
    origin: Point | None = None
    within_metres: float | None = None
    modified_after: datetime | None = None


def _session_service(
    key: tuple[Kind, int], sessions: list[SkillSession], activity: dict[int, datetime]
) -> ServiceRecord:
    first = sessions[0]
    series = first.series
    stamps = [s.created_at for s in sessions]
    stamps += [activity[s.id] for s in sessions if s.id in activity]
    if series is not None:
        stamps.append(series.created_at)
    return ServiceRecord(
        kind=key[0],
        number=key[1],
        name=f"{series.title if series else first.title} at {first.place.name}",
        place=first.place,
        term=term_for(TOPICS, first.topic),
        sessions=sessions,
        series=series,
        last_modified=max(stamps),
        activity=activity,
    )


def _group_sessions(
    sessions: Iterable[SkillSession], activity: dict[int, datetime]
) -> list[ServiceRecord]:
    groups: dict[tuple[Kind, int], list[SkillSession]] = {}
    for skill_session in sessions:
        key = (
            (Kind.SERIES_SERVICE, skill_session.series_id)
            if skill_session.series_id is not None
            else (Kind.SESSION_SERVICE, skill_session.id)
        )
        groups.setdefault(key, []).append(skill_session)
    return [_session_service(key, group, activity) for key, group in groups.items()]


def _venue_service(place_service: PlaceService) -> ServiceRecord:
    term = term_for(VENUE_SERVICES, place_service.kind)
    return ServiceRecord(
        kind=Kind.VENUE_SERVICE,
        number=place_service.id,
        name=f"{term.name} at {place_service.place.name}",
        place=place_service.place,
        term=term,
        place_service=place_service,
    )


def active_services(session: Session, now: datetime) -> list[ServiceRecord]:
    """Every service on offer: session services with a date still to come, then the
    venues' standing services."""
    upcoming = queries.upcoming_sessions(session, now)
    activity = queries.booking_activity(session, (s.id for s in upcoming))
    records = [r for r in _group_sessions(upcoming, activity) if r.scheduled]
    for place in queries.places_with_details(session):
        records.extend(_venue_service(place_service) for place_service in place.services)
    return records


def service_by_id(session: Session, service_id: str, now: datetime) -> ServiceRecord | None:
    """One service, also after its last date (then published as inactive)."""
    parsed = parse_public_id(service_id, SERVICE_KINDS)
    if parsed is None:
        return None
    return _service_by_key(session, *parsed, now)


def service_by_at_location_id(
    session: Session, at_location_id: str, now: datetime
) -> ServiceRecord | None:
    parsed = parse_public_id(at_location_id, tuple(AT_LOCATION_KINDS.values()))
    if parsed is None:
        return None
    service_kind = next(k for k, v in AT_LOCATION_KINDS.items() if v == parsed[0])
    return _service_by_key(session, service_kind, parsed[1], now)


def _service_by_key(session: Session, kind: Kind, number: int, now: datetime):
    if kind == Kind.VENUE_SERVICE:
        place_service = queries.place_service_by_id(session, number)
        return _venue_service(place_service) if place_service else None
    if kind == Kind.SESSION_SERVICE:
        one_off = queries.one_off_session(session, number)
        if one_off is None:
            return None
        activity = queries.booking_activity(session, [one_off.id])
        record = _session_service((kind, number), [one_off], activity)
        if one_off.starts_at <= now:
            record.sessions = []  # over: nothing left to book
        return record
    sessions = list(queries.sessions_in_series(session, number))
    if not sessions:
        return None
    upcoming = [s for s in sessions if s.starts_at > now]
    activity = queries.booking_activity(session, (s.id for s in upcoming))
    record = _session_service((kind, number), upcoming or sessions[-1:], activity)
    if not upcoming:
        record.sessions = []  # over: nothing left to book
    return record


def matches(record: ServiceRecord, service_filter: ServiceFilter) -> bool:
    if service_filter.unknown_term:
        return False
    if service_filter.term is not None and record.term != service_filter.term:
        return False
    if service_filter.taxonomy is not None and record.term.taxonomy != service_filter.taxonomy:
        return False
    if service_filter.search:
        text = record.search_text
        if not all(word in text for word in service_filter.search.casefold().split()):
            return False
    if service_filter.modified_after is not None and (
        record.last_modified is None or record.last_modified < service_filter.modified_after
    ):
        return False
    return service_filter.within_metres is None or (
        record.metres is not None and record.metres <= service_filter.within_metres
    )


def filtered(records: Sequence[ServiceRecord], service_filter: ServiceFilter):
    """The records that pass, nearest first when searching near a postcode, otherwise
    by name (ties by id, so pages never overlap)."""
    if service_filter.origin is not None:
        for record in records:
            place = Point(record.place.latitude, record.place.longitude)
            record.metres = haversine_miles(service_filter.origin, place) * METRES_PER_MILE
    kept = [r for r in records if matches(r, service_filter)]
    if service_filter.origin is not None:
        return sorted(kept, key=lambda r: (r.metres, r.name.casefold(), r.id))
    return sorted(kept, key=lambda r: (r.name.casefold(), r.id))
