"""A resident sees what can be borrowed and asks for a device in question pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from inclusion.loans import queries
from inclusion.loans.demo import load_demo_stock
from inclusion.loans.models import Device, DeviceStatus, LoanRequest
from inclusion.notify.models import OutboxMessage
from tests.factories.loans import make_request, place_id

ANSWERS = (
    ("device", {"device-type": "chromebook"}),
    ("place", {"place": "wallsend-library"}),
    ("for-whom", {"for-whom": "me"}),
    ("eligibility", {"in-north-tyneside": "yes", "no-device": "yes", "low-income": "yes"}),
    ("name", {"name": "Ann Example"}),
    ("contact", {"contact-method": "email", "email": "ann@example.org"}),
)


@pytest.fixture
def stock(db_session, clock):
    load_demo_stock(db_session, clock())
    db_session.commit()
    return {t.slug: t for t in queries.device_types(db_session)}


def start(client):
    started = client.post("/devices/apply", {})
    assert started.status_code == 303
    assert started.headers["location"] == "/devices/apply/device"
    return started


def answer(client, **changes):
    start(client)
    for step, data in ANSWERS:
        response = client.post(f"/devices/apply/{step}", {**data, **changes.get(step, {})})
        assert response.status_code == 303, (step, response.text[:2000])
    check = client.get("/devices/apply/check")
    assert check.status_code == 200
    return check


def redirect_of(client, url):
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"]


def submit(client):
    return client.post("/devices/apply/check", {})


def requests(db_session):
    db_session.expire_all()
    return list(db_session.scalars(select(LoanRequest).order_by(LoanRequest.id)))


def test_the_devices_page_shows_live_stock(client, db_session, stock, clock):
    page = client.get("/devices")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "Chromebook" in text and "MiFi with data" in text and "Data SIM" in text
    assert "Wallsend Library and Customer First Centre</a>: 3 free now" in text
    assert "Charger, Case" in text and "4 weeks" in text and "8 weeks" in text
    assert "Usually available now" in text
    assert "Wallsend Library and Customer First Centre</a>: 15 left" in text
    assert "Apply to borrow" in text

    wallsend_chromebooks = db_session.scalars(
        select(Device).where(
            Device.device_type_id == stock["chromebook"].id,
            Device.place_id == place_id(db_session, "wallsend-library"),
        )
    ).all()
    wallsend_chromebooks[0].status = DeviceStatus.ON_LOAN
    wallsend_chromebooks[1].status = DeviceStatus.RETIRED
    db_session.commit()
    text = " ".join(client.get("/devices").text.split())
    assert "Wallsend Library and Customer First Centre</a>: 1 free now" in text


def test_the_typical_wait_comes_from_recent_loans(client, db_session, stock, clock):
    laptop = stock["laptop"]
    assert "Usually available now" in client.get("/devices").text
    waiting = make_request(db_session, laptop, clock(), place_slug="north-shields-library")
    db_session.commit()
    assert "Not enough loans yet to say" in client.get("/devices").text
    waiting.checked_out_at = clock() + timedelta(days=6)
    waiting.status = "cancelled"  # its wait counts; it no longer queues
    make_request(db_session, laptop, clock(), place_slug="north-shields-library")
    db_session.commit()
    assert "Usually about 6 days" in client.get("/devices").text


def test_applying_end_to_end_with_email(client, db_session, stock):
    check = answer(client)
    text = " ".join(check.text.split())
    for shown in ("Chromebook", "Wallsend Library", "Ann Example", "ann@example.org"):
        assert shown in text
    assert 'href="/devices/apply/place?change=1"' in check.text
    done = submit(client)
    assert done.status_code == 303
    location = done.headers["location"]
    assert re.fullmatch(r"/loans/[A-Z2-9]{8}\?token=[\w-]+&new=1", location)
    page = client.get(location)
    assert "Request received" in page.text
    assert "You are next in the queue at Wallsend Library" in page.text
    assert "given, not lent" not in page.text
    assert "social tariff" in page.text and "£12 to £20" in page.text
    assert "Wallsend Library and Customer First Centre has 15 data SIMs left" in page.text
    [made] = requests(db_session)
    assert made.email == "ann@example.org" and made.name == "Ann Example"
    assert made.low_income and made.no_device_or_connection and made.in_north_tyneside
    [message] = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "loan_requested")
    ).all()
    assert message.recipient == "ann@example.org"
    assert f"/loans/{made.reference}?token=" in message.body


def test_no_offers_without_the_answers_that_unlock_them(client, db_session, stock):
    answer(client, eligibility={"low-income": "not-said"}, contact={"contact-method": "none"})
    page = client.get(submit(client).headers["location"])
    assert "social tariff" not in page.text
    assert "Write down your reference" in page.text
    assert requests(db_session)[0].low_income is False


def test_pressing_send_twice_asks_once(client, db_session, stock):
    answer(client)
    first = submit(client)
    second = submit(client)
    assert first.headers["location"] == second.headers["location"]
    assert len(requests(db_session)) == 1
    assert redirect_of(client, "/devices/apply/name") == first.headers["location"]


def test_each_question_explains_what_to_fix_and_keeps_the_answer(client, stock):
    start(client)
    nothing = client.post("/devices/apply/device", {})
    assert nothing.status_code == 200
    assert "Choose the device you would like to borrow" in nothing.text
    unknown = client.post("/devices/apply/device", {"device-type": "spaceship"})
    assert "Choose one of the devices listed" in unknown.text
    sim = client.post("/devices/apply/device", {"device-type": "data-sim"})
    assert "Choose one of the devices listed" in sim.text
    client.post("/devices/apply/device", {"device-type": "laptop"})

    place_page = client.get("/devices/apply/place")
    assert "North Shields" in place_page.text and "Wallsend Library" not in place_page.text
    assert "Choose where you will collect" in client.post("/devices/apply/place", {}).text
    elsewhere = client.post("/devices/apply/place", {"place": "wallsend-library"})
    assert "Choose one of the places listed" in elsewhere.text
    client.post("/devices/apply/place", {"place": "north-shields-library"})

    assert "Choose who the device is for" in client.post("/devices/apply/for-whom", {}).text
    client.post("/devices/apply/for-whom", {"for-whom": "someone-else"})

    half = client.post("/devices/apply/eligibility", {"in-north-tyneside": "yes"})
    assert "Select yes if they have no computer" in half.text
    assert re.search(r'value="yes" checked', half.text)
    odd = client.post(
        "/devices/apply/eligibility",
        {"in-north-tyneside": "yes", "no-device": "yes", "low-income": "maybe"},
    )
    assert "Choose one of the answers listed" in odd.text
    client.post("/devices/apply/eligibility", {"in-north-tyneside": "yes", "no-device": "yes"})

    empty = client.post("/devices/apply/name", {"name": ""})
    assert "Enter the name of the person the device is for" in empty.text
    long_name = "B" * 101
    too_long = client.post("/devices/apply/name", {"name": long_name})
    assert "Their name must be 100 characters or fewer" in too_long.text
    assert f'value="{long_name}"' in too_long.text
    client.post("/devices/apply/name", {"name": "Bo"})

    bad_email = client.post(
        "/devices/apply/contact", {"contact-method": "email", "email": "bo.example.org"}
    )
    assert "Enter an email address in the correct format" in bad_email.text
    assert 'value="bo.example.org"' in bad_email.text
    assert "Choose how we should contact you" in client.post("/devices/apply/contact", {}).text
    unknown_method = client.post("/devices/apply/contact", {"contact-method": "pigeon"})
    assert "Choose how we should contact you" in unknown_method.text


def test_answering_no_says_plainly_what_else_can_help(client, db_session, stock):
    start(client)
    for step, data in ANSWERS[:3]:
        client.post(f"/devices/apply/{step}", data)
    no = client.post("/devices/apply/eligibility", {"in-north-tyneside": "no", "no-device": "yes"})
    assert no.headers["location"] == "/devices/apply/not-eligible"
    page = client.get("/devices/apply/not-eligible")
    assert "You cannot borrow a device through this service" in page.text
    assert 'href="/sessions/"' in page.text or 'href="/sessions"' in page.text
    assert 'href="/find"' in page.text
    assert 'href="/devices/apply/eligibility"' in page.text
    # The later questions stay closed until the answer changes.
    assert redirect_of(client, "/devices/apply/name") == "/devices/apply/not-eligible"
    assert submit(client).headers["location"] == "/devices/apply/not-eligible"
    assert requests(db_session) == []
    yes = client.post(
        "/devices/apply/eligibility", {"in-north-tyneside": "yes", "no-device": "yes"}
    )
    assert yes.headers["location"] == "/devices/apply/name"


def test_changing_the_device_from_check_answers_asks_for_the_place_again(client, stock):
    answer(client)
    changed = client.post(
        "/devices/apply/device", {"device-type": "laptop", "return-to-check": "yes"}
    )
    assert changed.headers["location"] == "/devices/apply/place?change=1"
    assert redirect_of(client, "/devices/apply/check") == "/devices/apply/place"
    back = client.post(
        "/devices/apply/place", {"place": "whitley-bay-library", "return-to-check": "yes"}
    )
    assert back.headers["location"] == "/devices/apply/check"
    assert "Whitley Bay Library" in client.get("/devices/apply/check").text


def test_questions_without_a_draft_start_again(client, stock):
    expired = client.get("/devices/apply/name", follow_redirects=False)
    assert expired.headers["location"] == "/devices?expired=1"
    assert "Please start again" in client.get("/devices?expired=1").text
    assert client.get("/devices/apply/nonsense").status_code == 404


def test_too_many_requests_from_one_address_are_refused(app, client, db_session, stock):
    from dataclasses import replace

    app.state.settings = replace(app.state.settings, bookings_per_address_per_hour=1)
    answer(client)
    assert submit(client).status_code == 303
    answer(client)
    assert submit(client).status_code == 429
    assert len(requests(db_session)) == 1


def test_stock_that_went_since_choosing_is_asked_again(client, db_session, stock):
    answer(client, device={"device-type": "mifi"}, place={"place": "killingworth-library"})
    for device in db_session.scalars(
        select(Device).where(
            Device.device_type_id == stock["mifi"].id,
            Device.place_id == place_id(db_session, "killingworth-library"),
        )
    ):
        device.status = DeviceStatus.RETIRED
    db_session.commit()
    assert submit(client).headers["location"] == "/devices/apply/place"
    assert "Killingworth" not in client.get("/devices/apply/place").text
    assert requests(db_session) == []
