"""Residents and staff as browsers: each with cookies and an address of their own.

The instances trust X-Forwarded-For from 127.0.0.1, as they would from the load
balancer, so every simulated person can come from a different address and the
per-address limits count each one apart.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.orm import Session

from inclusion.db.engine import build_engine
from inclusion.staff import mfa
from tests.factories.sessions import make_session
from tests.factories.staff import make_staff

_addresses = itertools.count(1)


def new_address() -> str:
    number = next(_addresses)
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def browser(address: str | None = None) -> httpx.Client:
    """A browser; cookies are per host, not per port, so it carries them to every
    instance, as one site behind a load balancer."""
    return httpx.Client(timeout=30, headers={"X-Forwarded-For": address or new_address()})


def csrf_token(client: httpx.Client, base: str) -> str:
    if "csrftoken" not in client.cookies:
        client.get(f"{base}/sessions/")
    return client.cookies["csrftoken"]


def fill_in_booking(
    client: httpx.Client, bases: list[str], session_id: int, name: str, email: str | None = None
) -> str:
    """Every step of a booking but the last, each step on the next instance in turn."""
    turn = itertools.cycle(bases)
    token = csrf_token(client, next(turn))
    started = client.post(f"{next(turn)}/sessions/{session_id}/book", data={"_csrf_token": token})
    assert started.status_code == 303, started.text[:500]
    contact = {"contact-method": "email", "email": email} if email else {"contact-method": "none"}
    for step, data in (("name", {"name": name}), ("contact", contact), ("access-needs", {})):
        answer = client.post(
            f"{next(turn)}/sessions/{session_id}/book/{step}", data={**data, "_csrf_token": token}
        )
        assert answer.status_code == 303, answer.text[:500]
    return token


def confirm_booking(client: httpx.Client, base: str, session_id: int, token: str) -> httpx.Response:
    return client.post(f"{base}/sessions/{session_id}/book/check", data={"_csrf_token": token})


def confirmed(response: httpx.Response) -> bool:
    return response.status_code == 303 and "/bookings/" in response.headers.get("location", "")


def new_session(database_url: str, capacity: int = 8) -> int:
    engine = build_engine(database_url)
    with Session(engine) as session:
        made = make_session(
            session,
            datetime.now(UTC) + timedelta(days=7),
            capacity=capacity,
            title=f"Cluster test {uuid.uuid4().hex[:6]}",
        )
        session.commit()
        session_id = made.id
    engine.dispose()
    return session_id


def new_staff(database_url: str, secret_key: str, role: str = "library_staff"):
    engine = build_engine(database_url)
    with Session(engine) as session:
        staff = make_staff(
            session,
            secret_key,
            datetime.now(UTC),
            role,
            email=f"{role}-{uuid.uuid4().hex[:8]}@example.org",
        )
        session.commit()
    engine.dispose()
    return staff


def sign_in(client: httpx.Client, password_on: str, code_on: str, staff) -> str:
    """Password on one instance, authenticator code on another; the CSRF token."""
    client.get(f"{password_on}/staff/sign-in")
    token = client.cookies["csrftoken"]
    step = client.post(
        f"{password_on}/staff/sign-in",
        data={"email": staff.email, "password": staff.password, "_csrf_token": token},
    )
    assert step.status_code == 303, step.text[:500]
    code = mfa.code_at(staff.secret, datetime.now(UTC))
    done = client.post(f"{code_on}/staff/sign-in/code", data={"code": code, "_csrf_token": token})
    assert done.status_code == 303, done.text[:500]
    return token
