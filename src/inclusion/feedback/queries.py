"""Residents' side of feedback: reads and writes, and the only place that builds
`select()` for them. Triage and "You said, we did" have their own queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from inclusion.feedback.models import (
    CLOSED_STATUSES,
    FeedbackItem,
    PageFeedback,
    PublishedChange,
    change_items,
)
from inclusion.loans.models import LoanRequest
from inclusion.places.models import Place
from inclusion.sessions.models import SkillSession
from inclusion.sessions.references import new_reference

# A clash between two 40-bit references is rare; three in a row does not happen.
REFERENCE_ATTEMPTS = 3


def add_page_answer(
    session: Session,
    day: date,
    path: str,
    locale: str,
    useful: bool | None,
    what_doing: str | None = None,
    what_went_wrong: str | None = None,
) -> PageFeedback:
    """An answer to "Is this page useful?", or a problem report (`useful` None)."""
    answer = PageFeedback(
        day=day,
        path=path,
        locale=locale,
        useful=useful,
        what_doing=what_doing or None,
        what_went_wrong=what_went_wrong or None,
    )
    session.add(answer)
    session.flush()
    return answer


def add_item(session: Session, item: FeedbackItem) -> FeedbackItem:
    """Store a feedback item under a new reference, trying another if one is taken."""
    for attempt in range(REFERENCE_ATTEMPTS):
        item.reference = new_reference()
        try:
            with session.begin_nested():
                session.add(item)
                session.flush()
            return item
        except IntegrityError:
            # The savepoint's rollback left the item unsaved; try the next reference.
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
    return item


def item_by_reference(session: Session, reference: str) -> FeedbackItem | None:
    return session.scalars(select(FeedbackItem).where(FeedbackItem.reference == reference)).first()


def changes_for_item(session: Session, item_id: int, today: date) -> Sequence[PublishedChange]:
    """The "You said, we did" changes this item led to, published by `today`."""
    return session.scalars(
        select(PublishedChange)
        .join(change_items, change_items.c.change_id == PublishedChange.id)
        .where(change_items.c.item_id == item_id, PublishedChange.published_on <= today)
        .order_by(PublishedChange.published_on, PublishedChange.id)
    ).all()


def items_to_erase(session: Session, closed_before: datetime) -> Sequence[FeedbackItem]:
    """Closed items whose contact details are due to go, with their notes."""
    return session.scalars(
        select(FeedbackItem)
        .where(
            FeedbackItem.status.in_([str(status) for status in CLOSED_STATUSES]),
            FeedbackItem.closed_at.is_not(None),
            FeedbackItem.closed_at < closed_before,
            FeedbackItem.contact_erased_at.is_(None),
        )
        .options(selectinload(FeedbackItem.notes))
    ).all()


# What a feedback link can point at. Small reads of other features' tables, kept here
# so that the feedback pages need nothing from those features' routes.


def place_by_slug(session: Session, slug: str) -> Place | None:
    return session.scalars(select(Place).where(Place.slug == slug)).first()


def skill_session_by_id(session: Session, session_id: int) -> SkillSession | None:
    return session.scalars(
        select(SkillSession)
        .where(SkillSession.id == session_id)
        .options(selectinload(SkillSession.place))
    ).first()


def loan_by_reference(session: Session, reference: str) -> LoanRequest | None:
    return session.scalars(
        select(LoanRequest)
        .where(LoanRequest.reference == reference)
        .options(selectinload(LoanRequest.place))
    ).first()
