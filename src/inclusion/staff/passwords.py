"""Password hashing (argon2id) and the password rules NCSC and ASVS ask for.

At least 12 characters, not one of the 1,000 most common passwords, and no composition
rules or forced expiry: length and rarity are what make a password hard to guess.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from inclusion.i18n import _

MIN_LENGTH = 12
# Long passphrases are welcome; the cap only stops hashing megabytes on purpose.
MAX_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).with_name("data") / "common-passwords.txt"

_hasher = PasswordHasher()  # argon2id with the library's current recommended costs


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """What is wrong with a new password, in plain English, or None."""
    if len(password) < MIN_LENGTH:
        return _("Your password must be at least %(count)s characters long", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Your password must be %(count)s characters or fewer", count=MAX_LENGTH)
    if password.lower() in common_passwords():
        return _("That password is too common. Choose one that is harder to guess")
    if email and password.lower() == email.lower():
        return _("Your password must not be your email address")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash or len(password) > MAX_LENGTH:
        # Hash anyway so that a missing account takes as long as a wrong password.
        _hasher.hash("timing-equaliser")
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
