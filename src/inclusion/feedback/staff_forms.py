"""Triage forms: the queue's filters, and each action on an item or on several.

Parsers keep what was typed in `values`, to show back on error, and set the parsed
answers only when they are valid. A filter that makes no sense is dropped with a
message; nothing typed into a form or a URL can raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inclusion.feedback.models import GOALS, FeedbackStatus, FeedbackTopic
from inclusion.feedback.staff_queries import NO_VENUE, QueueFilter
from inclusion.i18n import _
from inclusion.sessions.references import normalise_reference
from inclusion.web.forms import Errors, clean_text, field_list, field_text, whole_number

MAX_REPLY_LENGTH = 2000
# GOV.UK Notify sends at most 918 characters in a text message; the greeting and the
# reference take about 110 of them.
MAX_TEXT_MESSAGE_REPLY_LENGTH = 750
MAX_NOTE_LENGTH = 2000
MAX_PAGE = 99999
MAX_BULK_ITEMS = 200
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
STATUSES = tuple(FeedbackStatus)


@dataclass
class Form:
    values: dict[str, Any] = field(default_factory=dict)
    errors: Errors = field(default_factory=Errors)


def _all(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value of a repeated parameter, from a query string or a posted form."""
    if hasattr(params, "getall"):
        return [clean_text(value) for value in params.getall(name, [])]
    return field_list(params, name)


def parse_day(text: str) -> date | None:
    """25/11/2026, 25-11-2026 or 2026-11-25 as a date; None if it is not a real one."""
    if match := DAY_MONTH_YEAR.match(text):
        day, month, year = (whole_number(part) for part in match.groups())
    elif match := ISO_DATE.match(text):
        year, month, day = (whole_number(part) for part in match.groups())
    else:
        return None
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class FilterForm(Form):
    queue_filter: QueueFilter = field(default_factory=QueueFilter)


def parse_queue_filter(
    params: Mapping[str, Any], venues: Mapping[str, int], *, everything: bool
) -> FilterForm:
    """The queue's filters from the URL. `venues` maps the slugs this person may pick to
    venue ids; `everything` (officers and administrators) adds "no venue".

    Values that name nothing are dropped quietly (an old link, a venue since closed);
    dates that are not dates get a message, so the person knows why they were ignored.
    """
    form = FilterForm()
    statuses = [status for status in STATUSES if status in _all(params, "status")]
    venue = field_text(params, "venue", 100)
    if venue not in venues and not (everything and venue == NO_VENUE):
        venue = ""
    topic = field_text(params, "topic", 30)
    topic = topic if topic in set(FeedbackTopic) else ""
    goal = field_text(params, "goal", 5)
    goal = goal if goal in GOALS else ""
    rating = whole_number(field_text(params, "rating", 2))
    rating = rating if rating in range(1, 6) else None
    form.values = {
        "status": statuses,
        "venue": venue,
        "topic": topic,
        "goal": goal,
        "rating": str(rating or ""),
    }
    days = {}
    for name, message in (
        ("from", _("Enter the first day as a real date, like 25/11/2026")),
        ("to", _("Enter the last day as a real date, like 30/11/2026")),
    ):
        form.values[name] = field_text(params, name, 20)
        days[name] = parse_day(form.values[name])
        if form.values[name] and days[name] is None:
            form.errors.add(f"filter-{name}", message)
    if days["from"] and days["to"] and days["to"] < days["from"]:
        form.errors.add("filter-to", _("The last day must be the same as or after the first day"))
        days["to"] = None
    page = whole_number(field_text(params, "page", 6)) or 1
    form.queue_filter = QueueFilter(
        statuses=tuple(statuses),
        venue=venue,
        place_id=venues.get(venue),
        topic=topic,
        goal=goal,
        rating=rating,
        from_date=days["from"],
        to_date=days["to"],
        page=min(max(page, 1), MAX_PAGE),
    )
    return form


@dataclass
class StatusForm(Form):
    status: str | None = None
    note: str | None = None
    # The item has the chosen status already because of a change made since the page
    # was drawn: the same form sent twice, or a colleague who got there first.
    already_done: bool = False


def _note(form: Form, data: Mapping[str, Any], name: str, missing: str | None) -> str | None:
    """A free-text field of at most MAX_NOTE_LENGTH; `missing` makes it required."""
    form.values[name] = field_text(data, name, MAX_NOTE_LENGTH)
    text = form.values[name]
    if not text:
        if missing:
            form.errors.add(name, missing)
        return None
    if len(text) > MAX_NOTE_LENGTH:
        form.errors.add(name, _("The note must be 2,000 characters or fewer"))
        return None
    return text


def parse_status(data: Mapping[str, Any], current: str, current_label: str) -> StatusForm:
    """The new status. The form says which status the page showed ("seen-status"), so
    a change made by someone else since then is not overwritten unseen."""
    form = StatusForm()
    form.values["status"] = field_text(data, "status", 30)
    chosen = form.values["status"]
    seen = field_text(data, "seen-status", 30)
    moved_since = bool(seen) and seen != current
    if chosen not in STATUSES:
        form.errors.add("status", _("Choose a status"))
    elif chosen == current and moved_since:
        form.already_done = True
    elif chosen == current:
        form.errors.add("status", _("It has this status already. Choose a different one"))
    elif moved_since:
        form.errors.add(
            "status",
            _(
                "Someone changed the status to ‘%(status)s’ while you had this page open. "
                "Check the history, then choose again",
                status=current_label,
            ),
        )
    else:
        form.status = chosen
    form.note = _note(form, data, "status-note", None)
    return form


@dataclass
class AssignForm(Form):
    assignee_id: int | None = None


def parse_assign(data: Mapping[str, Any], staff_ids: Sequence[int]) -> AssignForm:
    """Someone from `staff_ids`, or "nobody"."""
    form = AssignForm()
    form.values["assignee"] = field_text(data, "assignee", 20)
    chosen = form.values["assignee"]
    number = whole_number(chosen)
    if chosen == "nobody":
        form.assignee_id = None
    elif number is not None and number in staff_ids:
        form.assignee_id = number
    else:
        form.errors.add("assignee", _("Choose who to assign it to"))
    return form


@dataclass
class NoteForm(Form):
    note: str = ""


def parse_note(data: Mapping[str, Any]) -> NoteForm:
    form = NoteForm()
    form.note = _note(form, data, "note", _("Enter the note")) or ""
    return form


@dataclass
class GoalsForm(Form):
    goals: list[str] = field(default_factory=list)


def parse_goals(data: Mapping[str, Any]) -> GoalsForm:
    """The goals ticked; none ticked takes every tag off."""
    form = GoalsForm()
    ticked = set(field_list(data, "goals"))
    form.goals = [goal for goal in GOALS if goal in ticked]
    form.values["goals"] = form.goals
    return form


@dataclass
class ReplyForm(Form):
    reply: str = ""


def parse_reply(data: Mapping[str, Any], by_text_message: bool) -> ReplyForm:
    form = ReplyForm()
    form.values["reply"] = field_text(data, "reply", MAX_REPLY_LENGTH)
    text = form.values["reply"]
    limit = MAX_TEXT_MESSAGE_REPLY_LENGTH if by_text_message else MAX_REPLY_LENGTH
    if not text:
        form.errors.add("reply", _("Enter your reply"))
    elif len(text) > limit and by_text_message:
        form.errors.add("reply", _("A reply by text message must be 750 characters or fewer"))
    elif len(text) > limit:
        form.errors.add("reply", _("The reply must be 2,000 characters or fewer"))
    else:
        form.reply = text
    return form


def parse_call(data: Mapping[str, Any]) -> NoteForm:
    form = NoteForm()
    form.note = _note(form, data, "call-note", None) or ""
    return form


@dataclass
class BulkForm(Form):
    references: list[str] = field(default_factory=list)
    status: str | None = None
    assignee: str | None = None  # "me", "nobody" or a staff id
    assignee_id: int | None = None
    goal: str | None = None


def parse_bulk(data: Mapping[str, Any], staff_ids: Sequence[int], my_id: int) -> BulkForm:
    """Items ticked in the queue, and at least one change to make to all of them."""
    form = BulkForm()
    ticked = [normalise_reference(text) for text in field_list(data, "items")]
    form.references = list(dict.fromkeys(ref for ref in ticked if ref))[:MAX_BULK_ITEMS]
    form.values["items"] = form.references
    for name, limit in (("bulk-status", 30), ("bulk-assignee", 20), ("bulk-goal", 5)):
        form.values[name] = field_text(data, name, limit)
    if not form.references:
        form.errors.add("items", _("Select at least one item"))
    status, assignee, goal = (
        form.values[name] for name in ("bulk-status", "bulk-assignee", "bulk-goal")
    )
    if status in STATUSES:
        form.status = status
    number = whole_number(assignee)
    if assignee == "me":
        form.assignee, form.assignee_id = "me", my_id
    elif assignee == "nobody":
        form.assignee = "nobody"
    elif number is not None and number in staff_ids:
        form.assignee, form.assignee_id = assignee, number
    if goal in GOALS:
        form.goal = goal
    if not (form.status or form.assignee or form.goal):
        form.errors.add("bulk-status", _("Choose a status, someone to assign them to or a goal"))
    return form
