"""Skills sessions for tests, at the demo venues."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from inclusion.sessions import queries as session_queries
from inclusion.sessions.models import SessionSeries, SkillSession
from inclusion.staff import queries as staff_queries


def make_session(
    db_session: Session,
    starts_at: datetime,
    capacity: int = 8,
    place_slug: str = "wallsend-library",
    title: str = "Get started with a computer",
    series: SessionSeries | None = None,
    booked: int = 0,
) -> SkillSession:
    place = staff_queries.venue_by_slug(db_session, place_slug)
    skill_session = SkillSession(
        place=place,
        series=series,
        title=title,
        topic="getting_started",
        level="beginner",
        language="en",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=capacity,
        booked=booked,
        created_at=starts_at - timedelta(days=30),
    )
    db_session.add(skill_session)
    db_session.flush()
    return skill_session


def make_series(
    db_session: Session, first_starts_at: datetime, dates: int = 4, capacity: int = 8
) -> list[SkillSession]:
    place = staff_queries.venue_by_slug(db_session, "wallsend-library")
    series = SessionSeries(
        place_id=place.id,
        title="Using your smartphone",
        frequency="weekly",
        created_at=first_starts_at,
    )
    db_session.add(series)
    return [
        make_session(
            db_session,
            first_starts_at + timedelta(weeks=n),
            capacity,
            title="Using your smartphone",
            series=series,
        )
        for n in range(dates)
    ]


def reload(db_session: Session, skill_session: SkillSession) -> SkillSession:
    db_session.expire_all()
    return session_queries.session_by_id(db_session, skill_session.id)
