"""Time-based one-time codes (TOTP), their QR code, and one-time recovery codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import secrets
from datetime import datetime

import pyotp
import segno

ISSUER = "Get Online North Tyneside"
RECOVERY_CODE_COUNT = 10
# 10 characters from a 32-letter alphabet: 50 bits, far beyond guessing at our rate limits.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI: an <img> the CSP allows, with no script."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def normalise_code(text: str) -> str:
    return re.sub(r"[\s-]+", "", text or "").upper()


def accepted_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step a six-digit code matches (allowing one step of clock drift), or None.

    A step at or before `last_step` was already used and is refused, so a code seen over
    someone's shoulder cannot be replayed.
    """
    code = normalise_code(code)
    if not re.fullmatch(r"[0-9]{6}", code):  # \d would let in other scripts' digits
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_at(secret: str, now: datetime) -> str:
    return pyotp.TOTP(secret).at(now)


def new_recovery_codes() -> list[str]:
    return [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
