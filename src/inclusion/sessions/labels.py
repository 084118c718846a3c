"""How topics, levels and contact methods are named to residents."""

from __future__ import annotations

from inclusion.i18n import _
from inclusion.sessions.models import ContactMethod, Level, Topic


def topic_labels() -> dict[str, str]:
    return {
        Topic.GETTING_STARTED: _("Getting started"),
        Topic.SMARTPHONES: _("Smartphones and tablets"),
        Topic.ONLINE_SAFETY: _("Staying safe online"),
        Topic.JOBS_AND_CAREERS: _("Jobs and careers"),
        Topic.COUNCIL_SERVICES: _("Council services online"),
        Topic.OTHER: _("Other"),
    }


def level_label(level: str) -> str:
    return {
        Level.BEGINNER: _("Beginner: no experience needed"),
        Level.SOME_EXPERIENCE: _("Some experience"),
        Level.CONFIDENT: _("Confident"),
    }.get(level, level)


def contact_label(method: str) -> str:
    return {
        ContactMethod.EMAIL: _("Email"),
        ContactMethod.SMS: _("Text message"),
        ContactMethod.PHONE: _("Phone call"),
        ContactMethod.NONE: _("No contact"),
    }.get(method, method)
