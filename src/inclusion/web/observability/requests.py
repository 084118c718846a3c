"""The outermost middleware: a request id, one log line and the metrics per request.

An incoming X-Request-ID (from the reverse proxy) is kept when it looks like an id,
so one id follows a request from the proxy's log to ours; otherwise one is made. It
goes back in the response's X-Request-ID header.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from inclusion.web.observability.logs import REQUEST_ID
from inclusion.web.observability.metrics import METRICS_PATH, observe_request

log = logging.getLogger("inclusion.requests")

VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,100}")
# Probes come every few seconds from each load balancer: counted, never logged.
QUIET_PATHS = frozenset({"/healthz", "/readyz", METRICS_PATH})
# A path that matched no route is reported as this, never as what was asked for.
UNMATCHED = "unmatched"


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if VALID_REQUEST_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex


class RequestObserver:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or UNMATCHED
            method = scope.get("method", "GET")
            observe_request(route, method, status, seconds)
            if scope.get("path") not in QUIET_PATHS:
                log.info(
                    "%s %s %s",
                    method,
                    route,
                    status,
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
            REQUEST_ID.reset(token)
