"""Liveness and readiness for the load balancer and the process supervisor."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE


@get("/healthz", name="healthz", sync_to_thread=False, include_in_schema=False)
def healthz() -> Response[str]:
    """The process answers; it says nothing of the database."""
    return Response("ok", media_type="text/plain")


@get("/readyz", name="readyz", sync_to_thread=True, include_in_schema=False)
def readyz(request: Request) -> Response[str]:
    """Ready to serve: the database answers a query."""
    if request.app.state.db.is_ready():
        return Response("ready", media_type="text/plain", status_code=HTTP_200_OK)
    return Response(
        "database unavailable", media_type="text/plain", status_code=HTTP_503_SERVICE_UNAVAILABLE
    )
