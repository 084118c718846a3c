"""Demo staff accounts, one per role, so a developer can try the back office.

Their passwords are printed and their MFA secrets can be read back with
`inclusion users code`, which refuses any account that is not a demo one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.staff import mfa, queries
from inclusion.staff.crypto import decrypt, encrypt
from inclusion.staff.models import Role, StaffUser
from inclusion.staff.passwords import hash_password

DEMO_ACCOUNTS = (
    ("librarian@demo.getonline.invalid", Role.LIBRARY_STAFF, "wallsend-library"),
    ("officer@demo.getonline.invalid", Role.OFFICER, None),
    ("admin@demo.getonline.invalid", Role.ADMIN, None),
)
DEMO_PASSWORD = "demo password for the back office"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    password: str
    totp_secret: str


def load_demo_accounts(session: Session, secret_key: str, now: datetime) -> list[DemoAccount]:
    accounts = []
    for email, role, venue_slug in DEMO_ACCOUNTS:
        user = queries.user_by_email(session, email)
        if user is None:
            venues = queries.places_by_slugs(session, [venue_slug]) if venue_slug else []
            user = queries.create_user(session, email, role, venues, now)
            user.is_demo = True
            user.password_hash = hash_password(DEMO_PASSWORD)
            user.totp_secret = encrypt(secret_key, mfa.new_secret())
            user.mfa_enabled = True
        accounts.append(
            DemoAccount(email, role, DEMO_PASSWORD, decrypt(secret_key, user.totp_secret))
        )
    session.flush()
    return accounts


def current_code(user: StaffUser, secret_key: str, now: datetime) -> str:
    if not user.is_demo:
        raise PermissionError("only demo accounts reveal their codes")
    return mfa.code_at(decrypt(secret_key, user.totp_secret), now)
