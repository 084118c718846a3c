"""Staff accounts for tests, signed in the way a person would sign in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.staff import mfa, queries
from inclusion.staff.crypto import encrypt
from inclusion.staff.passwords import hash_password

PASSWORD = "correct horse battery staple"


@dataclass
class TestStaff:
    id: int
    email: str
    password: str
    secret: str


def make_staff(
    session: Session,
    secret_key: str,
    now: datetime,
    role: str = "library_staff",
    venue_slugs: tuple[str, ...] = ("wallsend-library",),
    email: str | None = None,
) -> TestStaff:
    email = email or f"{role}.{len(venue_slugs)}.{now.timestamp():.0f}@example.org"
    venues = queries.places_by_slugs(session, list(venue_slugs)) if role == "library_staff" else []
    user = queries.create_user(session, email, role, venues, now)
    secret = mfa.new_secret()
    user.password_hash = hash_password(PASSWORD)
    user.totp_secret = encrypt(secret_key, secret)
    user.mfa_enabled = True
    session.flush()
    return TestStaff(user.id, user.email, PASSWORD, secret)


def csrf_from(html: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', html)[1]


def sign_in(client, staff: TestStaff, now: datetime):
    """Password, then the authenticator code of this moment; returns the last response."""
    client.get("/staff/sign-in")
    first = client.post("/staff/sign-in", {"email": staff.email, "password": staff.password})
    assert first.status_code == 303, first.text
    assert first.headers["location"].startswith("/staff/sign-in/code")
    second = client.post("/staff/sign-in/code", {"code": mfa.code_at(staff.secret, now)})
    assert second.status_code == 303, second.text
    return second
