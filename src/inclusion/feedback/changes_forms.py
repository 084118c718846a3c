"""The "You said, we did" form officers fill in: read what they posted and say plainly
what to fix.

The parser keeps what was typed in `values`, to show back on error, and sets the parsed
answers only when they are valid. Whether each reference belongs to real feedback is
for the database to say: `report_unknown_references` adds that error afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inclusion.feedback.models import GOALS, PublishedChange
from inclusion.i18n import _, ngettext
from inclusion.sessions.references import format_reference, normalise_reference
from inclusion.web.forms import Errors, field_text, parse_date

MAX_TEXT_LENGTH = 1000
MAX_REFERENCES = 50
MAX_REFERENCES_LENGTH = 1000  # characters in the references box
SHOWN_IN_ERROR = 5  # bad references named in one message; more would bury it
SHOWN_CHARACTERS = 20  # of each bad reference named
REFERENCE_SEPARATORS = re.compile(r"[\s,;]+")
DATE_PARTS = ("day", "month", "year")


@dataclass
class ChangeForm:
    values: dict[str, Any] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)
    goal: str = ""
    you_said: str = ""
    we_did: str = ""
    venue_slug: str | None = None
    published_on: date | None = None
    references: list[str] = field(default_factory=list)
    mark_done: bool = False


def _date_values(day: date) -> dict[str, str]:
    return {f"published-{part}": str(getattr(day, part)) for part in DATE_PARTS}


def blank_form(today: date) -> ChangeForm:
    """A new change: published today unless the officer says otherwise."""
    return ChangeForm(values=_date_values(today))


def form_for(change: PublishedChange, venue_slug: str | None) -> ChangeForm:
    """An existing change, as its edit form shows it."""
    references = sorted(item.reference for item in change.items)
    return ChangeForm(
        values={
            "goal": change.goal,
            "you-said": change.you_said,
            "we-did": change.we_did,
            "venue": venue_slug or "",
            "references": "\n".join(format_reference(ref) for ref in references),
            **_date_values(change.published_on),
        }
    )


def split_references(text: str) -> tuple[list[str], list[str]]:
    """Normalised references, in the order typed and without repeats, and what could
    not be one.

    People copy references as KM7Q-4XTP, KM7Q4XTP or "KM7Q 4XTP": two four-character
    halves next to each other are tried as one reference before either is refused.
    """
    words = [word for word in REFERENCE_SEPARATORS.split(text) if word]
    found: list[str] = []
    refused: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        reference = normalise_reference(word)
        if reference is None and position + 1 < len(words):
            joined = normalise_reference(word + words[position + 1])
            if joined is not None and len(word.strip("-")) == 4:
                reference = joined
                position += 1
        if reference is None:
            refused.append(word)
        elif reference not in found:
            found.append(reference)
        position += 1
    return found, refused


def _shortened(words: Sequence[str]) -> str:
    shown = [
        word if len(word) <= SHOWN_CHARACTERS else word[:SHOWN_CHARACTERS] + "…"
        for word in words[:SHOWN_IN_ERROR]
    ]
    return ", ".join(shown) + (", …" if len(words) > SHOWN_IN_ERROR else "")


def _parse_text(form: ChangeForm, data: Mapping[str, Any], name: str, missing: str, long: str):
    form.values[name] = field_text(data, name, MAX_TEXT_LENGTH)
    if not form.values[name]:
        form.errors.add(name, missing)
    elif len(form.values[name]) > MAX_TEXT_LENGTH:
        form.errors.add(name, long)
    return form.values[name]


def _parse_published_on(form: ChangeForm, data: Mapping[str, Any], today: date) -> None:
    for part in DATE_PARTS:
        form.values[f"published-{part}"] = field_text(data, f"published-{part}", 4)
    parts = [form.values[f"published-{part}"] for part in DATE_PARTS]
    if not any(parts):
        form.errors.add("published-day", _("Enter the date it was published"))
        return
    day = parse_date(*parts)
    if day is None:
        form.errors.add(
            "published-day", _("The date published must be a real date, like 27 3 2026")
        )
    elif len(parts[2]) != 4:
        form.errors.add("published-day", _("The year must have 4 numbers, like 2026"))
    elif day > today:
        form.errors.add("published-day", _("The date published must be today or in the past"))
    else:
        form.published_on = day


def _parse_references(form: ChangeForm, data: Mapping[str, Any]) -> None:
    form.values["references"] = field_text(data, "references", MAX_REFERENCES_LENGTH)
    if len(form.values["references"]) > MAX_REFERENCES_LENGTH:
        form.errors.add("references", _("The references must be 1,000 characters or fewer"))
        return
    references, refused = split_references(form.values["references"])
    if refused:
        form.errors.add(
            "references",
            ngettext(
                "%(words)s is not a feedback reference. A reference has 8 letters and "
                "numbers, like KM7Q-4XTP",
                "These are not feedback references: %(words)s. A reference has 8 letters "
                "and numbers, like KM7Q-4XTP",
                len(refused),
                words=_shortened(refused),
            ),
        )
    elif len(references) > MAX_REFERENCES:
        form.errors.add("references", _("You can link up to 50 feedback items to one change"))
    else:
        form.references = references


def parse_change(data: Mapping[str, Any], venue_slugs: Collection[str], today: date) -> ChangeForm:
    form = ChangeForm()
    form.values["goal"] = field_text(data, "goal", 10)
    if form.values["goal"] in GOALS:
        form.goal = form.values["goal"]
    else:
        form.errors.add("goal", _("Choose the strategy goal this change helps with"))
    form.you_said = _parse_text(
        form,
        data,
        "you-said",
        _("Enter what people told you"),
        _("What people told you must be 1,000 characters or fewer"),
    )
    form.we_did = _parse_text(
        form,
        data,
        "we-did",
        _("Enter what you changed"),
        _("What you changed must be 1,000 characters or fewer"),
    )
    form.values["venue"] = field_text(data, "venue", 120)
    if form.values["venue"] in venue_slugs:
        form.venue_slug = form.values["venue"]
    elif form.values["venue"]:
        form.errors.add("venue", _("Choose a venue from the list, or none"))
    _parse_published_on(form, data, today)
    _parse_references(form, data)
    form.values["mark-done"] = field_text(data, "mark-done", 10) == "yes"
    form.mark_done = form.values["mark-done"]
    return form


def report_unknown_references(form: ChangeForm, known: Collection[str]) -> None:
    """Name every reference that no feedback has, so the officer can check them all."""
    unknown = [format_reference(ref) for ref in form.references if ref not in known]
    if unknown:
        form.errors.add(
            "references",
            ngettext(
                "There is no feedback with the reference %(references)s. Check it and try again",
                "There is no feedback with these references: %(references)s. Check them "
                "and try again",
                len(unknown),
                references=", ".join(unknown),
            ),
        )


@dataclass
class WithdrawForm:
    values: dict[str, Any] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)
    withdraw: bool = False


def parse_withdraw(data: Mapping[str, Any]) -> WithdrawForm:
    """Yes or no: withdrawing cannot be undone, so nothing is taken for a yes."""
    form = WithdrawForm()
    form.values["withdraw"] = field_text(data, "withdraw", 10)
    if form.values["withdraw"] not in ("yes", "no"):
        form.errors.add("withdraw", _("Select yes if you want to withdraw this change"))
    form.withdraw = form.values["withdraw"] == "yes"
    return form
