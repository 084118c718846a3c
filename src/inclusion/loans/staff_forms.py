"""Lending back-office forms: parse what staff posted and say plainly what to fix.

Each parser keeps what was typed in `values`, to show back on error, and sets the
parsed answers only when they are valid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from inclusion.i18n import _
from inclusion.loans.labels import ALWAYS_CHECKED
from inclusion.loans.models import Condition, PriorityReason
from inclusion.web.forms import Errors, field_list, field_text, parse_date, whole_number

MAX_PRIORITY = 9
MAX_TAG_LENGTH = 40
MAX_NOTES_LENGTH = 1000
MAX_NOTE_LENGTH = 500
MAX_SIMS_ADDED = 500
FURTHEST_RESERVATION = timedelta(days=365)
ASSET_TAG = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


@dataclass
class Form:
    values: dict[str, Any] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)


@dataclass
class PriorityForm(Form):
    priority: int = 0
    reason: str | None = None


def parse_priority(data: Mapping[str, Any]) -> PriorityForm:
    form = PriorityForm()
    form.values["priority"] = field_text(data, "priority", 10)
    form.values["priority-reason"] = field_text(data, "priority-reason", 30)
    number = whole_number(form.values["priority"])
    if not form.values["priority"]:
        form.errors.add("priority", _("Enter a priority from 0 to 9"))
    elif number is None or number > MAX_PRIORITY:
        form.errors.add("priority", _("The priority must be a whole number from 0 to 9"))
    else:
        form.priority = number
    reason = form.values["priority-reason"]
    if reason in {choice.value for choice in PriorityReason}:
        form.reason = reason
    elif form.priority > 0 or reason:
        form.errors.add("priority-reason", _("Choose the reason for the priority"))
    if form.priority == 0:
        form.reason = None  # back to first come, first served: no reason stands
    return form


def _chosen_device(form: Form, data: Mapping[str, Any], device_ids: Sequence[int]) -> int | None:
    form.values["device"] = field_text(data, "device", 20)
    number = whole_number(form.values["device"])
    if number is None or number not in device_ids:
        form.errors.add("device", _("Choose a device"))
        return None
    return number


@dataclass
class ReserveForm(Form):
    device_id: int | None = None
    from_date: date | None = None


def parse_reserve(data: Mapping[str, Any], device_ids: Sequence[int], today: date) -> ReserveForm:
    form = ReserveForm()
    form.device_id = _chosen_device(form, data, device_ids)
    for part in ("day", "month", "year"):
        form.values[f"from-{part}"] = field_text(data, f"from-{part}", 4)
    parts = [form.values[f"from-{part}"] for part in ("day", "month", "year")]
    if not any(parts):
        form.errors.add("from-day", _("Enter the date they can collect it from"))
        return form
    day = parse_date(*parts)
    if day is None:
        form.errors.add("from-day", _("The date must be a real date, like 27 3 2027"))
    elif day < today:
        form.errors.add("from-day", _("The date must be today or in the future"))
    elif day > today + FURTHEST_RESERVATION:
        form.errors.add("from-day", _("The date must be within the next year"))
    else:
        form.from_date = day
    return form


def _condition(form: Form, data: Mapping[str, Any]) -> str | None:
    form.values["condition"] = field_text(data, "condition", 20)
    if form.values["condition"] not in {choice.value for choice in Condition}:
        form.errors.add("condition", _("Choose the condition of the device"))
        return None
    return form.values["condition"]


@dataclass
class CheckOutForm(Form):
    device_id: int | None = None
    condition: str | None = None
    induction_session_id: int | None = None


def parse_check_out(
    data: Mapping[str, Any], device_ids: Sequence[int], session_ids: Sequence[int]
) -> CheckOutForm:
    form = CheckOutForm()
    form.device_id = _chosen_device(form, data, device_ids)
    form.condition = _condition(form, data)
    form.values["induction"] = field_text(data, "induction", 10) == "yes"
    form.values["induction-session"] = field_text(data, "induction-session", 20)
    if form.values["induction"]:
        chosen = whole_number(form.values["induction-session"])
        if chosen is None or chosen not in session_ids:
            form.errors.add("induction-session", _("Choose a getting started session"))
        else:
            form.induction_session_id = chosen
    return form


@dataclass
class CheckInForm(Form):
    condition: str | None = None
    checklist: dict[str, bool] = field(default_factory=dict)


def parse_check_in(data: Mapping[str, Any], items: Sequence[str]) -> CheckInForm:
    """What came back: every item the device went out with, and the data wiped."""
    form = CheckInForm()
    form.condition = _condition(form, data)
    ticked = set(field_list(data, "returned"))
    form.values["returned"] = ticked
    form.checklist = {item: item in ticked for item in (*items, *ALWAYS_CHECKED)}
    return form


@dataclass
class DeviceForm(Form):
    asset_tag: str = ""
    type_slug: str = ""


def parse_new_device(data: Mapping[str, Any], type_slugs: Sequence[str]) -> DeviceForm:
    form = DeviceForm()
    form.values["asset-tag"] = field_text(data, "asset-tag", MAX_TAG_LENGTH)
    form.values["device-type"] = field_text(data, "device-type", 40)
    tag = form.values["asset-tag"]
    if not tag:
        form.errors.add("asset-tag", _("Enter the asset tag"))
    elif len(tag) > MAX_TAG_LENGTH:
        form.errors.add("asset-tag", _("The asset tag must be 40 characters or fewer"))
    elif not ASSET_TAG.match(tag):
        form.errors.add(
            "asset-tag",
            _("The asset tag can only have letters, numbers and hyphens, like NTC-WA-CB04"),
        )
    else:
        form.asset_tag = tag.upper()
    if form.values["device-type"] not in type_slugs:
        form.errors.add("device-type", _("Choose the type of device"))
    else:
        form.type_slug = form.values["device-type"]
    return form


@dataclass
class NoteForm(Form):
    note: str | None = None


def parse_note(
    data: Mapping[str, Any], name: str, limit: int, too_long: str, missing: str | None = None
) -> NoteForm:
    """One free-text field; `missing` makes it required."""
    form = NoteForm()
    form.values[name] = field_text(data, name, limit)
    if not form.values[name] and missing:
        form.errors.add(name, missing)
    elif len(form.values[name]) > limit:
        form.errors.add(name, too_long)
    else:
        form.note = form.values[name] or None
    return form


def parse_condition_notes(data: Mapping[str, Any]) -> NoteForm:
    return parse_note(
        data,
        "condition-notes",
        MAX_NOTES_LENGTH,
        _("The condition notes must be 1,000 characters or fewer"),
    )


def parse_repair(data: Mapping[str, Any]) -> NoteForm:
    return parse_note(
        data,
        "repair-note",
        MAX_NOTE_LENGTH,
        _("The note must be 500 characters or fewer"),
        missing=_("Enter what needs repairing"),
    )


def parse_retire(data: Mapping[str, Any]) -> NoteForm:
    return parse_note(
        data, "retire-note", MAX_NOTE_LENGTH, _("The note must be 500 characters or fewer")
    )


@dataclass
class SimForm(Form):
    count: int = 0


def parse_add_sims(data: Mapping[str, Any]) -> SimForm:
    form = SimForm()
    form.values["count"] = field_text(data, "count", 10)
    number = whole_number(form.values["count"])
    if not form.values["count"]:
        form.errors.add("count", _("Enter how many SIMs you are adding"))
    elif number is None or not 1 <= number <= MAX_SIMS_ADDED:
        form.errors.add("count", _("The number of SIMs must be a whole number from 1 to 500"))
    else:
        form.count = number
    return form
