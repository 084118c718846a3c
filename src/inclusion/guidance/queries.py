"""What guidance pages read from other features' tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.sessions import queries as sessions
from inclusion.sessions.models import Topic

CAREER_SESSIONS_SHOWN = 5


def upcoming_career_sessions(session: Session, now: datetime):
    """The next sessions on jobs and careers anywhere in the borough."""
    career_filter = sessions.SessionFilter(topics=(Topic.JOBS_AND_CAREERS.value,))
    return sessions.upcoming(session, career_filter, now, limit=CAREER_SESSIONS_SHOWN)
