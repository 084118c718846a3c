"""Answers to question pages in progress, kept server-side until they are sent.

Residents have no account, so a random id in a cookie names their draft; the draft
lives an hour in the shared store (Redis on several instances). A submission lock lets
only the first of two presses of the final button go ahead, so a double click or a
resent form makes one booking or one request, whichever instance gets it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

from litestar import Request
from litestar.datastructures import Cookie

DRAFT_LIFETIME_SECONDS = 3600
SUBMISSION_LOCK_SECONDS = 60

T = TypeVar("T")


@dataclass(frozen=True)
class DraftStore(Generic[T]):
    """Drafts of one kind: `name` prefixes the cookie and the keys in the store;
    `kind` is the dataclass that holds the answers."""

    name: str
    kind: type[T]

    @property
    def cookie(self) -> str:
        return f"{self.name}-draft"

    def load(self, request: Request) -> tuple[str | None, T | None]:
        """The draft id from the cookie, and its draft while it lives."""
        draft_id = request.cookies.get(self.cookie)
        if not draft_id or len(draft_id) > 100:
            return None, None
        raw = _store(request).get(f"{self.name}-draft:{draft_id}")
        if raw is None:
            return draft_id, None
        try:
            return draft_id, self.kind(**json.loads(raw))
        except (TypeError, ValueError):
            return draft_id, None

    def save(self, request: Request, draft_id: str, draft: T) -> None:
        answers: Any = asdict(draft)  # type: ignore[call-overload]
        _store(request).set(
            f"{self.name}-draft:{draft_id}", json.dumps(answers), DRAFT_LIFETIME_SECONDS
        )

    def start(self, request: Request, draft: T) -> Cookie:
        """Keep a new draft; the cookie that names it is the caller's to set."""
        draft_id = secrets.token_urlsafe(24)
        self.save(request, draft_id, draft)
        return Cookie(
            key=self.cookie,
            value=draft_id,
            path="/",
            httponly=True,
            secure=request.app.state.settings.https,
            samesite="lax",
            max_age=DRAFT_LIFETIME_SECONDS,
        )

    def claim_submission(self, request: Request, draft_id: str) -> bool:
        """Only the first of two simultaneous submissions of one draft goes ahead."""
        return _store(request).add(f"{self.name}-submit:{draft_id}", "1", SUBMISSION_LOCK_SECONDS)

    def release_submission(self, request: Request, draft_id: str) -> None:
        _store(request).delete(f"{self.name}-submit:{draft_id}")


def _store(request: Request):
    return request.app.state.shared.sessions
