"""A booking in progress: the answers from each question page, kept server-side.

Residents have no account, so a random id in a cookie names their draft; the draft
lives an hour in the shared store (Redis on several instances). When it is submitted it
remembers the booking it made, so pressing the button twice books once.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field

from litestar import Request
from litestar.datastructures import Cookie

DRAFT_COOKIE = "booking-draft"
DRAFT_LIFETIME_SECONDS = 3600
SUBMISSION_LOCK_SECONDS = 60


@dataclass
class Draft:
    session_id: int
    whole_series: bool = False
    waiting: bool = False  # joining the waiting list rather than booking
    name: str = ""
    contact_method: str = ""
    email: str = ""
    phone: str = ""
    access_needs: str = ""
    # After submission: the references made, so a second press shows them again.
    done_references: list[str] = field(default_factory=list)


def _store(request: Request):
    return request.app.state.shared.sessions


def _key(draft_id: str) -> str:
    return f"booking-draft:{draft_id}"


def load(request: Request) -> tuple[str | None, Draft | None]:
    draft_id = request.cookies.get(DRAFT_COOKIE)
    if not draft_id or len(draft_id) > 100:
        return None, None
    raw = _store(request).get(_key(draft_id))
    if raw is None:
        return draft_id, None
    try:
        return draft_id, Draft(**json.loads(raw))
    except (TypeError, ValueError):
        return draft_id, None


def save(request: Request, draft_id: str, draft: Draft) -> None:
    _store(request).set(_key(draft_id), json.dumps(asdict(draft)), DRAFT_LIFETIME_SECONDS)


def start(request: Request, draft: Draft) -> Cookie:
    draft_id = secrets.token_urlsafe(24)
    save(request, draft_id, draft)
    return Cookie(
        key=DRAFT_COOKIE,
        value=draft_id,
        path="/",
        httponly=True,
        secure=request.app.state.settings.https,
        samesite="lax",
        max_age=DRAFT_LIFETIME_SECONDS,
    )


def claim_submission(request: Request, draft_id: str) -> bool:
    """Only the first of two simultaneous submissions of one draft goes ahead."""
    return _store(request).add(f"booking-submit:{draft_id}", "1", SUBMISSION_LOCK_SECONDS)


def release_submission(request: Request, draft_id: str) -> None:
    _store(request).delete(f"booking-submit:{draft_id}")
