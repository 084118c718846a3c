"""Back-office session forms: parse what staff posted and say plainly what to fix."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from inclusion.i18n import _, _l
from inclusion.i18n.formatting import LONDON
from inclusion.i18n.locales import DEFAULT_LOCALE, SITE_LOCALES
from inclusion.sessions.models import (
    Attendance,
    ContactMethod,
    Frequency,
    Level,
    SkillSession,
    Topic,
)
from inclusion.sessions.services import Details
from inclusion.web.forms import EMAIL_PATTERN, MAX_EMAIL_LENGTH, Errors, field_text, parse_date
from inclusion.web.forms import parse_time as parse_time_of_day

MAX_TITLE_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 2000
MAX_WHAT_TO_BRING_LENGTH = 500
MAX_ACCESSIBILITY_LENGTH = 1000
MAX_REASON_LENGTH = 300
MAX_NAME_LENGTH = 100
MAX_ACCESS_NEEDS_LENGTH = 1000
MAX_CAPACITY = 100
MIN_DATES, MAX_DATES = 2, 26
FURTHEST_AHEAD = timedelta(days=2 * 365)
DOES_NOT_REPEAT = "none"
INTERVALS = {Frequency.WEEKLY: timedelta(weeks=1), Frequency.FORTNIGHTLY: timedelta(weeks=2)}
NUMBER = re.compile(r"^[+-]?\d{1,6}$")
UK_PHONE = re.compile(r"^(?:0|\+?44)\d{9,10}$")
UK_MOBILE = re.compile(r"^(?:07|\+?447)\d{9}$")
# The optional notes residents read: field, longest allowed, message when longer.
NOTES = (
    (
        "description",
        MAX_DESCRIPTION_LENGTH,
        _l("The description must be 2,000 characters or fewer"),
    ),
    (
        "what-to-bring",
        MAX_WHAT_TO_BRING_LENGTH,
        _l("What to bring must be 500 characters or fewer"),
    ),
    (
        "accessibility-notes",
        MAX_ACCESSIBILITY_LENGTH,
        _l("The accessibility notes must be 1,000 characters or fewer"),
    ),
)


def topic_labels() -> dict[str, str]:
    return {
        Topic.GETTING_STARTED: _("Getting started"),
        Topic.SMARTPHONES: _("Smartphones and tablets"),
        Topic.ONLINE_SAFETY: _("Staying safe online"),
        Topic.JOBS_AND_CAREERS: _("Jobs and careers"),
        Topic.COUNCIL_SERVICES: _("Council services online"),
        Topic.OTHER: _("Other"),
    }


def level_labels() -> dict[str, str]:
    return {
        Level.BEGINNER: _("Beginner"),
        Level.SOME_EXPERIENCE: _("Some experience"),
        Level.CONFIDENT: _("Confident"),
    }


def contact_labels() -> dict[str, str]:
    return {
        ContactMethod.EMAIL: _("Email"),
        ContactMethod.SMS: _("Text message"),
        ContactMethod.PHONE: _("Phone call"),
        ContactMethod.NONE: _("No contact"),
    }


def labels() -> dict[str, dict[str, str]]:
    """What the pages call each stored value, in the reader's language."""
    return {
        "topics": topic_labels(),
        "levels": level_labels(),
        "contact": contact_labels(),
        "languages": {site.code: site.native_name for site in SITE_LOCALES},
    }


def _too_long(errors: Errors, field_id: str, text: str, limit: int, message) -> None:
    if len(text) > limit:
        errors.add(field_id, str(message))


@dataclass
class SessionForm:
    """A new session or series, or the changes to one date: what was typed is kept in
    `values` to show back; the parsed answers are set only when they are valid."""

    values: dict[str, str] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)
    day: date | None = None
    starts: time | None = None
    ends: time | None = None
    capacity: int | None = None
    place_slug: str = ""
    repeat: str = DOES_NOT_REPEAT
    dates_wanted: int = 1

    def text(self, name: str) -> str | None:
        return self.values.get(name) or None

    def moments(self) -> list[tuple[datetime, datetime]]:
        """Each date's start and end, at the same London wall-clock times every time,
        so a series keeps 10am across a clock change."""
        step = INTERVALS.get(self.repeat, timedelta(0))
        moments = []
        for number in range(self.dates_wanted):
            day = self.day + step * number
            moments.append(
                (
                    datetime.combine(day, self.starts, tzinfo=LONDON),
                    datetime.combine(day, self.ends, tzinfo=LONDON),
                )
            )
        return moments


def session_values(skill_session: SkillSession) -> dict[str, str]:
    """The edit form filled in from a session as it is."""
    starts_at = skill_session.starts_at.astimezone(LONDON)
    return {
        "title": skill_session.title,
        "date-day": str(starts_at.day),
        "date-month": str(starts_at.month),
        "date-year": str(starts_at.year),
        "starts": starts_at.strftime("%H:%M"),
        "ends": skill_session.ends_at.astimezone(LONDON).strftime("%H:%M"),
        "capacity": str(skill_session.capacity),
        "description": skill_session.description or "",
        "what-to-bring": skill_session.what_to_bring or "",
        "accessibility-notes": skill_session.accessibility_notes or "",
    }


def _parse_number(errors: Errors, field_id: str, text: str, messages: dict) -> int | None:
    if not text:
        errors.add(field_id, messages["missing"])
    elif not NUMBER.match(text):
        errors.add(field_id, messages["not_a_number"])
    elif int(text) < messages["min"]:
        errors.add(field_id, messages["too_small"])
    elif int(text) > messages["max"]:
        errors.add(field_id, messages["too_big"])
    else:
        return int(text)
    return None


def _read_common(data: Mapping[str, Any], form: SessionForm) -> None:
    """The answers a new session and a change share, kept as typed."""
    form.values["title"] = field_text(data, "title", MAX_TITLE_LENGTH)
    for part in ("day", "month", "year"):
        form.values[f"date-{part}"] = field_text(data, f"date-{part}", 4)
    for name in ("starts", "ends", "capacity"):
        form.values[name] = field_text(data, name, 10)
    for name, limit, _message in NOTES:
        form.values[name] = field_text(data, name, limit)


def _check_title(form: SessionForm) -> None:
    if not form.values["title"]:
        form.errors.add("title", _("Enter a title"))
    else:
        _too_long(
            form.errors,
            "title",
            form.values["title"],
            MAX_TITLE_LENGTH,
            _("The title must be 120 characters or fewer"),
        )


def _check_when(form: SessionForm, now: datetime) -> None:
    values, errors = form.values, form.errors
    parts = (values["date-day"], values["date-month"], values["date-year"])
    if not any(parts):
        errors.add("date-day", _("Enter the date of the session"))
    else:
        form.day = parse_date(*parts)
        if form.day is None:
            errors.add("date-day", _("The date must be a real date, like 27 3 2027"))
        elif form.day < now.astimezone(LONDON).date():
            errors.add("date-day", _("The date must be today or in the future"))
        elif form.day > now.astimezone(LONDON).date() + FURTHEST_AHEAD:
            errors.add("date-day", _("The date must be within the next 2 years"))
    form.starts = parse_time_of_day(values["starts"]) if values["starts"] else None
    form.ends = parse_time_of_day(values["ends"]) if values["ends"] else None
    if form.starts is None:
        errors.add("starts", _("Enter a start time, like 10:00 or 2pm"))
    elif form.day and datetime.combine(form.day, form.starts, tzinfo=LONDON) <= now:
        errors.add("starts", _("The start time has passed: choose a later time or another day"))
    if form.ends is None:
        errors.add("ends", _("Enter an end time, like 12:00 or 4pm"))
    elif form.starts and form.ends <= form.starts:
        errors.add("ends", _("The end time must be after the start time"))


def _check_capacity(form: SessionForm, booked: int) -> None:
    form.capacity = _parse_number(
        form.errors,
        "capacity",
        form.values["capacity"],
        {
            "missing": _("Enter the number of places"),
            "not_a_number": _("Enter the number of places as a number, like 12"),
            "min": max(1, booked),
            "too_small": _("The number of places must be 1 or more")
            if booked < 1
            else _(
                "The number of places cannot be fewer than the %(booked)d already taken",
                booked=booked,
            ),
            "max": MAX_CAPACITY,
            "too_big": _("The number of places must be 100 or fewer"),
        },
    )


def _check_notes(form: SessionForm) -> None:
    for name, limit, message in NOTES:
        _too_long(form.errors, name, form.values[name], limit, message)


def parse_new_session(
    data: Mapping[str, Any], venue_slugs: Iterable[str], now: datetime
) -> SessionForm:
    form = SessionForm()
    values, errors = form.values, form.errors
    _read_common(data, form)
    values["topic"] = field_text(data, "topic", 30)
    values["level"] = field_text(data, "level", 30)
    values["venue"] = field_text(data, "venue", 120)
    values["language"] = field_text(data, "language", 10) or DEFAULT_LOCALE
    values["repeat"] = field_text(data, "repeat", 20) or DOES_NOT_REPEAT
    values["dates"] = field_text(data, "dates", 10)

    # Errors in the order the page asks the questions, for the summary.
    _check_title(form)
    if values["topic"] not in {topic.value for topic in Topic}:
        errors.add("topic", _("Choose a topic"))
    if values["level"] not in {level.value for level in Level}:
        errors.add("level", _("Choose a level"))
    if values["venue"] not in set(venue_slugs):
        errors.add("venue", _("Choose a venue"))
    else:
        form.place_slug = values["venue"]
    _check_when(form, now)
    _check_capacity(form, 0)
    if values["language"] not in {site.code for site in SITE_LOCALES}:
        errors.add("language", _("Choose the language it is taught in"))
    if values["repeat"] not in (DOES_NOT_REPEAT, *INTERVALS):
        errors.add("repeat", _("Choose whether the session repeats"))
    elif values["repeat"] != DOES_NOT_REPEAT:
        form.repeat = values["repeat"]
        form.dates_wanted = (
            _parse_number(
                errors,
                "dates",
                values["dates"],
                {
                    "missing": _("Enter how many dates, from 2 to 26"),
                    "not_a_number": _("Enter how many dates as a number, like 6"),
                    "min": MIN_DATES,
                    "too_small": _("A repeating session needs 2 dates or more"),
                    "max": MAX_DATES,
                    "too_big": _("The number of dates must be 26 or fewer"),
                },
            )
            or 1
        )
    _check_notes(form)
    return form


def parse_session_changes(data: Mapping[str, Any], now: datetime, booked: int) -> SessionForm:
    form = SessionForm()
    _read_common(data, form)
    _check_title(form)
    _check_when(form, now)
    _check_capacity(form, booked)
    _check_notes(form)
    return form


@dataclass
class CancelForm:
    reason: str = ""
    scope: str = "this"  # or "later": this date and the series' later dates
    errors: Errors = field(default_factory=Errors)


def parse_cancel(data: Mapping[str, Any]) -> CancelForm:
    form = CancelForm(
        reason=field_text(data, "reason", MAX_REASON_LENGTH),
        scope="later" if field_text(data, "scope", 10) == "later" else "this",
    )
    if not form.reason:
        form.errors.add("reason", _("Enter the reason, for example the trainer is ill"))
    else:
        _too_long(
            form.errors,
            "reason",
            form.reason,
            MAX_REASON_LENGTH,
            _("The reason must be 300 characters or fewer"),
        )
    return form


@dataclass
class BookingForm:
    """A booking staff make for a resident at the desk or on the phone."""

    values: dict[str, str] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)
    details: Details | None = None


def _normalise_phone(text: str) -> str:
    return re.sub(r"[\s()\-.]", "", text)


def parse_booking(data: Mapping[str, Any]) -> BookingForm:
    form = BookingForm()
    values, errors = form.values, form.errors
    values["name"] = field_text(data, "name", MAX_NAME_LENGTH)
    values["contact-method"] = field_text(data, "contact-method", 10)
    values["email"] = field_text(data, "email", MAX_EMAIL_LENGTH)
    values["mobile"] = field_text(data, "mobile", 30)
    values["phone"] = field_text(data, "phone", 30)
    values["access-needs"] = field_text(data, "access-needs", MAX_ACCESS_NEEDS_LENGTH)
    values["locale"] = field_text(data, "locale", 10) or DEFAULT_LOCALE

    if not values["name"]:
        errors.add("name", _("Enter their name"))
    else:
        _too_long(
            errors,
            "name",
            values["name"],
            MAX_NAME_LENGTH,
            _("Their name must be 100 characters or fewer"),
        )
    method = values["contact-method"]
    email = phone = None
    if method not in {choice.value for choice in ContactMethod}:
        errors.add("contact-method", _("Choose how they want to be contacted"))
    elif method == ContactMethod.EMAIL:
        email = values["email"]
        if not email:
            errors.add("email", _("Enter their email address"))
        elif len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email):
            errors.add(
                "email", _("Enter an email address in the correct format, like name@example.com")
            )
    elif method == ContactMethod.SMS:
        phone = _normalise_phone(values["mobile"])
        if not phone:
            errors.add("mobile", _("Enter their mobile phone number"))
        elif not UK_MOBILE.match(phone):
            errors.add("mobile", _("Enter a UK mobile number, like 07700 900 982"))
    elif method == ContactMethod.PHONE:
        phone = _normalise_phone(values["phone"])
        if not phone:
            errors.add("phone", _("Enter their phone number"))
        elif not UK_PHONE.match(phone):
            errors.add("phone", _("Enter a UK phone number, like 0191 643 2075 or 07700 900 982"))
    _too_long(
        errors,
        "access-needs",
        values["access-needs"],
        MAX_ACCESS_NEEDS_LENGTH,
        _("Access needs must be 1,000 characters or fewer"),
    )
    if values["locale"] not in {site.code for site in SITE_LOCALES}:
        errors.add("locale", _("Choose the language for their messages"))
    if not errors:
        form.details = Details(
            name=values["name"],
            contact_method=method,
            email=email,
            phone=phone,
            access_needs=values["access-needs"] or None,
            locale=values["locale"],
        )
    return form


def attendance_field(booking_id: int) -> str:
    return f"attendance-{booking_id}"


def parse_attendance(data: Mapping[str, Any], booking_ids: Iterable[int]) -> dict[int, str]:
    """The marks given, by booking id; a person left unmarked keeps what they had."""
    marks = {}
    choices = {choice.value for choice in Attendance}
    for booking_id in booking_ids:
        mark = field_text(data, attendance_field(booking_id), 20)
        if mark in choices:
            marks[booking_id] = mark
    return marks
