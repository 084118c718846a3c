"""The resident's device-request questions: parse, check, explain.

Choices come from the live stock, so a value the page never offered (an old tab, a
hand-made request) gets a form error rather than a server error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from inclusion.i18n import _
from inclusion.sessions.forms import NameForm, parse_name
from inclusion.web.forms import Errors, field_text

FOR_WHOM = ("me", "someone-else")
YES_NO = ("yes", "no")
LOW_INCOME_ANSWERS = ("yes", "no", "not-said")


@dataclass
class DeviceForm:
    device_type: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_device(data: Mapping[str, Any], lendable: Collection[str]) -> DeviceForm:
    form = DeviceForm(field_text(data, "device-type", 40))
    if not form.device_type:
        form.errors.add("device-type", _("Choose the device you would like to borrow"))
    elif form.device_type not in lendable:
        form.device_type = ""
        form.errors.add("device-type", _("Choose one of the devices listed"))
    return form


@dataclass
class PlaceForm:
    place: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_place(data: Mapping[str, Any], lending_places: Collection[str]) -> PlaceForm:
    form = PlaceForm(field_text(data, "place", 120))
    if not form.place:
        form.errors.add("place", _("Choose where you will collect the device"))
    elif form.place not in lending_places:
        form.place = ""
        form.errors.add("place", _("Choose one of the places listed"))
    return form


@dataclass
class ForWhomForm:
    for_whom: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_for_whom(data: Mapping[str, Any]) -> ForWhomForm:
    form = ForWhomForm(field_text(data, "for-whom", 20))
    if form.for_whom not in FOR_WHOM:
        form.for_whom = ""
        form.errors.add("for-whom", _("Choose who the device is for"))
    return form


@dataclass
class EligibilityForm:
    in_north_tyneside: str = ""
    no_device_or_connection: str = ""
    low_income: str = ""
    errors: Errors = field(default_factory=Errors)


def parse_eligibility(data: Mapping[str, Any], for_someone_else: bool) -> EligibilityForm:
    form = EligibilityForm(
        in_north_tyneside=field_text(data, "in-north-tyneside", 10),
        no_device_or_connection=field_text(data, "no-device", 10),
        low_income=field_text(data, "low-income", 10),
    )
    if form.in_north_tyneside not in YES_NO:
        form.in_north_tyneside = ""
        form.errors.add(
            "in-north-tyneside",
            _("Select yes if they live, work or study in North Tyneside")
            if for_someone_else
            else _("Select yes if you live, work or study in North Tyneside"),
        )
    if form.no_device_or_connection not in YES_NO:
        form.no_device_or_connection = ""
        form.errors.add(
            "no-device",
            _("Select yes if they have no computer, tablet or internet connection at home")
            if for_someone_else
            else _("Select yes if you have no computer, tablet or internet connection at home"),
        )
    if form.low_income and form.low_income not in LOW_INCOME_ANSWERS:
        form.low_income = ""
        form.errors.add("low-income", _("Choose one of the answers listed, or leave it blank"))
    return form


def parse_borrower_name(data: Mapping[str, Any], for_someone_else: bool) -> NameForm:
    """The name of the person who will use the device, who is not always the one asking."""
    form = parse_name(data)
    if for_someone_else and form.errors:
        form.errors = Errors()
        form.errors.add(
            "name",
            _("Their name must be 100 characters or fewer")
            if form.name
            else _("Enter the name of the person the device is for"),
        )
    return form
