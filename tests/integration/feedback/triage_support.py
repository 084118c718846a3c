"""What the triage tests share: addresses, re-reading rows, the audit log, page text."""

from __future__ import annotations

import re

from sqlalchemy import select

from inclusion.feedback.models import FeedbackItem, FeedbackNote
from inclusion.notify.models import OutboxMessage
from inclusion.staff.models import AuditEvent

QUEUE = "/staff/feedback"
SCRIPT = '<script>alert("x")</script><img src=x onerror="y">'
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def item_url(item: FeedbackItem, action: str = "") -> str:
    return f"{QUEUE}/{item.reference}" + (f"/{action}" if action else "")


def words(html: str) -> str:
    """The page's text, tags taken out and spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def fresh(db_session, item: FeedbackItem) -> FeedbackItem:
    db_session.expire_all()
    return db_session.get(FeedbackItem, item.id)


def notes(db_session, item: FeedbackItem, kind: str | None = None) -> list[FeedbackNote]:
    db_session.expire_all()
    query = select(FeedbackNote).where(FeedbackNote.item_id == item.id)
    if kind:
        query = query.where(FeedbackNote.kind == kind)
    return list(db_session.scalars(query.order_by(FeedbackNote.id)))


def audits(db_session, action: str | None = None) -> list[AuditEvent]:
    db_session.expire_all()
    query = select(AuditEvent).where(AuditEvent.action.like("feedback_%"))
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db_session.scalars(query.order_by(AuditEvent.id)))


def outbox(db_session, template: str = "feedback_reply") -> list[OutboxMessage]:
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.template == template)
            .order_by(OutboxMessage.id)
        )
    )


def assert_nothing_personal(event: AuditEvent, *private: str) -> None:
    """An audit entry names the item by reference and holds none of these words."""
    flat = repr(event.details)
    for text in private:
        assert text not in flat, f"{event.action} holds {text!r}"
