"""Two members of staff checking out the same device at once: exactly one succeeds.

Each check-out is a thread with its own engine and connections, so the claims really
race in the database (the `db` fixture's single connection could not show this). The
rows are committed for real, so the test removes them afterwards.

On PostgreSQL both threads have read the device as available before either writes.
SQLite gives a writing unit of work the write lock at BEGIN (db/engine.py), so there
the two run one after the other and the second reads the device already on loan.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select

from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.loans import services
from inclusion.loans.models import (
    Device,
    DeviceEvent,
    DeviceStatus,
    DeviceType,
    EventKind,
    LoanRequest,
    LoanStatus,
)
from inclusion.places.demo import load_demo
from tests.conftest import WEDNESDAY_MORNING
from tests.factories.loans import make_device, make_device_type, make_request

# Long enough that the second thread's UPDATE arrives while the first still holds it.
HOLD_SECONDS = 0.3


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_database_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'loans.sqlite3'}"
    else:
        url = request.getfixturevalue("postgresql_url")
    migrate.upgrade(url)
    db = Database.from_url(url)
    with db.session() as session:
        load_demo(session)
    yield url
    db.engine.dispose()


@pytest.fixture
def contested(shared_database_url) -> Iterator[tuple[int, list[int]]]:
    """A device and two requests for its type, committed; removed afterwards."""
    db = Database.from_url(shared_database_url)
    slug = f"race-{uuid.uuid4().hex[:8]}"
    with db.session() as session:
        laptop = make_device_type(session, slug=slug)
        device = make_device(session, laptop)
        requests = [
            make_request(session, laptop, WEDNESDAY_MORNING, name=name) for name in ("A", "B")
        ]
        ids = device.id, [request.id for request in requests]
    yield ids
    with db.session() as session:
        type_id = session.scalar(select(DeviceType.id).where(DeviceType.slug == slug))
        session.execute(delete(DeviceEvent).where(DeviceEvent.device_id == ids[0]))
        session.execute(delete(LoanRequest).where(LoanRequest.device_type_id == type_id))
        session.execute(delete(Device).where(Device.device_type_id == type_id))
        session.execute(delete(DeviceType).where(DeviceType.id == type_id))
    db.engine.dispose()


def check_out_at_the_same_time(url, device_id, request_id, start, outcomes, lock):
    db = Database.from_url(url)
    serialised = db.engine.dialect.name == "sqlite"
    try:
        if serialised:
            start.wait()
        with db.session() as session:
            device = session.get(Device, device_id)
            request = session.get(LoanRequest, request_id)
            if not serialised:
                assert device.status == DeviceStatus.AVAILABLE
                start.wait()
            try:
                services.check_out(session, device, request, "good", WEDNESDAY_MORNING)
            except services.DeviceUnavailable:
                outcome = "refused"
            else:
                outcome = "checked out"
                time.sleep(HOLD_SECONDS)  # commit late: the other claim must wait for it
        with lock:
            outcomes.append((request_id, outcome))
    except Exception as error:  # noqa: BLE001 - reported by the test
        with lock:
            outcomes.append((request_id, error))
    finally:
        db.engine.dispose()


def test_two_check_outs_of_one_device_at_once_exactly_one_succeeds(shared_database_url, contested):
    device_id, request_ids = contested
    start = threading.Barrier(2)
    lock = threading.Lock()
    outcomes: list = []
    threads = [
        threading.Thread(
            target=check_out_at_the_same_time,
            args=(shared_database_url, device_id, request_id, start, outcomes, lock),
        )
        for request_id in request_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcome for _, outcome in outcomes) == ["checked out", "refused"], outcomes
    winner = next(request_id for request_id, outcome in outcomes if outcome == "checked out")
    db = Database.from_url(shared_database_url)
    with db.session() as session:
        device = session.get(Device, device_id)
        assert device.status == DeviceStatus.ON_LOAN
        assert [event.kind for event in device.events] == [EventKind.CHECKED_OUT]
        statuses = dict(
            session.execute(
                select(LoanRequest.id, LoanRequest.status).where(LoanRequest.id.in_(request_ids))
            ).all()
        )
    db.engine.dispose()
    loser = next(request_id for request_id in request_ids if request_id != winner)
    assert statuses == {winner: LoanStatus.ON_LOAN, loser: LoanStatus.REQUESTED}
