"""Fifty people press "Book my place" at the same moment for the last place.

Through the HTTP interface of real servers: one instance on SQLite, and two instances
on PostgreSQL with Redis (which keeps the booking drafts). Each round gives exactly one
booking and fifty-less-one offers of the waiting list; twenty rounds on each engine.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inclusion.db import migrate
from inclusion.db.engine import build_engine
from inclusion.places.demo import load_demo
from inclusion.sessions.models import Booking, BookingStatus, SkillSession
from tests.factories.sessions import make_session
from tests.integration.staff.test_two_instances import redis_env  # noqa: F401 - a fixture
from tests.servers import running_servers

PEOPLE = 50
ROUNDS = 20
# Every simulated person posts from 127.0.0.1: lift the per-address ceilings.
NO_POST_CEILING = {
    "INCLUSION_FORM_POSTS_PER_MINUTE": "1000000",
    "INCLUSION_BOOKINGS_PER_ADDRESS_PER_HOUR": "1000000",
}


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load")
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    migrate.upgrade(url)
    env = {
        "DATABASE_URL": url,
        "INCLUSION_SESSION_DIR": str(folder / "sessions"),
        "REDIS_URL": "",
        **NO_POST_CEILING,
    }
    with running_servers(env, count=1) as urls:
        yield url, urls


@pytest.fixture(scope="module")
def postgres_site(own_postgresql_url, redis_env):  # noqa: F811
    migrate.upgrade(own_postgresql_url)
    env = {
        "DATABASE_URL": own_postgresql_url,
        **redis_env,
        "INCLUSION_SECRET_KEY": "load-test-secret-key-0123456789",
        **NO_POST_CEILING,
    }
    with running_servers(env, count=2) as urls:
        yield own_postgresql_url, urls


def last_place_session(database_url: str) -> int:
    engine = build_engine(database_url)
    with Session(engine) as session:
        load_demo(session)  # the venue; repeating it changes nothing
        made = make_session(
            session,
            datetime.now(UTC) + timedelta(days=7),
            capacity=1,
            title=f"Load test {uuid.uuid4().hex[:6]}",
        )
        session.commit()
        session_id = made.id
    engine.dispose()
    return session_id


def prepared_person(base: str, session_id: int, number: int) -> tuple[httpx.Client, str]:
    """A browser with a finished draft for the session, ready to press the button."""
    browser = httpx.Client(base_url=base, timeout=60)
    browser.get(f"/sessions/{session_id}")
    token = browser.cookies["csrftoken"]
    browser.post(f"/sessions/{session_id}/book", data={"_csrf_token": token})
    for step, data in (
        ("name", {"name": f"Person {number}"}),
        ("contact", {"contact-method": "none"}),
        ("access-needs", {}),
    ):
        answer = browser.post(
            f"/sessions/{session_id}/book/{step}", data={**data, "_csrf_token": token}
        )
        assert answer.status_code == 303, answer.text[:500]
    return browser, token


def one_round(database_url: str, bases: list[str]) -> None:
    session_id = last_place_session(database_url)
    with ThreadPoolExecutor(max_workers=8) as pool:
        people = list(
            pool.map(lambda n: prepared_person(bases[n % len(bases)], session_id, n), range(PEOPLE))
        )
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        answers = list(
            pool.map(
                lambda person: person[0].post(
                    f"/sessions/{session_id}/book/check", data={"_csrf_token": person[1]}
                ),
                people,
            )
        )
    for browser, _ in people:
        browser.close()
    booked = [a for a in answers if a.status_code == 303 and "/bookings/" in a.headers["location"]]
    offered_waiting = [a for a in answers if "the last place has just been taken" in a.text]
    outcomes = [(a.status_code, a.headers.get("location", "")) for a in answers]
    assert len(booked) == 1, outcomes
    assert len(offered_waiting) == PEOPLE - 1, outcomes

    engine = build_engine(database_url)
    with Session(engine) as session:
        skill_session = session.get(SkillSession, session_id)
        confirmed = session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.session_id == session_id, Booking.status == BookingStatus.CONFIRMED)
        )
        assert (skill_session.booked, confirmed) == (1, 1)
    engine.dispose()


def test_last_place_on_sqlite(sqlite_site):
    database_url, bases = sqlite_site
    for _ in range(ROUNDS):
        one_round(database_url, bases)


def test_last_place_on_postgresql_with_two_instances(postgres_site):
    database_url, bases = postgres_site
    for _ in range(ROUNDS):
        one_round(database_url, bases)
