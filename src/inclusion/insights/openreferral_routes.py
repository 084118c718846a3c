"""The Open Referral UK API: places and skills sessions as open data for partners.

Read-only JSON that anyone may fetch from any site (CORS `*`), cacheable for five
minutes, limited per address like the site's forms, and described by the OpenAPI
schema Litestar generates (served at OPENAPI_PATH).
"""

from __future__ import annotations

from typing import Any, TypedDict

from litestar import Controller, MediaType, Request, get
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.exceptions import (
    HTTPException,
    NotFoundException,
    TooManyRequestsException,
    ValidationException,
)
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from sqlalchemy.orm import Session

from inclusion.i18n.formatting import LONDON
from inclusion.insights import openreferral as oruk
from inclusion.insights import openreferral_catalogue as catalogue
from inclusion.insights import openreferral_queries as queries
from inclusion.insights import openreferral_vocabulary as vocabulary
from inclusion.insights.openreferral_requests import (
    CORS,
    Paging,
    json_error,
    limit_api_requests,
    provide_paging,
    provide_service_filter,
)

API_PATH = "/api/openreferral"
OPENAPI_PATH = f"{API_PATH}/openapi.json"


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
