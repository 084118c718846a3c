"""Two workers at once never send the same message twice.

Each worker is a thread with its own engine and connections, so the claims really
race in the database (the `db` fixture's single connection could not show this).
The messages are committed for real, so the test removes them afterwards.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, func, select

from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.notify.models import OutboxMessage, Status
from inclusion.notify.worker import process_once
from tests.integration.notify.conftest import RecordingSender, add_reset_message

MESSAGES = 200
REFERENCE_PREFIX = "two-workers-"


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    else:
        url = request.getfixturevalue("postgresql_url")
    migrate.upgrade(url)
    db = Database.from_url(url)
    try:
        yield url
    finally:
        with db.session() as session:
            session.execute(
                delete(OutboxMessage).where(OutboxMessage.reference.startswith(REFERENCE_PREFIX))
            )
        db.engine.dispose()


class SharedRecorder:
    """One list for both workers: (worker, reference) for every message sent."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    def for_worker(self, name: str) -> RecordingSender:
        recorder = self

        class WorkerSender(RecordingSender):
            def send(self, message):
                provider_id = super().send(message)
                recorder.sent.append((name, message.reference))
                return provider_id

        # A pause per message keeps both workers busy at the same time.
        return WorkerSender(pause_seconds=0.002)


def run_until_empty(url: str, name: str, sender, start: threading.Barrier, errors: list):
    db = Database.from_url(url)
    try:
        start.wait()
        while process_once(db, sender, name, limit=10):
            pass
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(error)
    finally:
        db.engine.dispose()


def test_two_workers_never_send_the_same_message_twice(shared_database_url):
    db = Database.from_url(shared_database_url)
    with db.session() as session:
        for n in range(MESSAGES):
            add_reset_message(session, f"person{n}@example.org", reference=f"{REFERENCE_PREFIX}{n}")
    recorder = SharedRecorder()
    start = threading.Barrier(2)
    errors: list[Exception] = []
    workers = [
        threading.Thread(
            target=run_until_empty,
            args=(shared_database_url, name, recorder.for_worker(name), start, errors),
        )
        for name in ("worker-a", "worker-b")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert errors == []
    sends = Counter(reference for _, reference in recorder.sent)
    assert len(sends) == MESSAGES
    assert set(sends.values()) == {1}
    per_worker = Counter(name for name, _ in recorder.sent)
    assert per_worker["worker-a"] > 0 and per_worker["worker-b"] > 0, per_worker
    with db.session() as session:
        statuses = session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.reference.startswith(REFERENCE_PREFIX))
            .group_by(OutboxMessage.status)
        ).all()
    assert statuses == [(Status.SENT, MESSAGES)]
    db.engine.dispose()
