"""Checks before any handler: ids that cannot exist, and a ceiling on form posts from
one address, counted across every instance.

A library's public computers share one address, so the ceiling (a setting, 120 a
minute by default) is high: it stops a script hammering a form, not a busy class
booking sessions.
"""

from __future__ import annotations

import anyio
from litestar import Request
from litestar.exceptions import NotFoundException, TooManyRequestsException

WINDOW_SECONDS = 60


# Ids are 32-bit integers in PostgreSQL; a larger one in a URL names nothing.
LARGEST_ID = 2**31 - 1


async def before_each_request(request: Request) -> None:
    refuse_impossible_ids(request)
    await limit_form_posts(request)


def refuse_impossible_ids(request: Request) -> None:
    """A number in a path too big for any id is "not found", not a database error."""
    for value in request.path_params.values():
        if isinstance(value, int) and not 0 <= value <= LARGEST_ID:
            raise NotFoundException()


async def limit_form_posts(request: Request) -> None:
    if request.method != "POST":
        return
    address = request.client.host if request.client else "unknown"
    counters = request.app.state.shared.counters
    count = await anyio.to_thread.run_sync(counters.hit, f"posts:{address}", WINDOW_SECONDS)
    if count > request.app.state.settings.form_posts_per_minute:
        raise TooManyRequestsException(headers={"Retry-After": str(WINDOW_SECONDS)})
