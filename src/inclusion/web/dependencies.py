"""Per-request dependencies every feature may ask for."""

from __future__ import annotations

from collections.abc import AsyncIterator

from litestar import Request
from sqlalchemy.orm import Session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def provide_db_session(request: Request) -> AsyncIterator[Session]:
    """A database session for the request, committed when the handler returns.

    It commits whatever the response status, redirects included, because a form POST
    that answers 303 has succeeded; an exception rolls back.

    The generator is async so that its commit runs on the event loop: run in the thread
    pool, a commit could wait for a free thread while every thread waits for the lock
    that commit would release.
    """
    session = request.app.state.db.new_session(write=request.method not in SAFE_METHODS)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
