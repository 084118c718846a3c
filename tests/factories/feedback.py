"""Feedback items, page answers and "You said, we did" changes for tests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from inclusion.feedback.models import (
    FeedbackItem,
    FeedbackStatus,
    FeedbackTopic,
    PageFeedback,
    PublishedChange,
    feedback_goals,
)
from inclusion.places.models import Place
from inclusion.sessions.references import new_reference


def make_item(
    db_session: Session,
    created_at: datetime,
    *,
    place_slug: str | None = "wallsend-library",
    topic: str = FeedbackTopic.PLACE,
    rating: int = 4,
    what_happened: str = "The staff helped me set up email.",
    status: str = FeedbackStatus.NEW,
    contact_method: str = "none",
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    goals: tuple[str, ...] = (),
    locale: str = "en",
) -> FeedbackItem:
    place_id = (
        db_session.scalar(select(Place.id).where(Place.slug == place_slug)) if place_slug else None
    )
    item = FeedbackItem(
        reference=new_reference(),
        created_at=created_at,
        updated_at=created_at,
        locale=locale,
        topic=topic,
        place_id=place_id,
        rating=rating,
        what_happened=what_happened,
        contact_method=contact_method,
        name=name,
        email=email,
        phone=phone,
        status=status,
    )
    db_session.add(item)
    db_session.flush()
    for goal in goals:
        db_session.execute(insert(feedback_goals).values(item_id=item.id, goal=goal))
    return item


def make_page_answer(
    db_session: Session,
    day: date,
    path: str = "/find",
    useful: bool | None = True,
    locale: str = "en",
) -> PageFeedback:
    answer = PageFeedback(day=day, path=path, locale=locale, useful=useful)
    db_session.add(answer)
    db_session.flush()
    return answer


def make_change(
    db_session: Session,
    created_at: datetime,
    *,
    goal: str = "C4",
    you_said: str = "The Saturday drop-in at Wallsend was always full.",
    we_did: str = "We added a second Saturday drop-in.",
    items: list[FeedbackItem] | None = None,
) -> PublishedChange:
    change = PublishedChange(
        goal=goal,
        you_said=you_said,
        we_did=we_did,
        published_on=created_at.date(),
        created_at=created_at,
        updated_at=created_at,
        items=list(items or []),
    )
    db_session.add(change)
    db_session.flush()
    return change
