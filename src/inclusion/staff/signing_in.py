"""The rules of signing in, apart from HTTP: checking a password or code, counting
failures, starting and ending sessions, and recording each step in the audit log.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from litestar import Request
from litestar.datastructures import Cookie
from sqlalchemy.orm import Session

from inclusion.staff import mfa, queries
from inclusion.staff.auth import now_for, session_cookie, session_store
from inclusion.staff.crypto import decrypt, encrypt
from inclusion.staff.models import StaffUser
from inclusion.staff.passwords import hash_password, needs_rehash, verify_password
from inclusion.staff.sessions import StaffSession, Stage

MAX_FAILURES = 10
FAILURE_WINDOW = timedelta(minutes=15)
RESET_LINK_LIFETIME = timedelta(minutes=30)
SET_UP_LINK_LIFETIME = timedelta(days=7)


def _failure_key(email: str) -> str:
    return f"sign-in-failures:{queries.normalise_email(email)}"


def is_locked(request: Request, email: str) -> bool:
    """Too many recent failures for this email, whether or not an account has it, so
    the locked message says nothing about which accounts exist."""
    counters = request.app.state.shared.counters
    # Strict: without the count, password guesses would go unlimited.
    return counters.count(_failure_key(email), strict=True) >= MAX_FAILURES


def count_failure(request: Request, email: str) -> None:
    window = int(FAILURE_WINDOW.total_seconds())
    request.app.state.shared.counters.hit(_failure_key(email), window, strict=True)


def clear_failures(request: Request, email: str) -> None:
    request.app.state.shared.counters.reset(_failure_key(email), strict=True)


def check_password(session: Session, email: str, password: str) -> StaffUser | None:
    user = queries.user_by_email(session, email)
    if user is None or not user.is_active:
        verify_password(None, password)  # the same work as a real check
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def check_code(request: Request, session: Session, user: StaffUser, code: str) -> str | None:
    """'totp' or 'recovery' when the code is right (a recovery code is spent), else None."""
    now = now_for(request)
    secret = decrypt(request.app.state.settings.secret_key, user.totp_secret or "")
    step = mfa.accepted_step(secret, code, now, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return "totp"
    recovery = queries.unused_recovery_code(session, user, mfa.hash_recovery_code(code))
    if recovery is not None:
        recovery.used_at = now
        return "recovery"
    return None


def start_session(request: Request, user_id: int, stage: str, **extra) -> Cookie:
    """A new session (never a reused id) and the cookie that carries it."""
    now = now_for(request).timestamp()
    data = StaffSession(user_id=user_id, stage=stage, started_at=now, last_seen_at=now, **extra)
    session_id = session_store(request).create(data)
    return session_cookie_for(request, session_id)


def start_mfa_set_up(request: Request, user_id: int) -> Cookie:
    """A session for setting up MFA, holding the new secret until a code confirms it."""
    secret = encrypt(request.app.state.settings.secret_key, mfa.new_secret())
    return start_session(request, user_id, Stage.SET_UP_MFA, pending_totp_secret=secret)


def session_cookie_for(request: Request, session_id: str) -> Cookie:
    return Cookie(
        key=session_cookie(request),
        value=session_id,
        path="/",
        httponly=True,
        secure=request.app.state.settings.https,
        samesite="lax",
    )


def end_session(request: Request) -> Cookie:
    """Forget the current session, and a cookie that clears it in the browser."""
    session_id = request.cookies.get(session_cookie(request))
    session_store(request).delete(session_id)
    cookie = session_cookie_for(request, "")
    cookie.max_age = 0
    return cookie


def pending_session(request: Request, stage: str) -> StaffSession | None:
    """The in-between session of a sign-in or set-up that has reached `stage`."""
    session_id = request.cookies.get(session_cookie(request))
    data = session_store(request).load(session_id)
    if data is None or data.stage != stage or data.expired(now_for(request)):
        return None
    return data


def complete_sign_in(request: Request, session: Session, user: StaffUser, how: str) -> Cookie:
    now = now_for(request)
    session_store(request).delete(request.cookies.get(session_cookie(request)))
    user.last_signed_in_at = now
    clear_failures(request, user.email)
    audit(request, session, "sign_in", user.id, details={"second_factor": how})
    return start_session(request, user.id, Stage.SIGNED_IN)


def audit(
    request: Request,
    session: Session,
    action: str,
    actor_id: int | None,
    target_type: str | None = None,
    target_id: object = None,
    details: dict | None = None,
) -> None:
    queries.record_audit(
        session,
        now=now_for(request),
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        details=details,
        ip_address=request.client.host if request.client else None,
    )


def safe_next(path: str | None) -> str:
    """Only a path inside the back office; anything else could send staff elsewhere."""
    if path and path.startswith("/staff") and not path.startswith("//") and "\\" not in path:
        return path
    return "/staff"


def sign_out_everywhere(user: StaffUser, now: datetime) -> None:
    user.sessions_valid_after = now
