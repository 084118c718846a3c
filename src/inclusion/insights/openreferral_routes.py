"""The Open Referral UK API: places and skills sessions as open data for partners.

Read-only JSON that anyone may fetch from any site (CORS `*`), cacheable for five
minutes, limited per address like the site's forms, and described by the OpenAPI
schema Litestar generates (served at OPENAPI_PATH).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypedDict

import anyio
from litestar import Controller, MediaType, Request, Response, get
from litestar.connection import ASGIConnection
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.di import Provide
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
    TooManyRequestsException,
    ValidationException,
)
from litestar.handlers import BaseRouteHandler
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.params import Parameter
from sqlalchemy.orm import Session

from inclusion.i18n.formatting import LONDON
from inclusion.insights import openreferral as oruk
from inclusion.insights import openreferral_catalogue as catalogue
from inclusion.insights import openreferral_queries as queries
from inclusion.insights import openreferral_vocabulary as vocabulary
from inclusion.places.geocoding import locate_postcode
from inclusion.places.postcodes import parse_postcode
from inclusion.web.errors import loggable_path

log = logging.getLogger(__name__)

API_PATH = "/api/openreferral"
OPENAPI_PATH = f"{API_PATH}/openapi.json"
CORS = ResponseHeader(name="Access-Control-Allow-Origin", value="*")
# A harvester fetching every page of every list stays well inside this.
API_REQUESTS_PER_MINUTE = 300
MAX_PER_PAGE = 200
MAX_SEARCH = 200
MAX_PROXIMITY_METRES = 1_000_000

# What each query parameter must be, said plainly when Litestar's own checks fail.
EXPECTED = {
    "page": "page must be a whole number, 1 or more",
    "per_page": f"per_page must be a whole number from 1 to {MAX_PER_PAGE}",
    "search": f"search must be at most {MAX_SEARCH} characters",
    "postcode": "postcode must be a UK postcode, like NE29 6TE, or a district, like NE29",
    "proximity": f"proximity must be a distance in metres, more than 0 and at most "
    f"{MAX_PROXIMITY_METRES}",
    "taxonomy_term_id": "taxonomy_term_id must be a taxonomy term's id (a UUID)",
    "taxonomy_id": "taxonomy_id must be a taxonomy's id (a UUID)",
    "modified_after": "modified_after must be a date, or a date and time, in ISO 8601 form, "
    "like 2026-11-25 or 2026-11-25T09:30:00Z",
}


def openapi_config() -> OpenAPIConfig:
    """Schema generation for the API alone, served as JSON only (no viewer that would
    pull scripts from a CDN)."""
    return OpenAPIConfig(
        title="Get Online North Tyneside: Open Referral UK API",
        version=oruk.HSDS_VERSION,
        description="Free Wi-Fi, public computers and digital skills sessions in North "
        "Tyneside, as Open Referral UK (HSDS 3) services. Read-only, no key needed.",
        path=OPENAPI_PATH,
        render_plugins=[JsonRenderPlugin(path="/", media_type=MediaType.JSON)],
        use_handler_docstrings=True,
    )


class Page(TypedDict):
    """The Open Referral UK page envelope."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int


def _problem(key: str) -> ValidationException:
    return ValidationException(detail=EXPECTED[key], extra=[{"key": key, "source": "query"}])


def provide_paging(
    page: Annotated[int, Parameter(ge=1, description="Page number, from 1.")] = 1,
    per_page: Annotated[
        int, Parameter(ge=1, le=MAX_PER_PAGE, description="Results in one page.")
    ] = 50,
) -> Paging:
    return Paging(page, per_page)


def _parse_uuid(value: str | None, key: str) -> str | None:
    if value is None:
        return None
    normal = vocabulary.normal_uuid(value)
    if normal is None:
        raise _problem(key)
    return normal


def _parse_moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _problem("modified_after") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


def _parse_search(value: str | None) -> str:
    text = (value or "").strip()
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise ValidationException(detail="search must not contain control characters")
    return text


def provide_service_filter(
    request: Request,
    db_session: Session,
    search: Annotated[
        str | None, Parameter(max_length=MAX_SEARCH, description="Words to look for.")
    ] = None,
    taxonomy_term_id: Annotated[
        str | None, Parameter(max_length=64, description="Only services with this term.")
    ] = None,
    taxonomy_id: Annotated[
        str | None,
        Parameter(max_length=64, description="Only services with a term from this taxonomy."),
    ] = None,
    postcode: Annotated[
        str | None,
        Parameter(max_length=16, description="Sort nearest first from this postcode."),
    ] = None,
    proximity: Annotated[
        float | None,
        Parameter(
            gt=0,
            le=MAX_PROXIMITY_METRES,
            description="With postcode: only services within this many metres of it.",
        ),
    ] = None,
    modified_after: Annotated[
        str | None,
        Parameter(
            max_length=40,
            description="Only services changed at or after this time (ISO 8601; UK time "
            "if no offset). Venue services, whose changes are not recorded, are left out.",
        ),
    ] = None,
) -> catalogue.ServiceFilter:
    term_id = _parse_uuid(taxonomy_term_id, "taxonomy_term_id")
    taxonomy_key = _parse_uuid(taxonomy_id, "taxonomy_id")
    term = vocabulary.term_by_id(term_id) if term_id else None
    taxonomy = vocabulary.taxonomy_by_id(taxonomy_key) if taxonomy_key else None
    origin = None
    if postcode is not None:
        parsed = parse_postcode(postcode)
        if parsed is None:
            raise _problem("postcode")
        located = locate_postcode(db_session, parsed, request.app.state.geocoder)
        if located is None:
            raise ValidationException(detail=f"We cannot find the postcode {parsed.text}")
        origin = located.point
    elif proximity is not None:
        raise ValidationException(detail="proximity needs a postcode to measure from")
    return catalogue.ServiceFilter(
        search=_parse_search(search),
        term=term,
        taxonomy=taxonomy,
        unknown_term=bool(term_id and term is None) or bool(taxonomy_key and taxonomy is None),
        origin=origin,
        within_metres=proximity,
        modified_after=_parse_moment(modified_after),
    )


async def limit_api_requests(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """A ceiling per address, counted across instances, as for the site's forms."""
    address = connection.client.host if connection.client else "unknown"
    counters = connection.app.state.shared.counters
    count = await anyio.to_thread.run_sync(counters.hit, f"api:{address}", 60)
    if count > API_REQUESTS_PER_MINUTE:
        raise TooManyRequestsException(headers={"Retry-After": "60"})


def json_error(request: Request, exc: Exception) -> Response:
    """Errors as JSON with a message a developer can act on; never a stack trace."""
    headers = {CORS.name: CORS.value}
    if not isinstance(exc, HTTPException):
        log.exception("unhandled error on %s %s", request.method, loggable_path(request.url.path))
        return Response(
            {"status_code": 500, "detail": "Server error"}, status_code=500, headers=headers
        )
    detail = exc.detail
    extra = exc.extra if isinstance(exc.extra, list) else []
    if isinstance(exc, ValidationException) and extra:
        keys = dict.fromkeys(e.get("key") for e in extra if isinstance(e, dict))
        said = [EXPECTED[key] for key in keys if key in EXPECTED]
        detail = "; ".join(said) or detail
    body: dict[str, Any] = {"status_code": exc.status_code, "detail": detail}
    headers.update(exc.headers or {})
    return Response(body, status_code=exc.status_code, headers=headers)


def _context(request: Request) -> oruk.Context:
    now = request.app.state.clock()
    return oruk.Context(request.app.state.settings.base_url, now.astimezone(LONDON).date())


def _services(request: Request, db_session: Session, service_filter: catalogue.ServiceFilter):
    records = catalogue.active_services(db_session, request.app.state.clock())
    return catalogue.filtered(records, service_filter)


class OpenReferralController(Controller):
    path = API_PATH
    tags = ["Open Referral UK"]
    include_in_schema = True
    guards = [limit_api_requests]
    response_headers = [CORS]
    cache_control = CacheControlHeader(public=True, max_age=300)
    exception_handlers = {
        HTTPException: json_error,
        NotFoundException: json_error,
        TooManyRequestsException: json_error,
        Exception: json_error,
    }
    dependencies = {
        "paging": Provide(provide_paging, sync_to_thread=False),
        "service_filter": Provide(provide_service_filter, sync_to_thread=True),
    }

    @get("/", name="openreferral:index", operation_id="getAPIMetaInformation", sync_to_thread=False)
    def index(self, request: Request) -> dict[str, str]:
        """Which HSDS version and profile this API follows, and where its schema is."""
        return {
            "version": oruk.HSDS_VERSION,
            "profile": oruk.PROFILE_URL,
            "openapi_url": request.app.state.settings.base_url + OPENAPI_PATH,
        }

    @get(
        "/services",
        name="openreferral:services",
        operation_id="getPaginatedListOfServices",
        raises=[ValidationException],
        sync_to_thread=True,
    )
    def services(
        self,
        request: Request,
        db_session: Session,
        paging: Paging,
        service_filter: catalogue.ServiceFilter,
    ) -> Page:
        """Services, one-to-one fields only: skills session series and one-off sessions,
        and each venue's free Wi-Fi, computers and other help."""
        found = _services(request, db_session, service_filter)
        ctx = _context(request)
        return oruk.page(
            found, paging.page, paging.per_page, lambda r: oruk.service_summary(r, ctx)
        )

    @get(
        "/services/{service_id:str}",
        name="openreferral:service",
        operation_id="getFullyNestedServiceById",
        raises=[NotFoundException],
        sync_to_thread=True,
    )
    def service(self, request: Request, db_session: Session, service_id: str) -> dict[str, Any]:
        """A fully nested service: schedules (iCal-style rules), its location, its taxonomy
        term, and for sessions the places left on each date (`capacities`)."""
        record = catalogue.service_by_id(db_session, service_id, request.app.state.clock())
        if record is None:
            raise NotFoundException("There is no service with this id")
        return oruk.service_full(record, _context(request))

    @get(
        "/service_at_locations",
        name="openreferral:service-at-locations",
        operation_id="getPaginatedListOfServiceAtLocation",
        raises=[ValidationException],
        sync_to_thread=True,
    )
    def service_at_locations(
        self,
        request: Request,
        db_session: Session,
        paging: Paging,
        service_filter: catalogue.ServiceFilter,
    ) -> Page:
        """Each service where it is offered (every service here has one location)."""
        found = _services(request, db_session, service_filter)
        ctx = _context(request)
        return oruk.page(
            found, paging.page, paging.per_page, lambda r: oruk.service_at_location(r, ctx)
        )

    @get(
        "/service_at_locations/{service_at_location_id:str}",
        name="openreferral:service-at-location",
        operation_id="getServiceAtLocationWithNestedDataById",
        raises=[NotFoundException],
        sync_to_thread=True,
    )
    def service_at_location(
        self, request: Request, db_session: Session, service_at_location_id: str
    ) -> dict[str, Any]:
        """A service at a location, with the service and the location fully nested."""
        record = catalogue.service_by_at_location_id(
            db_session, service_at_location_id, request.app.state.clock()
        )
        if record is None:
            raise NotFoundException("There is no service at location with this id")
        return oruk.service_at_location(record, _context(request), full=True)

    @get(
        "/organizations",
        name="openreferral:organizations",
        operation_id="getPaginatedListOfOrganizations",
        raises=[ValidationException],
        sync_to_thread=True,
    )
    def organizations(self, db_session: Session, paging: Paging) -> Page:
        """The organisations that run these services: North Tyneside Council."""
        found = queries.organisations(db_session)
        return oruk.page(found, paging.page, paging.per_page, oruk.organization)

    @get(
        "/organizations/{organization_id:str}",
        name="openreferral:organization",
        operation_id="getOrganizationById",
        raises=[NotFoundException],
        sync_to_thread=True,
    )
    def organization(
        self, request: Request, db_session: Session, organization_id: str
    ) -> dict[str, Any]:
        """An organisation, with its services' one-to-one fields."""
        parsed = vocabulary.parse_public_id(organization_id, (vocabulary.Kind.ORGANIZATION,))
        organisation = queries.organisation_by_id(db_session, parsed[1]) if parsed else None
        if organisation is None:
            raise NotFoundException("There is no organization with this id")
        ctx = _context(request)
        records = catalogue.filtered(
            catalogue.active_services(db_session, request.app.state.clock()),
            catalogue.ServiceFilter(),
        )
        return {
            **oruk.organization(organisation),
            "services": [
                oruk.service_summary(r, ctx)
                for r in records
                if r.place.organisation_id == organisation.id
            ],
        }

    @get(
        "/taxonomies",
        name="openreferral:taxonomies",
        operation_id="getPaginatedListOfTaxonomies",
        raises=[ValidationException],
        sync_to_thread=False,
    )
    def taxonomies(self, paging: Paging) -> Page:
        """Our own vocabularies: session topics, and the help venues offer."""
        return oruk.page(vocabulary.taxonomies(), paging.page, paging.per_page, oruk.taxonomy)

    @get(
        "/taxonomies/{taxonomy_id:str}",
        name="openreferral:taxonomy",
        operation_id="getTaxonomyById",
        raises=[NotFoundException],
        sync_to_thread=False,
    )
    def taxonomy(self, taxonomy_id: str) -> dict[str, Any]:
        """A taxonomy with its terms."""
        found = vocabulary.taxonomy_by_id(vocabulary.normal_uuid(taxonomy_id) or "")
        if found is None:
            raise NotFoundException("There is no taxonomy with this id")
        return oruk.taxonomy(found, with_terms=True)

    @get(
        "/taxonomy_terms",
        name="openreferral:taxonomy-terms",
        operation_id="getPaginatedListOfTaxonomyTerms",
        raises=[ValidationException],
        sync_to_thread=False,
    )
    def taxonomy_terms(self, paging: Paging) -> Page:
        """Every term: use a term's id as `taxonomy_term_id` to filter services."""
        return oruk.page(vocabulary.terms(), paging.page, paging.per_page, oruk.taxonomy_term)

    @get(
        "/taxonomy_terms/{taxonomy_term_id:str}",
        name="openreferral:taxonomy-term",
        operation_id="getTaxonomyTermById",
        raises=[NotFoundException],
        sync_to_thread=False,
    )
    def taxonomy_term(self, taxonomy_term_id: str) -> dict[str, Any]:
        """A taxonomy term."""
        found = vocabulary.term_by_id(vocabulary.normal_uuid(taxonomy_term_id) or "")
        if found is None:
            raise NotFoundException("There is no taxonomy term with this id")
        return oruk.taxonomy_term(found)
