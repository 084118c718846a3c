"""Request ids, JSON log lines and /metrics, as an operator's tools read them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from inclusion.app import create_app
from inclusion.db.engine import Database
from inclusion.insights.openreferral_routes import OPENAPI_PATH
from inclusion.notify.models import OutboxMessage
from inclusion.web.observability.logs import JsonFormatter
from tests.servers import free_port

FIND = "/find?postcode=NE29"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Everything logged during the test, as the JSON format writes it. Ask for it after
    the app: making an app sets logging up afresh."""
    with capturing_json() as stream:
        yield stream


@contextmanager
def capturing_json() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def parsed(stream: io.StringIO) -> list[dict]:
    """The app's lines (the test client's own httpx lines name the URL it asked for)."""
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    return [line for line in lines if line["logger"] != "httpx"]


def test_a_request_id_is_made_and_returned(client):
    response = client.get(FIND)
    assert len(response.headers["x-request-id"]) == 32
    assert client.get(FIND).headers["x-request-id"] != response.headers["x-request-id"]


def test_a_valid_incoming_request_id_round_trips_and_a_bad_one_is_replaced(client):
    given = "proxy-1f3a9c2e-0001"
    assert client.get(FIND, headers={"X-Request-ID": given}).headers["x-request-id"] == given
    for bad in ("short", "<script>alert(1)</script>-xxxxxxxx", "x" * 200):
        returned = client.get(FIND, headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert returned != bad and len(returned) == 32


def test_each_request_writes_one_json_line_with_its_id_and_no_query_string(client, json_lines):
    response = client.get(
        FIND + "&token=secret-token-value", headers={"X-Request-ID": "req-12345678"}
    )
    lines = [line for line in parsed(json_lines) if line["logger"] == "inclusion.requests"]
    [line] = [line for line in lines if line["request_id"] == "req-12345678"]
    assert line["method"] == "GET" and line["route"] == "/find"
    assert line["status"] == response.status_code == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert {"time", "level", "logger", "message"} <= line.keys()
    assert "secret-token-value" not in json.dumps(parsed(json_lines))


def test_a_token_in_the_path_is_logged_as_the_route_template(client, json_lines):
    client.get("/staff/set-up/one-time-token-abcdef")
    assert "one-time-token-abcdef" not in json.dumps(parsed(json_lines))
    routes = {line.get("route") for line in parsed(json_lines)}
    assert "/staff/set-up/{token}" in routes


def test_lines_logged_inside_a_request_carry_its_id(settings):
    """The friendly 503 logs why, and that line names the request it belongs to."""
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    app = create_app(replace(settings, database_url=url), db=Database.from_url(url))
    with (
        capturing_json() as json_lines,
        TestClient(app=app, raise_server_exceptions=False) as client,
    ):
        client.get(FIND, headers={"X-Request-ID": "outage-12345678"})
    mine = [line for line in parsed(json_lines) if line["request_id"] == "outage-12345678"]
    loggers = {line["logger"] for line in mine}
    assert {"inclusion.web.errors", "inclusion.requests"} <= loggers
    [warning] = [line for line in mine if line["logger"] == "inclusion.web.errors"]
    assert warning["level"] == "WARNING" and "database unavailable" in warning["message"]


def _samples(text: str) -> dict[str, list]:
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def test_metrics_parse_and_count_a_request(client):
    client.get(FIND)
    client.get(FIND)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = _samples(response.text)
    finds = [
        sample
        for sample in families["inclusion_http_requests"]
        if sample.labels == {"route": "/find", "method": "GET", "status": "2xx"}
    ]
    assert finds and finds[0].value >= 2
    assert any(
        sample.labels.get("route") == "/find"
        for sample in families["inclusion_http_request_duration_seconds"]
    )
    assert families["inclusion_database_up"][0].value == 1
    statuses = {s.labels["status"] for s in families["inclusion_bookings"]}
    assert {"confirmed", "waiting", "cancelled"} <= statuses
    outbox = {s.labels["status"] for s in families["inclusion_outbox_messages"]}
    assert {"pending", "failed"} <= outbox
    assert "on_loan" in {s.labels["status"] for s in families["inclusion_loan_requests"]}


def _failed_messages(client) -> float:
    [failed] = [
        sample
        for sample in _samples(client.get("/metrics").text)["inclusion_outbox_messages"]
        if sample.labels["status"] == "failed"
    ]
    return failed.value


def test_metrics_count_what_the_database_holds_at_scrape_time(client, db_session):
    before = _failed_messages(client)
    now = datetime.now(UTC)
    db_session.add(
        OutboxMessage(
            reference="metrics-test-1",
            channel="email",
            recipient="someone@example.org",
            locale="en",
            template="test",
            subject="Subject",
            body="Body",
            status="failed",
            attempts=5,
            next_attempt_at=now,
            created_at=now,
        )
    )
    db_session.commit()
    assert _failed_messages(client) == before + 1


def test_metrics_are_not_in_the_api_schema_nor_linked_from_the_site(client):
    schema = client.get(OPENAPI_PATH, check=False).json()
    assert "/metrics" not in schema.get("paths", {})
    assert "/metrics" not in client.get("/").text


def test_metrics_can_require_a_bearer_token(db, settings):
    app = create_app(replace(settings, metrics_token="a-long-scrape-token"), db=db)
    with TestClient(app=app) as client:
        refused = client.get("/metrics")
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        wrong = client.get("/metrics", headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code == 401
        allowed = client.get("/metrics", headers={"Authorization": "Bearer a-long-scrape-token"})
        assert allowed.status_code == 200 and "inclusion_http_requests" in allowed.text


def test_metrics_still_answer_when_the_database_does_not(settings):
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    app = create_app(replace(settings, database_url=url), db=Database.from_url(url))
    with TestClient(app=app) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    assert _samples(response.text)["inclusion_database_up"][0].value == 0
