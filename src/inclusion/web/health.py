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
    """Ready to serve: the database answers a query and Redis, when there is one, a ping.

    The body names what is down, one line each, for whoever reads it during an outage.
    """
    state = request.app.state
    checks = {"database": state.db.is_ready()}
    if state.shared.redis is not None:
        checks["redis"] = state.shared.is_ready()
    down = [name for name, ready in checks.items() if not ready]
    if not down:
        return Response("ready", media_type="text/plain", status_code=HTTP_200_OK)
    return Response(
        "\n".join(["not ready", *(f"{name} unavailable" for name in down)]),
        media_type="text/plain",
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Cache-Control": "no-store"},
    )
