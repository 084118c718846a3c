"""Who is signed in, and guards that keep every staff route behind the right role.

Guards run before a handler's dependencies: `staff_required` loads the session and the
account, and refuses a lapsed session, a deactivated account or a session begun before
"sign out everywhere". Role guards then check the role; venue checks happen in the
handler, where the venue is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import anyio
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from inclusion.staff.models import Role, StaffUser
from inclusion.staff.queries import user_by_id
from inclusion.staff.sessions import SessionStore, Stage, cookie_name


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    role: str
    venue_ids: frozenset[int]
    session_id: str


def session_store(connection: ASGIConnection) -> SessionStore:
    return SessionStore(connection.app.state.shared.sessions)


def session_cookie(connection: ASGIConnection) -> str:
    return cookie_name(connection.app.state.settings.https)


def now_for(connection: ASGIConnection) -> datetime:
    return connection.app.state.clock()


def _load_user(connection: ASGIConnection, user_id: int) -> StaffUser | None:
    with connection.app.state.db.session(write=False) as session:
        user = user_by_id(session, user_id)
        if user is not None:
            session.expunge(user)  # its venues were loaded with it
        return user


def _signed_in(connection: ASGIConnection) -> SignedIn | None:
    """The signed-in staff member, touching their session; None if there is none."""
    store = session_store(connection)
    session_id = connection.cookies.get(session_cookie(connection))
    data = store.load(session_id)
    if data is None or data.stage != Stage.SIGNED_IN:
        return None
    user = _load_user(connection, data.user_id)
    valid_after = user.sessions_valid_after if user else None
    if (
        data.expired(now_for(connection))
        or user is None
        or not user.is_active
        or (valid_after is not None and data.started_at < valid_after.timestamp())
    ):
        store.delete(session_id)
        return None
    data.last_seen_at = now_for(connection).timestamp()
    store.save(session_id, data)
    return SignedIn(user.id, user.role, frozenset(user.venue_ids), session_id)


async def staff_required(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    # The store and the database block: look them up off the event loop.
    signed_in = await anyio.to_thread.run_sync(_signed_in, connection)
    if signed_in is None:
        raise NotAuthorizedException()
    connection.state.signed_in = signed_in


def role_required(*roles: Role):
    """A guard admitting only these roles (after `staff_required`)."""

    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        signed_in: SignedIn = connection.state.signed_in
        if signed_in.role not in roles:
            raise PermissionDeniedException()

    guard.__name__ = f"role_required({', '.join(roles)})"
    return guard


def provide_signed_in(request: Request) -> SignedIn:
    return request.state.signed_in
