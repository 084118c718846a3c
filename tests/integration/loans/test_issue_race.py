"""Two members of staff, on two app instances, lend the same device to two residents
at the same moment: exactly one succeeds, the other is told why, and the device is on
exactly one loan. Through the HTTP interface of real servers on one PostgreSQL
database, sharing Redis for the staff sessions; twenty rounds.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from inclusion.db import migrate
from inclusion.db.engine import build_engine
from inclusion.loans.models import Device, DeviceStatus, LoanRequest, LoanStatus
from inclusion.places.demo import load_demo
from inclusion.staff import mfa
from tests.factories.loans import make_device, make_device_type, make_request
from tests.factories.staff import make_staff
from tests.integration.staff.test_two_instances import redis_env  # noqa: F401 - a fixture
from tests.servers import running_servers

ROUNDS = 20
SECRET_KEY = "issue-race-test-secret-key-0123456789"
NO_POST_CEILING = {"INCLUSION_FORM_POSTS_PER_MINUTE": "1000000"}


@pytest.fixture(scope="module")
def site(own_postgresql_url, redis_env):  # noqa: F811
    migrate.upgrade(own_postgresql_url)
    engine = build_engine(own_postgresql_url)
    with Session(engine) as session:
        load_demo(session)
        session.commit()
    env = {
        "DATABASE_URL": own_postgresql_url,
        **redis_env,
        "INCLUSION_SECRET_KEY": SECRET_KEY,
        **NO_POST_CEILING,
    }
    with running_servers(env, count=2) as urls:
        yield engine, urls
    engine.dispose()


def signed_in_librarian(engine, base: str) -> tuple[httpx.Client, str]:
    """A Wallsend librarian signed in with their authenticator on one instance."""
    with Session(engine) as session:
        staff = make_staff(
            session,
            SECRET_KEY,
            datetime.now(UTC),
            email=f"race-{uuid.uuid4().hex[:8]}@example.org",
        )
        session.commit()
    browser = httpx.Client(base_url=base, timeout=30)
    browser.get("/staff/sign-in")
    token = browser.cookies["csrftoken"]
    step = browser.post(
        "/staff/sign-in",
        data={"email": staff.email, "password": staff.password, "_csrf_token": token},
    )
    assert step.status_code == 303, step.text
    code = mfa.code_at(staff.secret, datetime.now(UTC))
    done = browser.post("/staff/sign-in/code", data={"code": code, "_csrf_token": token})
    assert done.status_code == 303, done.text
    return browser, token


def contested_device(engine) -> tuple[int, list[str]]:
    """A device in stock and two residents' requests for its type, committed."""
    with Session(engine) as session:
        device_type = make_device_type(session)
        device = make_device(session, device_type)
        now = datetime.now(UTC)
        requests = [make_request(session, device_type, now, name=name) for name in ("Ann", "Bob")]
        session.commit()
        return device.id, [request.reference for request in requests]


def one_round(engine, staff: list[tuple[httpx.Client, str]]) -> None:
    device_id, references = contested_device(engine)
    start = threading.Barrier(len(staff))
    answers: list[httpx.Response | None] = [None] * len(staff)

    def lend(number: int) -> None:
        browser, token = staff[number]
        start.wait()
        answers[number] = browser.post(
            f"/staff/loans/requests/{references[number]}/check-out",
            data={"device": str(device_id), "condition": "good", "_csrf_token": token},
        )

    threads = [threading.Thread(target=lend, args=(n,)) for n in range(len(staff))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    lent = [
        a for a in answers if a.status_code == 303 and "done=checked-out" in a.headers["location"]
    ]
    told = [a for a in answers if a.status_code == 200 and "is on loan to someone else" in a.text]
    assert (len(lent), len(told)) == (1, 1), [(a.status_code, a.text[:300]) for a in answers]
    with Session(engine) as session:
        assert session.get(Device, device_id).status == DeviceStatus.ON_LOAN
        on_loan = session.scalars(
            select(LoanRequest).where(
                LoanRequest.device_id == device_id, LoanRequest.status == LoanStatus.ON_LOAN
            )
        ).all()
        assert len(on_loan) == 1
        waiting = session.scalars(
            select(LoanRequest.status).where(LoanRequest.reference.in_(references))
        ).all()
        assert sorted(waiting) == [LoanStatus.ON_LOAN, LoanStatus.REQUESTED]


def test_one_device_goes_out_once_when_two_instances_lend_it_at_once(site):
    engine, (first, second) = site
    staff = [signed_in_librarian(engine, first), signed_in_librarian(engine, second)]
    try:
        for _ in range(ROUNDS):
            one_round(engine, staff)
    finally:
        for browser, _ in staff:
            browser.close()
