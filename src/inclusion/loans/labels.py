"""How device types, statuses, conditions and checklist items are named to people.

Device types are rows, so a venue can add one; the five the service starts with have
their names and descriptions here, in every language. Any other type shows the name
staff gave it.
"""

from __future__ import annotations

from inclusion.i18n import _
from inclusion.loans.models import (
    Condition,
    DeviceStatus,
    DeviceType,
    LoanStatus,
    PriorityReason,
)

# What every returned device is checked for, besides what it went out with.
ALWAYS_CHECKED = ("data_wiped",)


def device_type_name(device_type: DeviceType) -> str:
    return {
        "chromebook": _("Chromebook"),
        "tablet": _("Tablet"),
        "laptop": _("Laptop"),
        "mifi": _("MiFi with data"),
        "data-sim": _("Data SIM"),
    }.get(device_type.slug, device_type.name)


def device_type_summary(device_type: DeviceType) -> str:
    return {
        "chromebook": _("A small laptop for the web, email, video calls and online forms."),
        "tablet": _("A touch-screen tablet: easy to start with, good for video calls."),
        "laptop": _("A Windows laptop for office work, job applications and courses."),
        "mifi": _(
            "A pocket Wi-Fi box with mobile data: connects your own phone, tablet or "
            "laptop to the internet at home."
        ),
        "data-sim": _(
            "A free SIM card with mobile data from the National Databank, for your own "
            "phone or tablet. Yours to keep."
        ),
    }.get(device_type.slug, "")


def checklist_items(device_type: DeviceType) -> tuple[str, ...]:
    """What goes out with a device (its `comes_with` keys), and what is checked back."""
    return tuple(key.strip() for key in (device_type.comes_with or "").split(",") if key.strip())


def item_label(key: str) -> str:
    return {
        "charger": _("Charger"),
        "case": _("Case"),
        "headphones": _("Headphones"),
        "usb_cable": _("USB cable"),
        "sim": _("SIM card"),
        "data_wiped": _("Data wiped"),
    }.get(key, key)


def device_status_label(status: str) -> str:
    return {
        DeviceStatus.AVAILABLE: _("Available"),
        DeviceStatus.RESERVED: _("Reserved"),
        DeviceStatus.ON_LOAN: _("On loan"),
        DeviceStatus.BEING_RESET: _("Being reset"),
        DeviceStatus.REPAIR: _("In repair"),
        DeviceStatus.RETIRED: _("Retired"),
    }.get(status, status)


def loan_status_label(status: str) -> str:
    return {
        LoanStatus.REQUESTED: _("In the queue"),
        LoanStatus.RESERVED: _("A device is being kept for you"),
        LoanStatus.READY: _("Ready to collect"),
        LoanStatus.ON_LOAN: _("On loan"),
        LoanStatus.RETURNED: _("Returned"),
        LoanStatus.CANCELLED: _("Cancelled"),
    }.get(status, status)


def condition_label(condition: str | None) -> str:
    return {
        Condition.GOOD: _("Good"),
        Condition.WORN: _("Worn but working"),
        Condition.DAMAGED: _("Damaged"),
    }.get(condition or "", condition or "")


def priority_reason_label(reason: str | None) -> str:
    return {
        PriorityReason.PARTNER_REFERRAL: _("Referred by a partner"),
        PriorityReason.NO_INTERNET: _("No internet at home"),
        PriorityReason.JOB_SEEKING: _("Looking for work"),
        PriorityReason.HEALTH: _("Health or care needs"),
        PriorityReason.OTHER: _("Other reason"),
    }.get(reason or "", reason or "")
