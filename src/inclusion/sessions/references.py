"""Booking references a person can read out on the phone, and secret manage tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

# No 0/O, 1/I, and no vowels-that-spell-words worry: 32 symbols, 8 of them = 40 bits.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_reference(reference: str) -> str:
    """KM7Q-4XTP: two groups of four are easier to read and say."""
    return f"{reference[:4]}-{reference[4:]}"


def normalise_reference(typed: str) -> str | None:
    compact = re.sub(r"[\s-]+", "", typed or "").upper()
    if len(compact) != LENGTH or any(char not in ALPHABET for char in compact):
        return None
    return compact


def manage_token(secret_key: str, reference: str, purpose: str = "booking") -> str:
    """The secret in a booking's (or a loan request's) link: an HMAC of its reference.

    Derived rather than stored, so every message (a reminder, an offer) can carry the
    link again; without the app's secret key nobody can make one. `purpose` keeps a
    booking's token from opening a loan request that happens to share its reference.
    """
    digest = hmac.new(secret_key.encode(), f"{purpose}:{reference}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:18]).decode()


def token_matches(
    secret_key: str, reference: str, token: str | None, purpose: str = "booking"
) -> bool:
    if not token or len(token) > 100:
        return False
    return hmac.compare_digest(manage_token(secret_key, reference, purpose), token)


@dataclass(frozen=True)
class Links:
    """Builds the public links messages carry."""

    base_url: str
    secret_key: str

    @classmethod
    def from_settings(cls, settings) -> Links:
        return cls(settings.base_url, settings.secret_key)

    def manage(self, reference: str) -> str:
        token = manage_token(self.secret_key, reference)
        return f"{self.base_url}/bookings/{reference}?token={token}"

    def loan(self, reference: str) -> str:
        token = manage_token(self.secret_key, reference, "loan")
        return f"{self.base_url}/loans/{reference}?token={token}"
