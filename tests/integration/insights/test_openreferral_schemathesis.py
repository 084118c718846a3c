"""Schemathesis sends every operation in the API's own OpenAPI schema requests that fit
it, and requests that do not: none may get a server error.

Requests go through the test's Litestar client (not Schemathesis' own ASGI client),
so the app's start-up and shut-down run once, inside the test's rolled-back database.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from inclusion.insights import openreferral_requests, openreferral_routes
from tests.factories.sessions import make_series, make_session

EXAMPLES_PER_OPERATION = 25
OPERATIONS = 11  # the 6 lists (root included) and 5 single items
WITH_QUERY_PARAMETERS = 5  # the paged lists


@pytest.fixture
def operations(client, db_session, clock, monkeypatch):
    """The operations of the schema the app serves, with a few sessions to publish."""
    # Hundreds of requests from one address in one minute of the test's frozen clock.
    monkeypatch.setattr(openreferral_requests, "API_REQUESTS_PER_MINUTE", 100_000)
    make_series(db_session, clock() + timedelta(days=6, hours=-1), dates=3)
    make_session(db_session, clock() + timedelta(days=2), place_slug="howdon-library")
    db_session.commit()
    response = client.get(openreferral_routes.OPENAPI_PATH)
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(client, operation, mode: GenerationMode, sent: Counter) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_without_a_server_error(case):
        response = client.client.get(
            case.formatted_path, params=case.query or {}, headers=case.headers or {}
        )
        sent[case.operation.label] += 1
        case.validate_response(response, checks=[not_a_server_error])

    answers_without_a_server_error()


def test_requests_that_fit_the_schema_get_no_server_error(client, operations):
    assert len(operations) == OPERATIONS
    sent: Counter[str] = Counter()
    for operation in operations:
        fuzz(client, operation, GenerationMode.POSITIVE, sent)
    assert set(sent) == {operation.label for operation in operations}
    # The root takes no parameters: one request is all there is to send.
    assert sum(sent.values()) == (OPERATIONS - 1) * EXAMPLES_PER_OPERATION + 1


def test_requests_that_break_the_schema_get_no_server_error(client, operations):
    """Only query parameters can break it: a path id is any string."""
    with_query = [operation for operation in operations if len(operation.query)]
    assert len(with_query) == WITH_QUERY_PARAMETERS
    sent: Counter[str] = Counter()
    for operation in with_query:
        fuzz(client, operation, GenerationMode.NEGATIVE, sent)
    assert sum(sent.values()) == WITH_QUERY_PARAMETERS * EXAMPLES_PER_OPERATION
