"""The Open Referral UK API answers every endpoint with JSON that the UK profile's own
schemas accept (tests/data/openreferral/), pages correctly, and refuses bad input
with a 400 or 404 in JSON, never a 500."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.factories.sessions import make_series, make_session

API = "/api/openreferral"
DATA = Path(__file__).parents[2] / "data" / "openreferral"
# Where the profile's files live: its openapi.json refers to them by these addresses.
PROFILE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI = PROFILE + "openapi.json"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page"}

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is None or bool(parts.scheme and parts.netloc)


@cache
def registry() -> Registry:
    """Every committed schema file, under the address the others use for it."""
    return Registry().with_resources(
        (
            PROFILE + path.relative_to(DATA).as_posix(),
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in DATA.rglob("*.json")
    )


def response_schema(path: str) -> dict:
    """The profile's openapi.json schema for a 200 from `path` (e.g. "/services")."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {
        "$ref": f"{OPENAPI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    }


def page_of(item_schema: str) -> dict:
    """The profile's page envelope around items of a compiled schema, for lists that its
    openapi.json does not describe (organisations)."""
    return {
        "allOf": [{"$ref": f"{OPENAPI}#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": PROFILE + item_schema}}},
    }


def assert_valid(document, schema: dict) -> None:
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FORMATS)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def fetch(client, path: str, status: int = 200, **params):
    response = client.get(API + path, params=params)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["access-control-allow-origin"] == "*"
    return response.json()


@pytest.fixture
def published(db_session, clock):
    """A weekly series of four dates and a one-off session at other venues."""
    series = make_series(db_session, clock() + timedelta(days=6, hours=-1))
    one_off = make_session(
        db_session, clock() + timedelta(days=2), place_slug="whitley-bay-library"
    )
    db_session.commit()
    return {"series": series, "one_off": one_off}


def test_the_root_says_which_profile_and_where_the_schema_is(client):
    body = fetch(client, "/")
    assert_valid(body, response_schema("/"))
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/openreferral/openapi.json")


def test_every_list_and_every_item_matches_the_profile(client, published):
    services = fetch(client, "/services", per_page=200)
    assert_valid(services, response_schema("/services"))
    assert services["total_items"] == services["size"] > 2
    for item in services["contents"]:
        full = fetch(client, f"/services/{item['id']}")
        assert_valid(full, response_schema("/services/{id}"))
        assert full["id"] == item["id"]

    at_locations = fetch(client, "/service_at_locations", per_page=200)
    assert_valid(at_locations, response_schema("/service_at_locations"))
    assert at_locations["total_items"] == services["total_items"]
    for item in at_locations["contents"][:10]:
        full = fetch(client, f"/service_at_locations/{item['id']}")
        # The profile's openapi.json gives compiled/service.json for this answer, which
        # cannot be meant (it has no `service` or `location`); the compiled file of
        # the same name is what a service_at_location is.
        assert_valid(full, {"$ref": PROFILE + "compiled/service_at_location.json"})
        assert full["service"]["id"] == item["service"]["id"]

    organisations = fetch(client, "/organizations")
    assert_valid(organisations, page_of("compiled/organization_list.json"))
    (council,) = organisations["contents"]
    assert council["name"] == "North Tyneside Council"
    full = fetch(client, f"/organizations/{council['id']}")
    assert_valid(full, {"$ref": PROFILE + "compiled/organization.json"})
    assert len(full["services"]) == services["total_items"]

    taxonomies = fetch(client, "/taxonomies")
    assert_valid(taxonomies, response_schema("/taxonomies"))
    for item in taxonomies["contents"]:
        assert_valid(
            fetch(client, f"/taxonomies/{item['id']}"), response_schema("/taxonomies/{id}")
        )

    terms = fetch(client, "/taxonomy_terms")
    assert_valid(terms, response_schema("/taxonomy_terms"))
    names = {term["name"] for term in terms["contents"]}
    assert {"Getting started", "Staying safe online", "Jobs and careers", "Free Wi-Fi"} <= names
    for item in terms["contents"]:
        term = fetch(client, f"/taxonomy_terms/{item['id']}")
        assert_valid(term, response_schema("/taxonomy_terms/{id}"))


def test_a_session_service_is_nested_whole(client, published):
    services = fetch(client, "/services", search="smartphone")["contents"]
    (summary,) = services
    service = fetch(client, f"/services/{summary['id']}")
    assert service["name"].startswith("Using your smartphone at Wallsend Library")
    assert service["status"] == "active"
    assert service["organization"]["name"] == "North Tyneside Council"
    (at_location,) = service["service_at_locations"]
    location = at_location["location"]
    assert location["name"].startswith("Wallsend Library")
    assert location["addresses"][0]["postal_code"] == "NE28 8JR"
    assert location["addresses"][0]["country"] == "GB"
    (attribute,) = service["attributes"]
    assert attribute["taxonomy_term"]["name"] == "Getting started"
    assert service["cost_options"][0]["amount"] == 0
    assert service["languages"][0]["code"] == "en"
    assert [c["available"] for c in service["capacities"]] == [8, 8, 8, 8]


def test_a_venue_service_follows_the_opening_hours(client):
    found = fetch(client, "/services", search="wi-fi north shields")["contents"]
    (summary,) = found
    service = fetch(client, f"/services/{summary['id']}")
    assert service["name"].startswith("Free Wi-Fi at North Shields Library")
    weekdays = next(s for s in service["schedules"] if s["byday"].startswith("MO"))
    assert weekdays["freq"] == "WEEKLY"
    assert weekdays["byday"] == "MO,TU,WE,TH,FR"
    assert (weekdays["opens_at"], weekdays["closes_at"]) == ("09:00", "17:30")
    assert "last_modified" not in service  # nothing records when a venue changed


@pytest.mark.parametrize("per_page", [1, 7, 50, 200])
def test_pages_cover_every_service_once(client, published, per_page):
    first = fetch(client, "/services", per_page=per_page)
    total = first["total_items"]
    pages = -(-total // per_page)
    assert first["total_pages"] == pages
    seen = []
    for number in range(1, pages + 2):
        body = fetch(client, "/services", page=number, per_page=per_page)
        assert PAGE_KEYS | {"empty", "contents"} <= set(body)
        assert body["page_number"] == number
        assert body["total_items"] == total
        assert body["first_page"] is (number == 1)
        assert body["last_page"] is (number >= pages)
        expected = max(0, min(per_page, total - (number - 1) * per_page))
        assert body["size"] == len(body["contents"]) == expected
        assert body["empty"] is (expected == 0)
        seen += [item["id"] for item in body["contents"]]
    assert len(seen) == len(set(seen)) == total


def test_an_empty_result_says_so(client):
    body = fetch(client, "/services", search="no such service anywhere")
    assert body == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/services/00000000-0000-0000-0000-000000000000",
        "/services/not-an-id",
        "/service_at_locations/00000000-0000-0000-0000-000000000000",
        "/organizations/00000000-0000-0000-0000-000000000000",
        "/taxonomies/00000000-0000-0000-0000-000000000000",
        "/taxonomy_terms/" + "x" * 500,
    ],
)
def test_unknown_ids_are_a_json_404(client, path):
    body = fetch(client, path, status=404)
    assert body["status_code"] == 404
    assert body["detail"].startswith("There is no")


def test_a_service_id_is_not_a_service_at_location_id(client, published):
    (summary,) = fetch(client, "/services", search="smartphone")["contents"]
    fetch(client, f"/service_at_locations/{summary['id']}", status=404)
    fetch(client, f"/organizations/{summary['id']}", status=404)


def test_an_id_too_big_for_any_row_is_not_found(client, published):
    """The last seven bytes of an id hold the row's key: past 2**31 it names nothing,
    rather than overflowing a PostgreSQL integer."""
    (summary,) = fetch(client, "/services", search="smartphone")["contents"]
    too_big = summary["id"][:-14] + "ff-ffffffffffff"[-14:]
    fetch(client, f"/services/{too_big}", status=404)


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"per_page": 0}, "per_page must be a whole number from 1 to 200"),
        ({"per_page": 201}, "per_page must be a whole number from 1 to 200"),
        ({"page": -1}, "page must be a whole number, 1 or more"),
        ({"page": "two"}, "page must be a whole number, 1 or more"),
        ({"postcode": "NE29 6TE", "proximity": "abc"}, "proximity must be a distance in metres"),
        ({"postcode": "NE29 6TE", "proximity": "-5"}, "proximity must be a distance in metres"),
        ({"postcode": "NE29 6TE", "proximity": "nan"}, "proximity must be a distance in metres"),
        ({"proximity": "1000"}, "proximity needs a postcode"),
        ({"postcode": "not a postcode"}, "postcode must be a UK postcode"),
        ({"postcode": "ZE99 9ZZ"}, "We cannot find the postcode ZE99 9ZZ"),
        ({"modified_after": "garbage"}, "modified_after must be a date"),
        ({"search": "x" * 10_000}, "search must be at most 200 characters"),
        ({"search": "wifi\x00"}, "search must not contain control characters"),
        ({"taxonomy_term_id": "getting started"}, "taxonomy_term_id must be"),
    ],
)
@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_bad_parameters_are_a_json_400_that_says_what_is_wrong(client, path, params, says):
    body = fetch(client, path, status=400, **params)
    assert body["status_code"] == 400
    assert body["detail"].startswith(says), body


def test_the_lists_without_filters_check_their_paging_too(client):
    for path in ("/organizations", "/taxonomies", "/taxonomy_terms"):
        assert "per_page" in fetch(client, path, status=400, per_page=0)["detail"]


def test_answers_may_be_cached_briefly_by_anyone(client):
    response = client.get(API + "/services")
    directives = {d.strip() for d in response.headers["cache-control"].split(",")}
    assert directives == {"public", "max-age=300"}


def test_the_openapi_schema_documents_the_api_alone(client):
    response = client.get(API + "/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    paths = set(schema["paths"])
    assert all(path.startswith(API) for path in paths), paths
    assert {API + "/services", API + "/services/{service_id}", API + "/taxonomy_terms"} <= paths
    operations = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    assert "getPaginatedListOfServices" in operations
