"""A ceiling on form posts from one address, counted across every instance.

A library's public computers share one address, so the ceiling (a setting, 120 a
minute by default) is high: it stops a script hammering a form, not a busy class
booking sessions.
"""

from __future__ import annotations

import anyio
from litestar import Request
from litestar.exceptions import TooManyRequestsException

WINDOW_SECONDS = 60


async def limit_form_posts(request: Request) -> None:
    if request.method != "POST":
        return
    address = request.client.host if request.client else "unknown"
    counters = request.app.state.shared.counters
    count = await anyio.to_thread.run_sync(counters.hit, f"posts:{address}", WINDOW_SECONDS)
    if count > request.app.state.settings.form_posts_per_minute:
        raise TooManyRequestsException(headers={"Retry-After": str(WINDOW_SECONDS)})
