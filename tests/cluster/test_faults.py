"""Faults: the database stops for ten seconds under load, Redis stops, the worker is
killed mid-send. Each against a PostgreSQL and a Redis server of this module's own,
so the machine's shared servers are never stopped."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from inclusion.db.engine import build_engine
from inclusion.notify.models import OutboxMessage, Status
from inclusion.notify.worker import CLAIM_LEASE
from inclusion.sessions.models import Booking, BookingStatus, SkillSession
from tests.cluster.conftest import SECRET_KEY, cluster_env
from tests.cluster.harness import cluster_database, running_cluster
from tests.cluster.people import (
    browser,
    confirm_booking,
    confirmed,
    fill_in_booking,
    new_session,
    new_staff,
    sign_in,
)
from tests.cluster.servers import postgres_server, redis_server, wait_for

OUTAGE_SECONDS = 10
LOAD_THREADS = 4
UNAVAILABLE = {503}


@pytest.fixture(scope="module")
def own_servers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("own-servers")
    with postgres_server() as postgres, redis_server(folder / "redis") as redis:
        yield postgres, redis


@pytest.fixture(scope="module")
def faulty(own_servers, smtp, tmp_path_factory):
    postgres, redis = own_servers
    with cluster_database(postgres.url) as database_url:
        redis_env = {"REDIS_URL": redis.url, "INCLUSION_REDIS_PREFIX": "faults"}
        env = cluster_env(database_url, redis_env, smtp)
        with running_cluster(env, tmp_path_factory.mktemp("fault-logs")) as cluster:
            yield cluster, postgres, redis


@dataclass
class Load:
    """Residents booking a place, on both instances in turn, until told to stop."""

    bases: list[str]
    session_id: int
    stop: threading.Event = field(default_factory=threading.Event)
    answers: list[tuple[float, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)

    def run(self, number: int) -> None:
        attempt = 0
        while not self.stop.is_set():
            attempt += 1
            with browser() as resident:
                try:
                    self._book(resident, f"Person {number}-{attempt}")
                except httpx.HTTPError as error:
                    self.errors.append(repr(error))
                except _Refused:
                    time.sleep(0.1)

    def _book(self, resident: httpx.Client, name: str) -> None:
        base = self.bases[len(self.answers) % len(self.bases)]
        self._check(resident.get(f"{base}/sessions/{self.session_id}"))
        try:
            token = fill_in_booking(resident, self.bases, self.session_id, name)
        except AssertionError:
            raise _Refused() from None
        answer = confirm_booking(resident, base, self.session_id, token)
        self._check(answer)
        if confirmed(answer):
            self.confirmed.append(answer.headers["location"].split("/bookings/")[1].split("?")[0])

    def _check(self, response: httpx.Response) -> None:
        self.answers.append((time.monotonic(), response.status_code))
        if response.status_code >= 500:
            raise _Refused()


class _Refused(Exception):
    pass


def test_the_database_stops_for_ten_seconds_under_load(faulty):
    cluster, postgres, _ = faulty
    load = Load(cluster.urls, new_session(cluster.database_url, capacity=5000))
    threads = [threading.Thread(target=load.run, args=(n,)) for n in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        stopped_at = time.monotonic()
        postgres.stop()
        time.sleep(1)
        for base in cluster.urls:
            assert httpx.get(f"{base}/readyz", timeout=5).status_code == 503
            page = httpx.get(f"{base}/sessions/{load.session_id}", timeout=5)
            assert page.status_code == 503
            assert "Sorry, the service is unavailable" in page.text
            assert page.headers["Retry-After"]
        time.sleep(OUTAGE_SECONDS - (time.monotonic() - stopped_at))
        # PostgreSQL answers before start() returns: the outage ends when it is asked to.
        restarting_at = time.monotonic()
        postgres.start()
        restarted_at = time.monotonic()
        for base in cluster.urls:
            wait_for(f"{base}/readyz", 200, timeout=30)
        time.sleep(3)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=60)

    assert load.errors == [], load.errors[:5]
    during = Counter(code for at, code in load.answers if stopped_at + 0.5 < at < restarting_at)
    after = Counter(code for at, code in load.answers if at > restarted_at + 2)
    assert during and set(during) <= UNAVAILABLE, during
    assert after and set(after) <= {200, 303}, after
    engine = build_engine(cluster.database_url)
    with Session(engine) as session:
        kept = set(
            session.scalars(
                select(Booking.reference).where(
                    Booking.session_id == load.session_id,
                    Booking.status == BookingStatus.CONFIRMED,
                )
            )
        )
        booked = session.get(SkillSession, load.session_id).booked
    engine.dispose()
    assert load.confirmed, "no booking went through"
    assert set(load.confirmed) <= kept
    assert booked == len(kept)


def test_redis_stops_the_public_site_keeps_working(faulty):
    cluster, _, redis = faulty
    staff = new_staff(cluster.database_url, SECRET_KEY, "officer")
    redis.stop()
    try:
        for base in cluster.urls:
            with browser() as resident:
                for path in ("/", "/places/wallsend-library", "/sessions/", "/cheaper-internet"):
                    page = resident.get(f"{base}{path}")
                    assert page.status_code == 200, (path, page.status_code)
            with browser() as officer:
                officer.get(f"{base}/staff/sign-in")
                refused = officer.post(
                    f"{base}/staff/sign-in",
                    data={
                        "email": staff.email,
                        "password": staff.password,
                        "_csrf_token": officer.cookies["csrftoken"],
                    },
                )
                assert refused.status_code == 503
                assert "Signing in is not available at the moment" in refused.text
    finally:
        redis.start()
    # Redis is left alone for a few seconds after a failure, then tried again.
    deadline = time.monotonic() + 20
    while True:
        try:
            with browser() as officer:
                sign_in(officer, cluster.urls[0], cluster.urls[1], staff)
                assert officer.get(f"{cluster.urls[0]}/staff").status_code == 200
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_a_worker_killed_mid_send_loses_nothing(faulty, smtp):
    cluster, _, _ = faulty
    cluster.worker.terminate()
    cluster.worker.wait(timeout=15)
    session_id = new_session(cluster.database_url, capacity=20)
    emails = [f"killed-{n}-{uuid.uuid4().hex[:6]}@example.org" for n in range(5)]
    for email in emails:
        with browser() as resident:
            token = fill_in_booking(resident, cluster.urls, session_id, "Killed Worker", email)
            assert confirmed(confirm_booking(resident, cluster.urls[0], session_id, token))

    def received() -> list[str]:
        return [m["Message-ID"] for m in smtp.messages if m["To"] in emails]

    smtp.delay_seconds = 0.5
    try:
        cluster.start_worker()
        deadline = time.monotonic() + 20
        while len(received()) < 3:
            assert time.monotonic() < deadline, cluster.log_text()
            time.sleep(0.01)
        assert cluster.kill_worker() < 0
    finally:
        smtp.delay_seconds = 0
    engine = build_engine(cluster.database_url)
    with Session(engine) as session:
        # The dead worker's claims would run out after the lease; move them back as
        # the clock would, rather than wait five minutes.
        for claimed in session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == Status.SENDING)
        ):
            claimed.claimed_at -= CLAIM_LEASE
        session.commit()
    cluster.start_worker()
    deadline = time.monotonic() + 30
    while len(set(received())) < len(emails):
        assert time.monotonic() < deadline, cluster.log_text()
        time.sleep(0.1)
    time.sleep(1)
    deliveries = Counter(received())
    with Session(engine) as session:
        statuses = session.scalars(
            select(OutboxMessage.status).where(OutboxMessage.recipient.in_(emails))
        ).all()
    engine.dispose()
    assert statuses == [Status.SENT] * len(emails)
    # Each message arrives with one Message-ID; only the one on its way at the kill may
    # have reached the server twice, and a mail server's dedupe sees it once.
    assert len(deliveries) == len(emails)
    assert sum(deliveries.values()) <= len(emails) + 1, deliveries
