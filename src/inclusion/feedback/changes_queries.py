"""Reads and writes for "You said, we did": the only place that builds queries for
published changes and the feedback items linked to them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inclusion.feedback.models import (
    CLOSED_STATUSES,
    FeedbackItem,
    FeedbackNote,
    FeedbackStatus,
    NoteKind,
    PublishedChange,
)
from inclusion.places.models import Place


@dataclass(frozen=True)
class ChangeDetails:
    """What an officer wrote about a change, already checked."""

    goal: str
    you_said: str
    we_did: str
    place_id: int | None
    published_on: date


def published_changes(session: Session, goal: str | None = None) -> Sequence[PublishedChange]:
    """Every published change (or one goal's), newest first, with its linked items."""
    query = select(PublishedChange).options(selectinload(PublishedChange.items))
    if goal:
        query = query.where(PublishedChange.goal == goal)
    return session.scalars(
        query.order_by(PublishedChange.published_on.desc(), PublishedChange.id.desc())
    ).all()


def change_by_id(session: Session, change_id: int) -> PublishedChange | None:
    return session.scalars(
        select(PublishedChange)
        .where(PublishedChange.id == change_id)
        .options(selectinload(PublishedChange.items))
    ).first()


def place_names(session: Session, place_ids: Iterable[int | None]) -> dict[int, str]:
    """Venue names by id, for the changes that name one."""
    wanted = {place_id for place_id in place_ids if place_id is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(Place.id, Place.name).where(Place.id.in_(wanted))).all())


def items_by_references(session: Session, references: Collection[str]) -> list[FeedbackItem]:
    """The feedback items with these (normalised) references; unknown ones are left out.

    Their rows stay locked until the transaction ends, in id order as triage takes
    them, so marking them done cannot cross an officer changing one at the same time.
    """
    if not references:
        return []
    return list(
        session.scalars(
            select(FeedbackItem)
            .where(FeedbackItem.reference.in_(list(references)))
            .order_by(FeedbackItem.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def publish(
    session: Session,
    details: ChangeDetails,
    items: Sequence[FeedbackItem],
    author_id: int,
    now: datetime,
) -> PublishedChange:
    change = PublishedChange(created_at=now, created_by_id=author_id)
    _fill(change, details, items, now)
    session.add(change)
    session.flush()
    return change


def update(
    session: Session,
    change: PublishedChange,
    details: ChangeDetails,
    items: Sequence[FeedbackItem],
    now: datetime,
) -> None:
    _fill(change, details, items, now)
    session.flush()


def _fill(
    change: PublishedChange, details: ChangeDetails, items: Sequence[FeedbackItem], now: datetime
) -> None:
    change.goal = details.goal
    change.you_said = details.you_said
    change.we_did = details.we_did
    change.place_id = details.place_id
    change.published_on = details.published_on
    change.updated_at = now
    change.items = list(items)


def withdraw(session: Session, change: PublishedChange) -> None:
    """Delete the change; its links go with it, the feedback items stay as they are."""
    session.delete(change)
    session.flush()


def mark_done(
    session: Session, items: Iterable[FeedbackItem], author_id: int, now: datetime
) -> list[tuple[FeedbackItem, str]]:
    """Close each item as done, with a status note in its history, by triage's rules:
    the note holds the new status, a first closing sets `closed_at`, leaving "new" is
    a first response.

    Returns each item changed with the status it had; items already done are left
    alone, so saving a change twice does not write their history twice.
    """
    changed = []
    for item in items:
        previous = item.status
        if previous == FeedbackStatus.DONE:
            continue
        changed.append((item, previous))
        item.status = FeedbackStatus.DONE
        if previous not in CLOSED_STATUSES:
            item.closed_at = now
        if item.first_response_at is None:
            item.first_response_at = now
        item.updated_at = now
        session.add(
            FeedbackNote(
                item_id=item.id,
                at=now,
                author_id=author_id,
                kind=NoteKind.STATUS,
                text=FeedbackStatus.DONE.value,
            )
        )
    session.flush()
    return changed
