"""Friendly error pages: never a stack trace, whatever went wrong."""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    TooManyRequestsException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from inclusion.web.shared_state import SharedStateUnavailable

log = logging.getLogger(__name__)

# "Try again in a few minutes": a database restart or fail-over takes about that long.
RETRY_AFTER_SECONDS = 120


SECRET_IN_PATH = re.compile(r"^(/staff/(?:set-up|password-reset))/[^/]+")


def loggable_path(path: str) -> str:
    """The path without the one-time tokens some links carry in it."""
    return SECRET_IN_PATH.sub(r"\1/…", path)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/healthz", "/readyz", "/metrics", "/static/"))


def not_found(request: Request, exc: NotFoundException) -> Response:
    if not _wants_html(request):
        return Response("Not found", status_code=404, media_type=MediaType.TEXT)
    return Template("errors/404.html", status_code=404)


def not_signed_in(request: Request, exc: NotAuthorizedException) -> Response:
    """Staff pages send someone without a session to sign in, and back afterwards."""
    target = request.url.path if request.method == "GET" else "/staff"
    return Redirect(f"/staff/sign-in?next={quote(target)}", status_code=303)


def forbidden(request: Request, exc: PermissionDeniedException) -> Response:
    if not _wants_html(request):
        return Response("Forbidden", status_code=403, media_type=MediaType.TEXT)
    return Template("errors/403.html", status_code=403)


def too_many_requests(request: Request, exc: TooManyRequestsException) -> Response:
    retry_after = (exc.headers or {}).get("Retry-After", "60")
    return Template(
        "errors/429.html",
        context={"hourly": int(retry_after) > 60},
        status_code=429,
        headers={"Retry-After": retry_after},
    )


def http_error(request: Request, exc: HTTPException) -> Response:
    if not _wants_html(request):
        return Response(exc.detail, status_code=exc.status_code, media_type=MediaType.TEXT)
    return Template(
        "errors/error.html", context={"status": exc.status_code}, status_code=exc.status_code
    )


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, loggable_path(request.url.path))
    if not _wants_html(request):
        return Response("Server error", status_code=500, media_type=MediaType.TEXT)
    return Template("errors/500.html", status_code=HTTP_500_INTERNAL_SERVER_ERROR)


def _unavailable(request: Request, staff: bool) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if not _wants_html(request):
        return Response(
            "Service unavailable",
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            media_type=MediaType.TEXT,
            headers=headers,
        )
    return Template(
        "errors/503.html",
        context={"staff": staff},
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
        headers=headers,
    )


def database_unavailable(request: Request, exc: Exception) -> Response:
    """The database did not answer: the pool reconnects by itself once it is back."""
    # The error's own text can carry the statement's parameters (names, emails): the
    # driver's first line says what went wrong without them.
    reason = str(getattr(exc, "orig", None) or type(exc).__name__).strip().splitlines()[:1]
    log.warning(
        "database unavailable on %s %s: %s",
        request.method,
        loggable_path(request.url.path),
        reason[0] if reason else type(exc).__name__,
    )
    return _unavailable(request, staff=False)


def shared_state_unavailable(request: Request, exc: SharedStateUnavailable) -> Response:
    """Redis did not answer (already logged where it failed)."""
    return _unavailable(request, staff=request.url.path.startswith("/staff"))


EXCEPTION_HANDLERS = {
    NotFoundException: not_found,
    NotAuthorizedException: not_signed_in,
    PermissionDeniedException: forbidden,
    TooManyRequestsException: too_many_requests,
    HTTPException: http_error,
    OperationalError: database_unavailable,
    InterfaceError: database_unavailable,
    PoolTimeout: database_unavailable,
    SharedStateUnavailable: shared_state_unavailable,
    Exception: server_error,
}
