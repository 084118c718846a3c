"""What a request to the Open Referral UK API may ask, and the JSON errors it gets
when it asks wrong: every parameter checked, with a message saying what is expected,
so no input reaches the database in a form it cannot take."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import anyio
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import ResponseHeader
from litestar.exceptions import HTTPException, TooManyRequestsException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.params import Parameter
from sqlalchemy.orm import Session

from inclusion.i18n.formatting import LONDON
from inclusion.insights import openreferral_catalogue as catalogue
from inclusion.insights import openreferral_vocabulary as vocabulary
from inclusion.places.geocoding import locate_postcode
from inclusion.places.postcodes import parse_postcode
from inclusion.web.errors import loggable_path

log = logging.getLogger(__name__)

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
