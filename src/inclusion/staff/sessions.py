"""Staff sessions: a random id in a cookie, the rest server-side in the shared store.

A session is created afresh at each step of signing in (password, then code), so an id
seen before sign-in is worthless after it. It lapses after 30 idle minutes and 12 hours
in all, and "sign out everywhere" voids every session begun before that moment.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from inclusion.web.shared_state import KeyValueStore

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# Between the password and the code: long enough to open an authenticator app.
MFA_STEP_TIMEOUT = timedelta(minutes=10)


class Stage:
    PASSWORD_OK = "password_ok"  # waiting for the second factor
    SET_UP_MFA = "set_up_mfa"  # password chosen from a set-up link; MFA not yet set up
    SIGNED_IN = "signed_in"


@dataclass
class StaffSession:
    user_id: int
    stage: str
    started_at: float  # POSIX seconds, from the app's clock
    last_seen_at: float
    # While setting up MFA, the not-yet-confirmed secret (encrypted) lives here.
    pending_totp_secret: str | None = None

    def expired(self, now: datetime) -> bool:
        moment = now.timestamp()
        if self.stage != Stage.SIGNED_IN:
            return moment - self.started_at > MFA_STEP_TIMEOUT.total_seconds()
        return (
            moment - self.last_seen_at > IDLE_TIMEOUT.total_seconds()
            or moment - self.started_at > ABSOLUTE_TIMEOUT.total_seconds()
        )


def cookie_name(https: bool) -> str:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this
    # host only and for the whole site, so it is used whenever the site is on HTTPS.
    return "__Host-staff-session" if https else "staff-session"


class SessionStore:
    def __init__(self, store: KeyValueStore) -> None:
        self._store = store

    @staticmethod
    def _key(session_id: str) -> str:
        return f"staff-session:{session_id}"

    def create(self, session: StaffSession) -> str:
        session_id = secrets.token_urlsafe(32)
        self.save(session_id, session)
        return session_id

    def save(self, session_id: str, session: StaffSession) -> None:
        self._store.set(
            self._key(session_id),
            json.dumps(asdict(session)),
            expires_in=int(ABSOLUTE_TIMEOUT.total_seconds()),
        )

    def load(self, session_id: str | None) -> StaffSession | None:
        if not session_id or len(session_id) > 100:
            return None
        raw = self._store.get(self._key(session_id))
        if raw is None:
            return None
        try:
            return StaffSession(**json.loads(raw))
        except (TypeError, ValueError):
            return None

    def delete(self, session_id: str | None) -> None:
        if session_id:
            self._store.delete(self._key(session_id))
