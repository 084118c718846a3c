"""Giving feedback about a service: the item and its acknowledgement, in one transaction.

Both are added to the caller's session, so they are committed together (before the
redirect to the confirmation) or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.feedback import queries
from inclusion.feedback.about import About
from inclusion.feedback.forms import FeedbackForm
from inclusion.feedback.models import FeedbackItem, FeedbackStatus
from inclusion.notify.outbox import enqueue
from inclusion.sessions.models import ContactMethod
from inclusion.sessions.references import format_reference

ACKNOWLEDGEMENT = "feedback_received"


def give_feedback(
    session: Session,
    form: FeedbackForm,
    about: About | None,
    locale: str,
    now: datetime,
    status_url: str,
) -> FeedbackItem:
    """Store valid feedback; acknowledge it by email or text when a reply was asked
    for. `status_url` is the status page's address, to which the reference is added.

    Contact details are kept only when the person asked for a reply (and agreed):
    a name typed by someone who wants none is dropped.
    """
    method = form.contact_method if form.wants_reply else ContactMethod.NONE
    item = FeedbackItem(
        created_at=now,
        updated_at=now,
        locale=locale,
        topic=form.topic,
        about_kind=about.kind if about else None,
        about_id=about.about_id if about else None,
        about_label=about.stored_label if about else None,
        place_id=about.place_id if about else None,
        rating=form.rating,
        what_happened=form.what_happened,
        what_would_help=form.what_would_help or None,
        name=(form.name or None) if form.wants_reply else None,
        contact_method=str(method),
        email=form.email if method == ContactMethod.EMAIL else None,
        phone=form.phone if method in (ContactMethod.SMS, ContactMethod.PHONE) else None,
        status=FeedbackStatus.NEW,
    )
    queries.add_item(session, item)
    _acknowledge(session, item, status_url)
    return item


def _acknowledge(session: Session, item: FeedbackItem, status_url: str) -> None:
    """An email or a text with the reference; nothing for a phone call or no reply."""
    if item.contact_method == ContactMethod.EMAIL and item.email:
        channel, recipient = "email", item.email
    elif item.contact_method == ContactMethod.SMS and item.phone:
        channel, recipient = "sms", item.phone
    else:
        return
    reference = format_reference(item.reference)
    enqueue(
        session,
        channel=channel,
        recipient=recipient,
        template=ACKNOWLEDGEMENT,
        locale=item.locale,
        context={
            "name": item.name,
            "reference": reference,
            "status_url": f"{status_url}?reference={reference}",
        },
        reference=f"{ACKNOWLEDGEMENT}:{item.reference}",
    )
