"""Two app instances and a worker behave as one service: what one instance does, the
other sees and respects, whichever instance a person's requests reach."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inclusion.db.engine import build_engine
from inclusion.loans.models import Device, DeviceStatus, LoanRequest, LoanStatus
from inclusion.sessions.models import Booking, BookingStatus, SkillSession
from tests.cluster.conftest import FORM_POSTS_PER_MINUTE, SECRET_KEY
from tests.cluster.people import (
    browser,
    confirm_booking,
    confirmed,
    fill_in_booking,
    new_session,
    new_staff,
    sign_in,
)
from tests.factories.loans import make_device, make_device_type, make_request

PEOPLE = 10
ROUNDS = 3


def bookings_in(database_url: str, session_id: int) -> tuple[int, list[str]]:
    engine = build_engine(database_url)
    with Session(engine) as session:
        booked = session.get(SkillSession, session_id).booked
        statuses = session.scalars(select(Booking.status).where(Booking.session_id == session_id))
        result = booked, sorted(statuses)
    engine.dispose()
    return result


def test_a_booking_made_on_one_instance_is_managed_on_the_other(cluster):
    first, second = cluster.urls
    session_id = new_session(cluster.database_url)
    with browser() as resident:
        token = fill_in_booking(resident, [first], session_id, "Ada Cluster")
        done = confirm_booking(resident, first, session_id, token)
        assert confirmed(done), done.text[:500]
        manage = done.headers["location"]
        page = resident.get(f"{second}{manage}")
        assert page.status_code == 200
        assert "Booking confirmed" in page.text
    # Someone else's browser, with the link from the confirmation, on the other instance.
    reference = manage.split("/bookings/")[1].split("?")[0]
    link_token = manage.split("token=")[1].split("&")[0]
    with browser() as same_resident_elsewhere:
        csrf = (
            same_resident_elsewhere.get(f"{second}{manage}").cookies.get("csrftoken")
            or (same_resident_elsewhere.cookies["csrftoken"])
        )
        cancelled = same_resident_elsewhere.post(
            f"{second}/bookings/{reference}/cancel",
            data={"token": link_token, "_csrf_token": csrf},
        )
        assert cancelled.status_code == 303, cancelled.text[:500]
    assert bookings_in(cluster.database_url, session_id) == (0, [BookingStatus.CANCELLED])


def last_place_round(database_url: str, bases: list[str]) -> None:
    session_id = new_session(database_url, capacity=1)
    people = [browser() for _ in range(PEOPLE)]
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        tokens = list(
            pool.map(
                lambda n: fill_in_booking(people[n], bases, session_id, f"Person {n}"),
                range(PEOPLE),
            )
        )
    start = threading.Barrier(PEOPLE)

    def press(n: int) -> httpx.Response:
        start.wait()
        return confirm_booking(people[n], bases[n % len(bases)], session_id, tokens[n])

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        answers = list(pool.map(press, range(PEOPLE)))
    for person in people:
        person.close()
    outcomes = [(a.status_code, a.headers.get("location", "")) for a in answers]
    assert sum(confirmed(a) for a in answers) == 1, outcomes
    taken = [a for a in answers if "the last place has just been taken" in a.text]
    assert len(taken) == PEOPLE - 1, outcomes
    assert bookings_in(database_url, session_id) == (1, [BookingStatus.CONFIRMED])


def test_the_last_place_goes_to_exactly_one_person_across_instances(cluster):
    for _ in range(ROUNDS):
        last_place_round(cluster.database_url, cluster.urls)


def contested_device(database_url: str) -> tuple[int, list[str]]:
    engine = build_engine(database_url)
    with Session(engine) as session:
        device_type = make_device_type(session, slug=f"cluster-{uuid.uuid4().hex[:8]}")
        device = make_device(session, device_type)
        now = datetime.now(UTC)
        requests = [make_request(session, device_type, now, name=name) for name in ("Ann", "Bob")]
        session.commit()
        result = device.id, [request.reference for request in requests]
    engine.dispose()
    return result


def devices_on_loan(database_url: str, device_id: int) -> tuple[str, int]:
    engine = build_engine(database_url)
    with Session(engine) as session:
        status = session.get(Device, device_id).status
        loans = session.scalar(
            select(func.count())
            .select_from(LoanRequest)
            .where(LoanRequest.device_id == device_id, LoanRequest.status == LoanStatus.ON_LOAN)
        )
    engine.dispose()
    return status, loans


def lend_round(database_url: str, staff: list[tuple[httpx.Client, str, str]]) -> None:
    device_id, references = contested_device(database_url)
    start = threading.Barrier(len(staff))

    def lend(n: int) -> httpx.Response:
        client, base, token = staff[n]
        start.wait()
        return client.post(
            f"{base}/staff/loans/requests/{references[n]}/check-out",
            data={"device": str(device_id), "condition": "good", "_csrf_token": token},
        )

    with ThreadPoolExecutor(max_workers=len(staff)) as pool:
        answers = list(pool.map(lend, range(len(staff))))
    lent = [a for a in answers if "done=checked-out" in a.headers.get("location", "")]
    told = [a for a in answers if "is on loan to someone else" in a.text]
    outcomes = [(a.status_code, a.text[:300]) for a in answers]
    assert (len(lent), len(told)) == (1, 1), outcomes
    assert devices_on_loan(database_url, device_id) == (DeviceStatus.ON_LOAN, 1)


def test_a_device_lent_on_one_instance_cannot_be_lent_on_the_other(cluster):
    staff = []
    for base in cluster.urls:
        client = browser()
        token = sign_in(client, base, base, new_staff(cluster.database_url, SECRET_KEY))
        staff.append((client, base, token))
    try:
        for _ in range(ROUNDS):
            lend_round(cluster.database_url, staff)
    finally:
        for client, _, _ in staff:
            client.close()


def test_a_staff_session_begun_on_one_instance_works_on_the_other(cluster):
    first, second = cluster.urls
    staff = new_staff(cluster.database_url, SECRET_KEY, "officer")
    with browser() as client:
        token = sign_in(client, first, second, staff)
        assert client.get(f"{first}/staff").status_code == 200
        assert client.get(f"{second}/staff").status_code == 200
        client.post(f"{second}/staff/sign-out", data={"_csrf_token": token})
        assert client.get(f"{first}/staff").status_code == 303


def test_the_form_post_limit_counts_posts_on_both_instances(cluster):
    first, second = cluster.urls
    with browser() as client:
        client.get(f"{first}/")
        token = client.cookies["csrftoken"]
        answers = [
            client.post(
                f"{(first, second)[n % 2]}/feedback/page",
                data={"useful": "yes", "path": "/", "_csrf_token": token},
            ).status_code
            for n in range(FORM_POSTS_PER_MINUTE)
        ]
        assert answers == [303] * FORM_POSTS_PER_MINUTE
        for base in (first, second):
            refused = client.post(
                f"{base}/feedback/page", data={"useful": "yes", "path": "/", "_csrf_token": token}
            )
            assert refused.status_code == 429
            assert refused.headers["Retry-After"]
    with browser() as someone_else:
        assert someone_else.get(f"{second}/").status_code == 200


def test_a_message_queued_by_one_instance_is_sent_once_by_the_worker(cluster, smtp):
    first, second = cluster.urls
    session_id = new_session(cluster.database_url)
    email = f"resident-{uuid.uuid4().hex[:8]}@example.org"
    with browser() as resident:
        token = fill_in_booking(resident, [first, second], session_id, "Bea Cluster", email)
        assert confirmed(confirm_booking(resident, first, session_id, token))

    def received() -> Counter:
        return Counter(m["Message-ID"] for m in smtp.messages if m["To"] == email)

    deadline = time.monotonic() + 20
    while not received() and time.monotonic() < deadline:
        time.sleep(0.1)
    # Several more passes of the worker (it polls every 0.2 s): nothing comes twice.
    time.sleep(1.5)
    deliveries = received()
    assert len(deliveries) == 1, cluster.log_text()
    assert list(deliveries.values()) == [1]
