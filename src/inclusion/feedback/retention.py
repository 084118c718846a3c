"""Deleting feedback contact details a set time after an item is closed.

A reply needs a name and an address only while the item is open; once it has been
closed for `feedback_retention_months`, they go. The text stays, for the figures and
for "You said, we did", but without the email addresses, phone numbers and the name
the person may have typed into it, or that a reply to them quoted.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.feedback import queries
from inclusion.feedback.models import FeedbackItem, NoteKind

REMOVED = "[removed]"

EMAIL_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+")
# A run of digits with the separators people type in phone numbers ("0191 643 2075",
# "+44 (0)7700-900982"); whether it is long enough to be one is checked below.
NUMBER_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d \t\u00a0().\-]*\d(?!\w)")
# UK numbers have 10 or 11 digits (12 with +44); nine or more is treated as a phone
# number, so a partly typed one goes too. Dates, times and prices have fewer.
PHONE_DIGITS = 9


def _without_number(match: re.Match[str]) -> str:
    run = match.group(0)
    return REMOVED if sum(char.isdigit() for char in run) >= PHONE_DIGITS else run


def scrub_contact_details(text: str | None, name: str | None = None) -> str | None:
    """`text` with email addresses, phone numbers and (when given) the person's full
    name replaced by "[removed]". Only the full name: taking out each part would take
    "Will" and "May" out of every sentence too."""
    if not text:
        return text
    text = EMAIL_ADDRESS.sub(REMOVED, text)
    text = NUMBER_RUN.sub(_without_number, text)
    if name and name.strip():
        text = re.sub(rf"(?<!\w){re.escape(name.strip())}(?!\w)", REMOVED, text, flags=re.I)
    return text


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the
    last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def erase_item_contact(item: FeedbackItem, now: datetime) -> None:
    name = item.name
    item.what_happened = scrub_contact_details(item.what_happened, name) or ""
    item.what_would_help = scrub_contact_details(item.what_would_help, name)
    for note in item.notes:
        if note.kind == NoteKind.REPLY:
            note.text = scrub_contact_details(note.text, name) or ""
    item.name = None
    item.email = None
    item.phone = None
    item.contact_method = "none"
    item.contact_erased_at = now


def erase_closed_contacts(session: Session, now: datetime, months: int) -> int:
    """Erase contact details from items closed more than `months` ago; how many.

    Items already erased are not read again, so a second run the same day finds none.
    """
    items = queries.items_to_erase(session, months_before(now, months))
    for item in items:
        erase_item_contact(item, now)
    session.flush()
    return len(items)
