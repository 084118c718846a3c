"""Staff forms: parse what was posted and say plainly what to fix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from inclusion.i18n import _
from inclusion.staff.models import Role
from inclusion.staff.passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH
from inclusion.staff.passwords import password_problem
from inclusion.web.forms import (
    Errors,
    check_email,
    field_list,
    field_text,
    parse_date,
    parse_time,
    whole_number,
)

MAX_REASON_LENGTH = 300
MAX_NETWORK_NAME_LENGTH = 100
WEEKDAYS = range(7)


@dataclass
class SignInForm:
    email: str = ""
    password: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_sign_in(data: Mapping[str, Any]) -> SignInForm:
    form = SignInForm(field_text(data, "email"), field_text(data, "password", MAX_PASSWORD_LENGTH))
    check_email(form.errors, "email", form.email)
    if not form.password:
        form.errors.add("password", _("Enter your password"))
    return form


@dataclass
class CodeForm:
    code: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_code(data: Mapping[str, Any]) -> CodeForm:
    form = CodeForm(field_text(data, "code", 40))
    if not form.code:
        form.errors.add("code", _("Enter the 6-digit code from your authenticator app"))
    return form


@dataclass
class NewPasswordForm:
    errors: Errors = field(default_factory=Errors)
    password: str = ""


def parse_new_password(data: Mapping[str, Any], email: str) -> NewPasswordForm:
    """Passwords are never sent back to the page, so a mistake means typing both again."""
    password = field_text(data, "password", MAX_PASSWORD_LENGTH)
    confirm = field_text(data, "confirm-password", MAX_PASSWORD_LENGTH)
    form = NewPasswordForm(password=password)
    if not password:
        form.errors.add("password", _("Enter a new password"))
    elif problem := password_problem(password, email):
        form.errors.add("password", problem)
    elif password != confirm:
        form.errors.add("confirm-password", _("The passwords do not match"))
    return form


@dataclass
class EmailForm:
    email: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_email(data: Mapping[str, Any]) -> EmailForm:
    form = EmailForm(field_text(data, "email"))
    check_email(form.errors, "email", form.email)
    return form


@dataclass
class HoursForm:
    """Up to two opening periods a day (a lunch break makes two)."""

    values: dict[str, str] = field(default_factory=dict)
    periods: list[tuple[int, time, time]] = field(default_factory=list)
    errors: Errors = field(default_factory=Errors)


def hours_field(weekday: int, part: str, period: int) -> str:
    return f"day-{weekday}-{part}-{period}"


def hours_values(opening_hours) -> dict[str, str]:
    """The form's fields filled from a place's current opening hours."""
    values: dict[str, str] = {}
    for weekday in WEEKDAYS:
        periods = [h for h in opening_hours if h.weekday == weekday][:2]
        for number, hours in enumerate(periods, start=1):
            values[hours_field(weekday, "opens", number)] = hours.opens_at.strftime("%H:%M")
            values[hours_field(weekday, "closes", number)] = hours.closes_at.strftime("%H:%M")
    return values


def parse_hours(data: Mapping[str, Any]) -> HoursForm:
    form = HoursForm()
    for weekday in WEEKDAYS:
        previous_close: time | None = None
        for number in (1, 2):
            opens_id = hours_field(weekday, "opens", number)
            closes_id = hours_field(weekday, "closes", number)
            opens_text = field_text(data, opens_id, 10)
            closes_text = field_text(data, closes_id, 10)
            form.values[opens_id], form.values[closes_id] = opens_text, closes_text
            if not opens_text and not closes_text:
                continue
            opens, closes = parse_time(opens_text), parse_time(closes_text)
            if opens is None:
                form.errors.add(opens_id, _("Enter an opening time, like 9:00 or 13:30"))
            elif closes is None:
                form.errors.add(closes_id, _("Enter a closing time, like 17:30"))
            elif closes <= opens:
                form.errors.add(closes_id, _("The closing time must be after the opening time"))
            elif previous_close and opens < previous_close:
                form.errors.add(opens_id, _("The second opening must start after the first ends"))
            else:
                form.periods.append((weekday, opens, closes))
                previous_close = closes
    return form


@dataclass
class ClosureForm:
    values: dict[str, str] = field(default_factory=dict)
    starts_on: date | None = None
    ends_on: date | None = None
    reason: str = ""
    errors: Errors = field(default_factory=Errors)


def _date_fields(data: Mapping[str, Any], prefix: str, values: dict[str, str]) -> tuple[str, ...]:
    parts = tuple(field_text(data, f"{prefix}-{part}", 4) for part in ("day", "month", "year"))
    for part, value in zip(("day", "month", "year"), parts, strict=True):
        values[f"{prefix}-{part}"] = value
    return parts


def parse_closure(data: Mapping[str, Any], today: date) -> ClosureForm:
    form = ClosureForm()
    start_parts = _date_fields(data, "starts", form.values)
    end_parts = _date_fields(data, "ends", form.values)
    form.reason = field_text(data, "reason", MAX_REASON_LENGTH)
    form.values["reason"] = form.reason
    if not any(start_parts):
        form.errors.add("starts-day", _("Enter the first day the venue is closed"))
    else:
        form.starts_on = parse_date(*start_parts)
        if form.starts_on is None:
            form.errors.add("starts-day", _("The first day closed must be a real date"))
        elif form.starts_on < today:
            form.errors.add("starts-day", _("The first day closed must be today or in the future"))
    if any(end_parts):
        form.ends_on = parse_date(*end_parts)
        if form.ends_on is None:
            form.errors.add("ends-day", _("The last day closed must be a real date"))
        elif form.starts_on and form.ends_on < form.starts_on:
            form.errors.add("ends-day", _("The last day closed must be on or after the first"))
    if not form.reason:
        form.errors.add("reason", _("Enter the reason, for example staff training"))
    elif len(form.reason) > MAX_REASON_LENGTH:
        form.errors.add("reason", _("The reason must be 300 characters or fewer"))
    return form


@dataclass
class WifiForm:
    network_name: str = ""
    time_limit: str = ""
    out_of_order: bool = False
    time_limit_minutes: int | None = None
    errors: Errors = field(default_factory=Errors)


def parse_wifi(data: Mapping[str, Any]) -> WifiForm:
    form = WifiForm(
        network_name=field_text(data, "network-name", MAX_NETWORK_NAME_LENGTH),
        time_limit=field_text(data, "time-limit", 10),
        out_of_order=field_text(data, "out-of-order", 5) == "yes",
    )
    if len(form.network_name) > MAX_NETWORK_NAME_LENGTH:
        form.errors.add("network-name", _("The network name must be 100 characters or fewer"))
    if form.time_limit:
        minutes = whole_number(form.time_limit)
        if minutes is None or not 1 <= minutes <= 1440:
            form.errors.add(
                "time-limit", _("Enter the time limit as a number of minutes, from 1 to 1440")
            )
        else:
            form.time_limit_minutes = minutes
    return form


@dataclass
class NewUserForm:
    email: str = ""
    role: str = ""
    venues: list[str] = field(default_factory=list)
    errors: Errors = field(default_factory=Errors)


def parse_new_user(data: Mapping[str, Any], venue_slugs: set[str]) -> NewUserForm:
    form = NewUserForm(
        email=field_text(data, "email"),
        role=field_text(data, "role", 20),
        venues=[slug for slug in field_list(data, "venues") if slug in venue_slugs],
    )
    check_email(form.errors, "email", form.email)
    if form.role not in {role.value for role in Role}:
        form.errors.add("role", _("Choose a role"))
    elif form.role == Role.LIBRARY_STAFF and not form.venues:
        form.errors.add("venues", _("Choose at least one venue for library staff"))
    return form
