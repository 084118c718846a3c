"""Prometheus metrics: requests and their latency per route template and status
class, and, read from the database at scrape time, the outbox, bookings and loan
requests by status.

Under several uvicorn workers each process counts its own requests: with
PROMETHEUS_MULTIPROC_DIR set (an empty directory, made before the workers start and
emptied when they all stop) every worker writes its counts there and any worker's
/metrics adds them up. Without it /metrics shows the one process that answered.
"""

from __future__ import annotations

import hmac
import logging
import os

from litestar import Request, Response, get
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST as TEXT_CONTENT_TYPE
from prometheus_client.multiprocess import MultiProcessCollector

from inclusion.web.observability.queries import counts_by_status

log = logging.getLogger(__name__)

# The "_created" series double the output and no dashboard here reads them.
disable_created_metrics()
# Litestar adds the charset itself.
CONTENT_TYPE = TEXT_CONTENT_TYPE.split("; charset")[0]

# The requests' own metrics live in a registry of their own, so that creating a second
# app in one process (as tests do) does not register them twice.
REQUESTS = CollectorRegistry(auto_describe=True)

REQUEST_COUNT = Counter(
    "inclusion_http_requests",
    "HTTP requests answered, by route template, method and status class.",
    ["route", "method", "status"],
    registry=REQUESTS,
)
REQUEST_LATENCY = Histogram(
    "inclusion_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route template.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REQUESTS,
)

METRICS_PATH = "/metrics"


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUEST_COUNT.labels(route, method, f"{status // 100}xx").inc()
    REQUEST_LATENCY.labels(route, method).observe(seconds)


class DatabaseCounts:
    """Counts read when Prometheus scrapes, so every instance reports the same truth."""

    def __init__(self, db) -> None:
        self._db = db

    def collect(self):
        up = GaugeMetricFamily(
            "inclusion_database_up", "1 when the database answered this scrape's counts."
        )
        try:
            with self._db.session(write=False) as session:
                counts = counts_by_status(session)
        except Exception as error:  # noqa: BLE001 - the scrape still reports the rest
            log.warning("metrics: database counts unavailable (%s)", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, by_status in counts.items():
            family = GaugeMetricFamily(
                f"inclusion_{name}", f"Rows in {name} by status.", labels=["status"]
            )
            for status, count in sorted(by_status.items()):
                family.add_metric([status], count)
            yield family


class _RequestMetrics:
    def collect(self):
        yield from REQUESTS.collect()


def exposition(db) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_RequestMetrics())
    registry.register(DatabaseCounts(db))
    return generate_latest(registry)


def _authorised(request: Request) -> bool:
    token = request.app.state.settings.metrics_token
    if not token:
        return True
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@get(METRICS_PATH, name="metrics", sync_to_thread=True, include_in_schema=False)
def metrics(request: Request) -> Response[bytes]:
    """Prometheus text format; with INCLUSION_METRICS_TOKEN set, only for its bearer."""
    if not _authorised(request):
        return Response(
            b"Unauthorized",
            status_code=401,
            media_type="text/plain",
            headers={"WWW-Authenticate": "Bearer", "Cache-Control": "no-store"},
        )
    return Response(
        exposition(request.app.state.db),
        media_type=CONTENT_TYPE,
        headers={"Cache-Control": "no-store"},
    )
