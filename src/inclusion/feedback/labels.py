"""What residents and staff read for feedback statuses, topics and strategy goals.

Shared by the resident pages, triage, "You said, we did" and the impact figures, so a
status reads the same everywhere. Functions, not module constants: the words follow
the language of the request that asks.
"""

from __future__ import annotations

from inclusion.feedback.models import GOALS, FeedbackStatus, FeedbackTopic
from inclusion.i18n import _, pgettext


def status_labels() -> dict[str, str]:
    """For staff: the status as triage uses it."""
    return {
        FeedbackStatus.NEW: pgettext("feedback status", "New"),
        FeedbackStatus.IN_REVIEW: pgettext("feedback status", "In review"),
        FeedbackStatus.ACTION_PLANNED: pgettext("feedback status", "Action planned"),
        FeedbackStatus.DONE: pgettext("feedback status", "Done"),
        FeedbackStatus.NO_ACTION: pgettext("feedback status", "No action"),
    }


def public_status_labels() -> dict[str, str]:
    """For the person who gave the feedback: what is happening, in plain words."""
    return {
        FeedbackStatus.NEW: _("Received: nobody has looked at it yet"),
        FeedbackStatus.IN_REVIEW: _("Being looked at"),
        FeedbackStatus.ACTION_PLANNED: _("We are making a change because of it"),
        FeedbackStatus.DONE: _("Done: we made a change"),
        FeedbackStatus.NO_ACTION: _("Closed: we looked at it and are not making a change"),
    }


def topic_labels() -> dict[str, str]:
    return {
        FeedbackTopic.PLACE: _("A library or Customer First Centre"),
        FeedbackTopic.SESSION: _("A digital skills session"),
        FeedbackTopic.DEVICE_LOAN: _("Borrowing a device or free data"),
        FeedbackTopic.WIFI_COMPUTERS: _("Free Wi-Fi or computers"),
        FeedbackTopic.GUIDANCE: _("Online safety, cheaper internet or careers advice"),
        FeedbackTopic.WEBSITE: _("This website"),
        FeedbackTopic.OTHER: _("Something else"),
    }


def goal_labels() -> dict[str, str]:
    """The Digital Strategy 2023 to 2027 goals, by their codes."""
    labels = {
        "P1": _("P1: access to IT equipment"),
        "P2": _("P2: basic digital skills"),
        "P3": _("P3: digital careers"),
        "P4": _("P4: online safety"),
        "P5": _("P5: affordable connectivity"),
        "P6": _("P6: the benefits of being online"),
        "L1": _("L1: free connectivity in public buildings"),
        "C4": _("C4: listening to feedback"),
        "C5": _("C5: accessible and inclusive services"),
    }
    assert tuple(labels) == GOALS
    return labels
