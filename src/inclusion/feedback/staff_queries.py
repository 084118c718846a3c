"""Reads and writes for feedback triage: the queue and its filters, one item with its
history, goal tags, the staff who can be assigned, and the rows of an export.

The only place triage builds a `select()`. A `scope` is the set of venue ids a person
may see feedback about, or None for everything (officers and administrators); an item
with no venue is outside every set, so only None reaches it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from inclusion.feedback.models import (
    GOALS,
    FeedbackItem,
    FeedbackNote,
    FeedbackStatus,
    feedback_goals,
)
from inclusion.i18n.formatting import LONDON
from inclusion.places.models import Place
from inclusion.staff.models import Role, StaffUser

PAGE_SIZE = 50
NO_VENUE = "none"

Scope = frozenset[int] | None


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows: every field empty means everything the person may see."""

    statuses: tuple[str, ...] = ()
    venue: str = ""  # a venue's slug, or NO_VENUE
    place_id: int | None = None
    topic: str = ""
    goal: str = ""
    rating: int | None = None
    from_date: date | None = None
    to_date: date | None = None
    page: int = 1

    def params(self, page: int | None = None) -> list[tuple[str, str]]:
        """The filter as query parameters, for links that keep it (next page, export)."""
        pairs = [("status", status) for status in self.statuses]
        pairs += [
            (name, value)
            for name, value in (
                ("venue", self.venue),
                ("topic", self.topic),
                ("goal", self.goal),
                ("rating", str(self.rating or "")),
                ("from", self.from_date.strftime("%d/%m/%Y") if self.from_date else ""),
                ("to", self.to_date.strftime("%d/%m/%Y") if self.to_date else ""),
            )
            if value
        ]
        if page and page > 1:
            pairs.append(("page", str(page)))
        return pairs

    def for_audit(self) -> dict[str, object]:
        """The filter in an audit entry: codes and ids only."""
        details: dict[str, object] = {"status": list(self.statuses)}
        details.update((name, value) for name, value in self.params() if name != "status")
        return details


@dataclass(frozen=True)
class QueueRow:
    item: FeedbackItem
    venue_name: str | None
    assignee_email: str | None
    goals: list[str] = field(default_factory=list)


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _filtered(query: Select, queue_filter: QueueFilter, scope: Scope, statuses: bool) -> Select:
    if scope is not None:
        query = query.where(FeedbackItem.place_id.in_(scope or {-1}))
    if statuses and queue_filter.statuses:
        query = query.where(FeedbackItem.status.in_(queue_filter.statuses))
    if queue_filter.venue == NO_VENUE:
        query = query.where(FeedbackItem.place_id.is_(None))
    elif queue_filter.place_id is not None:
        query = query.where(FeedbackItem.place_id == queue_filter.place_id)
    if queue_filter.topic:
        query = query.where(FeedbackItem.topic == queue_filter.topic)
    if queue_filter.goal:
        tagged = select(feedback_goals.c.item_id).where(feedback_goals.c.goal == queue_filter.goal)
        query = query.where(FeedbackItem.id.in_(tagged))
    if queue_filter.rating:
        query = query.where(FeedbackItem.rating == queue_filter.rating)
    # Days are London days, whatever the engine stores.
    if queue_filter.from_date:
        query = query.where(FeedbackItem.created_at >= _london_midnight(queue_filter.from_date))
    if queue_filter.to_date:
        next_day = queue_filter.to_date + timedelta(days=1)
        query = query.where(FeedbackItem.created_at < _london_midnight(next_day))
    return query


def _rows_query(queue_filter: QueueFilter, scope: Scope) -> Select:
    query = (
        select(FeedbackItem, Place.name, StaffUser.email)
        .outerjoin(Place, FeedbackItem.place_id == Place.id)
        .outerjoin(StaffUser, FeedbackItem.assigned_to_id == StaffUser.id)
    )
    return _filtered(query, queue_filter, scope, statuses=True).order_by(
        FeedbackItem.created_at.desc(), FeedbackItem.id.desc()
    )


def queue_page(
    session: Session, queue_filter: QueueFilter, scope: Scope
) -> tuple[list[QueueRow], int]:
    """One page of matching items, newest first, and how many match in all."""
    count_query = _filtered(select(func.count(FeedbackItem.id)), queue_filter, scope, True)
    total = session.scalar(count_query) or 0
    rows = session.execute(
        _rows_query(queue_filter, scope)
        .limit(PAGE_SIZE)
        .offset((queue_filter.page - 1) * PAGE_SIZE)
    ).all()
    return [QueueRow(item, venue, email) for item, venue, email in rows], total


def status_counts(session: Session, queue_filter: QueueFilter, scope: Scope) -> dict[str, int]:
    """How many items have each status, among those the other filters leave."""
    query = _filtered(
        select(FeedbackItem.status, func.count()).group_by(FeedbackItem.status),
        queue_filter,
        scope,
        statuses=False,
    )
    counts = dict.fromkeys(FeedbackStatus, 0)
    counts.update({status: count for status, count in session.execute(query)})
    return counts


def export_rows(session: Session, queue_filter: QueueFilter, scope: Scope) -> list[QueueRow]:
    """Every matching item (not one page), with its goal tags, for a spreadsheet."""
    rows = session.execute(_rows_query(queue_filter, scope)).all()
    tagged = _filtered(select(FeedbackItem.id), queue_filter, scope, statuses=True)
    goals = _goals_by_item(session, feedback_goals.c.item_id.in_(tagged))
    return [QueueRow(item, venue, email, goals.get(item.id, [])) for item, venue, email in rows]


def _goals_by_item(session: Session, condition) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for item_id, goal in session.execute(
        select(feedback_goals.c.item_id, feedback_goals.c.goal).where(condition)
    ):
        found.setdefault(item_id, []).append(goal)
    return {item_id: sorted(codes, key=GOALS.index) for item_id, codes in found.items()}


def item_by_reference(
    session: Session, reference: str, *, lock: bool = False
) -> FeedbackItem | None:
    """The item; with `lock`, its row is held until the transaction ends, so two staff
    changing it at once take turns and each sees what the other did."""
    query = select(FeedbackItem).where(FeedbackItem.reference == reference)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).first()


def items_by_references(
    session: Session, references: Collection[str], scope: Scope
) -> list[FeedbackItem]:
    """The items among these references that this person may see, locked in id order
    (one order for everyone, so two bulk changes cannot wait on each other)."""
    query = (
        select(FeedbackItem)
        .where(FeedbackItem.reference.in_(references or {""}))
        .order_by(FeedbackItem.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if scope is not None:
        query = query.where(FeedbackItem.place_id.in_(scope or {-1}))
    return list(session.scalars(query))


def history(session: Session, item: FeedbackItem) -> list[tuple[FeedbackNote, str | None]]:
    """The item's notes, newest first, each with its author's email."""
    rows = session.execute(
        select(FeedbackNote, StaffUser.email)
        .outerjoin(StaffUser, FeedbackNote.author_id == StaffUser.id)
        .where(FeedbackNote.item_id == item.id)
        .order_by(FeedbackNote.at.desc(), FeedbackNote.id.desc())
    )
    return [(note, email) for note, email in rows]


def last_note(
    session: Session, item: FeedbackItem, kind: str, author_id: int | None = None
) -> FeedbackNote | None:
    """The item's latest note of this kind, by this author when one is given."""
    query = select(FeedbackNote).where(FeedbackNote.item_id == item.id, FeedbackNote.kind == kind)
    if author_id is not None:
        query = query.where(FeedbackNote.author_id == author_id)
    return session.scalars(query.order_by(FeedbackNote.at.desc(), FeedbackNote.id.desc())).first()


def add_note(
    session: Session, item: FeedbackItem, kind: str, text: str, author_id: int, now: datetime
) -> FeedbackNote:
    note = FeedbackNote(item_id=item.id, at=now, author_id=author_id, kind=kind, text=text)
    session.add(note)
    item.updated_at = now
    session.flush()
    return note


def goals_of(session: Session, item: FeedbackItem) -> list[str]:
    return _goals_by_item(session, feedback_goals.c.item_id == item.id).get(item.id, [])


def add_goals(session: Session, item: FeedbackItem, goals: Iterable[str]) -> list[str]:
    """Tag the item with these goals; returns those it did not have already."""
    new = [goal for goal in goals if goal not in goals_of(session, item)]
    if new:
        session.execute(insert(feedback_goals), [{"item_id": item.id, "goal": g} for g in new])
    return new


def remove_goals(session: Session, item: FeedbackItem, goals: Collection[str]) -> None:
    if goals:
        session.execute(
            delete(feedback_goals).where(
                feedback_goals.c.item_id == item.id, feedback_goals.c.goal.in_(goals)
            )
        )


def assignable_staff(session: Session) -> Sequence[StaffUser]:
    """Who feedback can be given to: active officers and administrators."""
    return session.scalars(
        select(StaffUser)
        .where(StaffUser.is_active.is_(True), StaffUser.role.in_((Role.OFFICER, Role.ADMIN)))
        .order_by(StaffUser.email)
    ).all()


def staff_email(session: Session, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    return session.scalar(select(StaffUser.email).where(StaffUser.id == staff_id))


def venue_name(session: Session, place_id: int | None) -> str | None:
    if place_id is None:
        return None
    return session.scalar(select(Place.name).where(Place.id == place_id))
