"""What every form shares: reading posted fields, collecting errors for the summary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from inclusion.i18n import _

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL_LENGTH = 254
TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object) -> str:
    """Text without control characters, which no one means to type and HTML cannot hold."""
    return CONTROL_CHARACTERS.sub("", str(value)).strip()


def field_text(data: Mapping[str, Any], name: str, max_length: int = 1000) -> str:
    """A posted field as clean text; a repeated field gives its first value.

    Anything far beyond `max_length` is cut, so validation can still say "too long"
    without carrying megabytes around.
    """
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return clean_text(value)[: max_length * 4]


def field_list(data: Mapping[str, Any], name: str) -> list[str]:
    value = data.get(name, [])
    values = value if isinstance(value, list) else [value]
    return [clean_text(v) for v in values if clean_text(v)]


@dataclass
class Errors:
    """Field errors, in the order they appear on the page, keyed by the field's id."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, field_id: str, message: str) -> None:
        self.by_field.setdefault(field_id, message)

    def get(self, field_id: str) -> str | None:
        return self.by_field.get(field_id)

    def message(self, field_id: str) -> dict[str, str] | None:
        """The errorMessage parameter GOV.UK Frontend's macros take."""
        text = self.by_field.get(field_id)
        return {"text": text, "visuallyHiddenText": _("Error")} if text else None

    def __bool__(self) -> bool:
        return bool(self.by_field)

    @property
    def summary(self) -> list[dict[str, str]]:
        return [{"text": text, "href": f"#{key}"} for key, text in self.by_field.items()]


def check_email(errors: Errors, field_id: str, email: str) -> None:
    if not email:
        errors.add(field_id, _("Enter your email address"))
    elif len(email) > MAX_EMAIL_LENGTH:
        errors.add(field_id, _("Email address must be 254 characters or fewer"))
    elif not EMAIL_PATTERN.match(email):
        errors.add(
            field_id, _("Enter an email address in the correct format, like name@example.com")
        )


def parse_time(text: str) -> time | None:
    """9, 9:30, 09.30, 5:30pm, 17:30 -> a time; None if it is not one."""
    match = TIME_PATTERN.match(text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    suffix = (match[3] or "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


ASCII_DIGITS = re.compile(r"[0-9]{1,9}")


def whole_number(text: str) -> int | None:
    """A small whole number typed in ASCII digits, or None (never an exception).

    str.isdigit() also accepts "²" and other digits int() refuses."""
    return int(text) if ASCII_DIGITS.fullmatch(text or "") else None


def parse_date(day: str, month: str, year: str) -> date | None:
    numbers = [whole_number(part) for part in (year, month, day)]
    if None in numbers:
        return None
    try:
        return date(*numbers)
    except (ValueError, OverflowError):
        return None
