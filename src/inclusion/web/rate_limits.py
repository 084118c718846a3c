"""A ceiling on form posts from one address, counted across every instance.

A library's public computers share one address, so the ceiling is high: it stops a
script hammering a form, not a busy class booking sessions.
"""

from __future__ import annotations

import anyio
from litestar import Request
from litestar.exceptions import TooManyRequestsException

POSTS_PER_MINUTE = 120
WINDOW_SECONDS = 60


async def limit_form_posts(request: Request) -> None:
    if request.method != "POST":
        return
    address = request.client.host if request.client else "unknown"
    counters = request.app.state.shared.counters
    count = await anyio.to_thread.run_sync(counters.hit, f"posts:{address}", WINDOW_SECONDS)
    if count > POSTS_PER_MINUTE:
        raise TooManyRequestsException(headers={"Retry-After": str(WINDOW_SECONDS)})
