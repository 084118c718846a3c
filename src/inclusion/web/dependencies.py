"""Per-request dependencies every feature may ask for."""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Request
from sqlalchemy.orm import Session


def provide_db_session(request: Request) -> Iterator[Session]:
    """A database session for the request, committed when the handler returns.

    It commits whatever the response status, redirects included, because a form POST
    that answers 303 has succeeded; an exception rolls back.
    """
    with request.app.state.db.session() as session:
        yield session
