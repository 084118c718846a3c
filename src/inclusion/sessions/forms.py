"""The resident's booking questions and the browse filters: parse, check, explain."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from inclusion.i18n import _
from inclusion.i18n.formatting import LONDON
from inclusion.i18n.locales import find_site_locale
from inclusion.places.postcodes import parse_postcode
from inclusion.sessions.models import ContactMethod, Topic
from inclusion.web.forms import Errors, check_email, field_list, field_text, whole_number

MAX_NAME_LENGTH = 100
MAX_ACCESS_NEEDS_LENGTH = 500
UK_PHONE = re.compile(r"^(?:0|\+?44)\d{9,10}$")
UK_MOBILE = re.compile(r"^(?:07|\+?447)\d{9}$")
WITHIN_MILES = (1, 3, 5, 10)


def normalise_phone(text: str) -> str:
    return re.sub(r"[\s()\-.]", "", text)


@dataclass
class NameForm:
    name: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_name(data: Mapping[str, Any]) -> NameForm:
    form = NameForm(field_text(data, "name", MAX_NAME_LENGTH))
    if not form.name:
        form.errors.add("name", _("Enter your name"))
    elif len(form.name) > MAX_NAME_LENGTH:
        form.errors.add("name", _("Your name must be 100 characters or fewer"))
    return form


@dataclass
class ContactForm:
    contact_method: str = ""
    email: str = ""
    phone: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_contact(data: Mapping[str, Any]) -> ContactForm:
    method = field_text(data, "contact-method", 10)
    # Texts go to the mobile box, calls to the phone box: each has its own field.
    phone_field = "mobile" if method == ContactMethod.SMS else "phone"
    form = ContactForm(
        contact_method=method,
        email=field_text(data, "email"),
        phone=field_text(data, phone_field, 30),
    )
    methods = {method.value for method in ContactMethod}
    if form.contact_method not in methods:
        form.errors.add("contact-method", _("Choose how we should contact you"))
    elif form.contact_method == ContactMethod.EMAIL:
        check_email(form.errors, "email", form.email)
    elif form.contact_method in (ContactMethod.SMS, ContactMethod.PHONE):
        phone = normalise_phone(form.phone)
        pattern = UK_MOBILE if form.contact_method == ContactMethod.SMS else UK_PHONE
        if not form.phone:
            form.errors.add(phone_field, _("Enter a phone number"))
        elif not pattern.match(phone):
            form.errors.add(
                phone_field,
                _("Enter a UK mobile number, like 07700 900 982")
                if form.contact_method == ContactMethod.SMS
                else _("Enter a UK phone number, like 0191 643 2075 or 07700 900 982"),
            )
        else:
            form.phone = phone
    return form


@dataclass
class AccessNeedsForm:
    access_needs: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_access_needs(data: Mapping[str, Any]) -> AccessNeedsForm:
    form = AccessNeedsForm(field_text(data, "access-needs", MAX_ACCESS_NEEDS_LENGTH))
    if len(form.access_needs) > MAX_ACCESS_NEEDS_LENGTH:
        form.errors.add("access-needs", _("Access needs must be 500 characters or fewer"))
    return form


@dataclass
class BrowseForm:
    topics: list[str] = field(default_factory=list)
    place: str = ""
    postcode: str = ""
    within: int = 3
    from_text: str = ""
    to_text: str = ""
    language: str = ""
    errors: Errors = field(default_factory=Errors)
    starts_from: datetime | None = None
    starts_before: datetime | None = None


def _iso_date(text: str) -> date | None:
    """A yyyy-mm-dd date before 2100, or None."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.year < 2100 else None


def parse_browse(query: Mapping[str, Any]) -> BrowseForm:
    known_topics = {topic.value for topic in Topic}
    within_text = field_text(query, "within", 3)
    form = BrowseForm(
        topics=[t for t in field_list(query, "topic") if t in known_topics],
        place=field_text(query, "place", 120),
        postcode=field_text(query, "postcode", 20),
        within=whole_number(within_text) if whole_number(within_text) in WITHIN_MILES else 3,
        from_text=field_text(query, "from", 10),
        to_text=field_text(query, "to", 10),
        language=field_text(query, "language", 10),
    )
    if form.language and not find_site_locale(form.language):
        form.language = ""
    # The postcode box comes before the dates on the page, so its error does too.
    if form.postcode and parse_postcode(form.postcode) is None:
        form.errors.add("postcode", _("Enter a real postcode, like NE29 6TE"))
    if form.from_text:
        day = _iso_date(form.from_text)
        if day is None:
            form.errors.add("from", _("Enter the first date as a real date"))
        else:
            form.starts_from = datetime.combine(day, time.min, tzinfo=LONDON)
    if form.to_text:
        day = _iso_date(form.to_text)
        if day is None:
            form.errors.add("to", _("Enter the last date as a real date"))
        else:
            form.starts_before = datetime.combine(day + timedelta(days=1), time.min, tzinfo=LONDON)
            if form.starts_from and form.starts_before <= form.starts_from:
                form.errors.add("to", _("The last date must be on or after the first date"))
    return form
