"""An hourly ceiling on feedback and problem reports from one address.

Every form post already counts towards the per-minute ceiling (web/request_checks.py);
this one is lower and longer, because a person gives feedback now and then, while a
script filling the triage queue would not stop at a minute's worth. A library's public
computers share one address, so the message points to the staff there.
"""

from __future__ import annotations

from litestar import Request

WINDOW_SECONDS = 3600


def too_much_feedback(request: Request) -> bool:
    """Count this submission; True when it is over the hour's ceiling."""
    address = request.client.host if request.client else "unknown"
    counters = request.app.state.shared.counters
    limit = request.app.state.settings.feedback_per_address_per_hour
    return counters.hit(f"feedback:{address}", WINDOW_SECONDS) > limit
