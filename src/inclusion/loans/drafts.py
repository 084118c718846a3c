"""A device request in progress: the answers from each question page, kept server-side.

As with bookings (inclusion.sessions.drafts), a random id in a cookie names the draft,
which lives an hour in the shared store. Who the device is for lives only here: the
request needs the name and a way to reach someone, not how they know each other. Once
submitted, the draft remembers its reference, so pressing the button twice asks once.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass

from litestar import Request
from litestar.datastructures import Cookie

DRAFT_COOKIE = "loan-draft"
DRAFT_LIFETIME_SECONDS = 3600
SUBMISSION_LOCK_SECONDS = 60


@dataclass
class LoanDraft:
    device_type: str = ""  # a DeviceType slug
    place: str = ""  # a Place slug
    for_whom: str = ""  # "me" or "someone-else"
    in_north_tyneside: str = ""  # "yes" or "no"
    no_device_or_connection: str = ""  # "yes" or "no"
    low_income: str = ""  # "yes", "no" or "not-said"
    name: str = ""
    contact_method: str = ""
    email: str = ""
    phone: str = ""
    done_reference: str = ""

    @property
    def eligible(self) -> bool:
        return self.in_north_tyneside == "yes" and self.no_device_or_connection == "yes"


def _store(request: Request):
    return request.app.state.shared.sessions


def _key(draft_id: str) -> str:
    return f"loan-draft:{draft_id}"


def load(request: Request) -> tuple[str | None, LoanDraft | None]:
    draft_id = request.cookies.get(DRAFT_COOKIE)
    if not draft_id or len(draft_id) > 100:
        return None, None
    raw = _store(request).get(_key(draft_id))
    if raw is None:
        return draft_id, None
    try:
        return draft_id, LoanDraft(**json.loads(raw))
    except (TypeError, ValueError):
        return draft_id, None


def save(request: Request, draft_id: str, draft: LoanDraft) -> None:
    _store(request).set(_key(draft_id), json.dumps(asdict(draft)), DRAFT_LIFETIME_SECONDS)


def start(request: Request, draft: LoanDraft) -> Cookie:
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
    return _store(request).add(f"loan-submit:{draft_id}", "1", SUBMISSION_LOCK_SECONDS)


def release_submission(request: Request, draft_id: str) -> None:
    _store(request).delete(f"loan-submit:{draft_id}")
