"""The rules of triage: what a status change, an assignment, a note, goal tags and a
reply do to an item and its history.

Each step leaves a FeedbackNote (except goal tags, which the item page shows as they
are now) and moves `updated_at`; the handler adds the audit entry. Callers load the item
with its row locked (`staff_queries.item_by_reference(lock=True)`), so two officers
acting at once take turns rather than overwrite each other unseen.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from inclusion.feedback import staff_queries
from inclusion.feedback.models import CLOSED_STATUSES, FeedbackItem, FeedbackStatus, NoteKind
from inclusion.i18n import _
from inclusion.notify.models import Channel
from inclusion.notify.outbox import enqueue
from inclusion.sessions.models import ContactMethod
from inclusion.sessions.references import format_reference

# A reply sent twice within this time with the same words is one form sent twice.
REPEAT_WINDOW = timedelta(minutes=10)


class CannotReply(Exception):
    """The person asked for no reply, asked for a call, or their details are gone."""


def _responded(item: FeedbackItem, now: datetime) -> None:
    if item.first_response_at is None:
        item.first_response_at = now


def change_status(
    session: Session, item: FeedbackItem, status: str, author_id: int, now: datetime
) -> str | None:
    """Move the item to `status`; the status it had, or None if it had this one already.

    Closing sets `closed_at` (moving between the two closed statuses keeps the first
    closing time); reopening clears it. Leaving "new" is a first response.
    """
    previous = item.status
    if previous == status:
        return None
    item.status = status
    if status in CLOSED_STATUSES:
        if previous not in CLOSED_STATUSES:
            item.closed_at = now
    else:
        item.closed_at = None
    if previous == FeedbackStatus.NEW:
        _responded(item, now)
    staff_queries.add_note(session, item, NoteKind.STATUS, status, author_id, now)
    return previous


def assign(
    session: Session,
    item: FeedbackItem,
    assignee_id: int | None,
    assignee_email: str | None,
    author_id: int,
    now: datetime,
) -> bool:
    """Give the item to someone (None: to nobody); False if nothing changed."""
    if item.assigned_to_id == assignee_id:
        return False
    item.assigned_to_id = assignee_id
    # The email, not the id: the history still reads right after an account is gone.
    staff_queries.add_note(session, item, NoteKind.ASSIGNED, assignee_email or "", author_id, now)
    return True


def _repeated(
    session: Session, item: FeedbackItem, kind: str, text: str, author_id: int | None, now: datetime
) -> bool:
    """The same words were written a moment ago: one form sent twice."""
    last = staff_queries.last_note(session, item, kind, author_id)
    return last is not None and last.text == text and now - last.at < REPEAT_WINDOW


def add_note(
    session: Session, item: FeedbackItem, text: str, author_id: int, now: datetime
) -> bool:
    """An internal note; False when it repeats the author's last one of a moment ago."""
    if _repeated(session, item, NoteKind.NOTE, text, author_id, now):
        return False
    staff_queries.add_note(session, item, NoteKind.NOTE, text, author_id, now)
    return True


def set_goals(
    session: Session, item: FeedbackItem, goals: Collection[str], now: datetime
) -> tuple[list[str], list[str]]:
    """Make the item's goal tags exactly `goals`; returns (added, removed)."""
    removed = [goal for goal in staff_queries.goals_of(session, item) if goal not in goals]
    staff_queries.remove_goals(session, item, removed)
    added = staff_queries.add_goals(session, item, goals)
    if added or removed:
        item.updated_at = now
    return added, removed


def add_goal(session: Session, item: FeedbackItem, goal: str, now: datetime) -> bool:
    added = staff_queries.add_goals(session, item, [goal])
    if added:
        item.updated_at = now
    return bool(added)


def reply_channel(item: FeedbackItem) -> tuple[Channel, str] | None:
    """How a written reply reaches the person, if it can: (channel, address)."""
    if not item.wants_reply:
        return None
    if item.contact_method == ContactMethod.EMAIL and item.email:
        return Channel.EMAIL, item.email
    if item.contact_method == ContactMethod.SMS and item.phone:
        return Channel.SMS, item.phone
    return None


def reply(
    session: Session,
    item: FeedbackItem,
    text: str,
    author_id: int,
    now: datetime,
    status_url: str,
) -> Channel | None:
    """Send `text` to the person, in their language with their reference and a link to
    `status_url` (the status page), through the outbox; the channel used, or None when
    the same reply was sent a moment ago (by anyone: the person should not get it twice).
    """
    route = reply_channel(item)
    if route is None:
        raise CannotReply()
    channel, recipient = route
    if _repeated(session, item, NoteKind.REPLY, text, None, now):
        return None
    note = staff_queries.add_note(session, item, NoteKind.REPLY, text, author_id, now)
    reference = format_reference(item.reference)
    enqueue(
        session,
        channel=channel,
        recipient=recipient,
        template="feedback_reply",
        locale=item.locale,
        context={
            "name": item.name or "",
            "reference": reference,
            "reply": text,
            "status_url": f"{status_url}?{urlencode({'reference': reference})}",
        },
        reference=f"feedback-reply-{note.id}",
        now=now,
    )
    _responded(item, now)
    return channel


def record_call(
    session: Session, item: FeedbackItem, summary: str, author_id: int, now: datetime
) -> bool:
    """The officer phoned the person, as they asked: an internal note, and a response;
    False when the same call was recorded a moment ago.

    The note never holds the number: notes outlive the contact details.
    """
    if not (item.wants_reply and item.contact_method == ContactMethod.PHONE and item.phone):
        raise CannotReply()
    text = _("Phoned them.") + (f"\n{summary}" if summary else "")
    if not add_note(session, item, text, author_id, now):
        return False
    _responded(item, now)
    return True
