"""A resident books a session in question pages, manages it, and is kept informed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from inclusion.notify.models import OutboxMessage
from inclusion.sessions.models import Booking
from tests.factories.sessions import make_series, make_session, reload

NEXT_WEEK = timedelta(days=7)


@pytest.fixture
def skill_session(db_session, clock):
    made = make_session(db_session, clock() + NEXT_WEEK, capacity=2)
    db_session.commit()
    return made


def answer(client, session_id, name="Ann Example", contact=None, access=""):
    contact = contact or {"contact-method": "none"}
    start = client.post(f"/sessions/{session_id}/book", {})
    assert start.status_code == 303, start.text
    assert start.headers["location"] == f"/sessions/{session_id}/book/name"
    assert client.get(start.headers["location"]).status_code == 200
    for step, data in (
        ("name", {"name": name}),
        ("contact", contact),
        ("access-needs", {"access-needs": access}),
    ):
        response = client.post(f"/sessions/{session_id}/book/{step}", data)
        assert response.status_code == 303, (step, response.text[:2000])
    check = client.get(f"/sessions/{session_id}/book/check")
    assert check.status_code == 200
    return check


def submit(client, session_id, **data):
    return client.post(f"/sessions/{session_id}/book/check", data)


def bookings(db_session):
    db_session.expire_all()
    return list(db_session.scalars(select(Booking).order_by(Booking.id)))


def outbox(db_session, template):
    db_session.expire_all()
    return list(db_session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


def manage_path(response) -> str:
    return response.headers["location"]


def test_booking_with_email_end_to_end(client, db_session, skill_session):
    check = answer(
        client, skill_session.id, contact={"contact-method": "email", "email": "ann@example.org"}
    )
    assert "ann@example.org" in check.text and "Ann Example" in check.text
    done = submit(client, skill_session.id)
    assert done.status_code == 303
    page = client.get(manage_path(done))
    assert "Booking confirmed" in page.text
    reference = re.search(r"<strong>([A-Z2-9]{4}-[A-Z2-9]{4})</strong>", page.text)[1]
    assert not set(reference) & set("01OI")
    [booking] = bookings(db_session)
    assert booking.status == "confirmed" and booking.email == "ann@example.org"
    assert reload(db_session, skill_session).booked == 1
    [message] = outbox(db_session, "booking_confirmed")
    assert message.recipient == "ann@example.org"
    assert f"/bookings/{booking.reference}?token=" in message.body


def test_booking_without_any_contact_details(client, db_session, skill_session):
    answer(client, skill_session.id)
    page = client.get(manage_path(submit(client, skill_session.id)))
    assert "Write down your reference" in page.text
    assert outbox(db_session, "booking_confirmed") == []
    [booking] = bookings(db_session)
    assert booking.email is None and booking.phone is None


def test_each_question_explains_what_to_fix_and_keeps_the_answer(client, skill_session):
    client.post(f"/sessions/{skill_session.id}/book", {})
    empty = client.post(f"/sessions/{skill_session.id}/book/name", {"name": ""})
    assert "Enter your name" in empty.text and empty.status_code == 200
    client.post(f"/sessions/{skill_session.id}/book/name", {"name": "Ann"})
    bad_email = client.post(
        f"/sessions/{skill_session.id}/book/contact",
        {"contact-method": "email", "email": "ann.example.org"},
    )
    assert "Enter an email address in the correct format" in bad_email.text
    assert 'value="ann.example.org"' in bad_email.text
    bad_mobile = client.post(
        f"/sessions/{skill_session.id}/book/contact", {"contact-method": "sms", "mobile": "12"}
    )
    assert "Enter a UK mobile number" in bad_mobile.text
    nothing = client.post(f"/sessions/{skill_session.id}/book/contact", {})
    assert "Choose how we should contact you" in nothing.text


def test_pressing_book_twice_books_once(client, db_session, skill_session):
    answer(client, skill_session.id)
    first = submit(client, skill_session.id)
    second = submit(client, skill_session.id)
    assert manage_path(first) == manage_path(second)
    assert len(bookings(db_session)) == 1
    assert reload(db_session, skill_session).booked == 1


def test_when_the_last_place_goes_first_the_resident_can_wait(client, db_session, clock):
    last_place = make_session(db_session, clock() + NEXT_WEEK, capacity=1)
    db_session.commit()
    answer(client, last_place.id)
    last_place.booked = 1  # someone else took it meanwhile
    db_session.commit()
    full = submit(client, last_place.id)
    assert full.status_code == 200
    assert "the last place has just been taken" in full.text
    waiting = submit(client, last_place.id, **{"waiting-list": "yes"})
    page = client.get(manage_path(waiting))
    assert "You are on the waiting list" in page.text
    assert "number 1 in the queue" in page.text


def test_cancelling_offers_the_place_to_the_first_person_waiting(app, client, db_session, clock):
    from litestar.testing import TestClient

    from tests.integration.conftest import PageClient

    one_place = make_session(db_session, clock() + NEXT_WEEK, capacity=1)
    db_session.commit()
    answer(client, one_place.id, contact={"contact-method": "email", "email": "a@example.org"})
    booked = manage_path(submit(client, one_place.id))
    with TestClient(app=app) as other:
        waiter = PageClient(other)
        answer(
            waiter,
            one_place.id,
            name="Bo",
            contact={"contact-method": "email", "email": "bo@example.org"},
        )
        waiting = manage_path(submit(waiter, one_place.id))
        reference, token = re.search(r"/bookings/(\w+)\?token=([\w-]+)", booked).groups()
        assert client.get(f"/bookings/{reference}/cancel?token={token}").status_code == 200
        client.post(f"/bookings/{reference}/cancel", {"token": token})
        [offer] = outbox(db_session, "waiting_list_offer")
        assert offer.recipient == "bo@example.org"
        assert reload(db_session, one_place).booked == 1  # held for Bo
        waiting_reference, waiting_token = re.search(
            r"/bookings/(\w+)\?token=([\w-]+)", waiting
        ).groups()
        assert "Take the place" in waiter.get(waiting).text
        waiter.post(f"/bookings/{waiting_reference}/accept", {"token": waiting_token})
        assert "The place is yours" in waiter.get(waiting + "&changed=accepted").text


def test_an_unanswered_offer_passes_on(db_session, clock, settings):
    from inclusion.sessions import services
    from inclusion.sessions.references import Links

    links = Links(settings.base_url, settings.secret_key)
    one_place = make_session(db_session, clock() + NEXT_WEEK, capacity=1)
    details = services.Details("A", "none")
    first = services.book(db_session, one_place, details, clock(), links)
    second = services.join_waiting_list(db_session, one_place, details, clock(), links)
    third = services.join_waiting_list(db_session, one_place, details, clock(), links)
    services.cancel(db_session, links, first, clock())
    assert (second.status, third.status) == ("offered", "waiting")
    clock.advance(hours=25)
    assert services.expire_offers(db_session, links, clock()) == 1
    db_session.refresh(second)
    db_session.refresh(third)
    assert (second.status, third.status) == ("expired", "offered")
    assert not services.accept_offer(db_session, second, clock())


def test_booking_a_whole_series_skips_a_full_date(client, db_session, clock):
    dates = make_series(db_session, clock() + NEXT_WEEK, dates=4, capacity=1)
    dates[2].booked = 1
    db_session.commit()
    client.post(f"/sessions/{dates[0].id}/book", {"whole-series": "yes"})
    for step, data in (
        ("name", {"name": "Cy"}),
        ("contact", {"contact-method": "none"}),
        ("access-needs", {}),
    ):
        client.post(f"/sessions/{dates[0].id}/book/{step}", data)
    check = client.get(f"/sessions/{dates[0].id}/book/check")
    assert "You are booking these dates too" in check.text
    page = client.get(manage_path(submit(client, dates[0].id)))
    assert "All your dates" in page.text
    made = bookings(db_session)
    assert len(made) == 3
    assert len({b.group_reference for b in made}) == 1


def test_moving_to_another_date_of_the_series(client, db_session, clock):
    dates = make_series(db_session, clock() + NEXT_WEEK, dates=3, capacity=2)
    db_session.commit()
    answer(client, dates[0].id)
    path = manage_path(submit(client, dates[0].id))
    reference, token = re.search(r"/bookings/(\w+)\?token=([\w-]+)", path).groups()
    moved = client.post(f"/bookings/{reference}/move", {"token": token, "target": dates[2].id})
    assert "changed=moved" in moved.headers["location"]
    assert reload(db_session, dates[0]).booked == 0
    assert reload(db_session, dates[2]).booked == 1


def test_calendar_file_is_in_london_time(client, skill_session, db_session):
    answer(client, skill_session.id)
    path = manage_path(submit(client, skill_session.id))
    reference, token = re.search(r"/bookings/(\w+)\?token=([\w-]+)", path).groups()
    response = client.get(f"/bookings/{reference}/calendar.ics?token={token}")
    assert response.headers["content-type"].startswith("text/calendar")
    ics = response.text
    assert "BEGIN:VTIMEZONE" in ics and "TZID:Europe/London" in ics
    start = skill_session.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}" in ics


@pytest.mark.parametrize(
    "path",
    [
        "/bookings/ABCD2345?token=nope",
        "/bookings/not-a-reference",
        "/bookings/O0I1O0I1?token=x",
    ],
)
def test_unknown_references_and_wrong_tokens_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_right_reference_with_a_wrong_token_is_not_found(client, skill_session):
    answer(client, skill_session.id)
    path = manage_path(submit(client, skill_session.id))
    reference = re.search(r"/bookings/(\w+)\?", path)[1]
    assert client.get(f"/bookings/{reference}?token=wrong").status_code == 404
    assert client.post(f"/bookings/{reference}/cancel", {"token": "wrong"}).status_code == 404


def test_sessions_that_have_started_cannot_be_booked(client, db_session, clock):
    started = make_session(db_session, clock() - timedelta(minutes=5))
    db_session.commit()
    assert "Book this session" not in client.get(f"/sessions/{started.id}").text
    response = client.post(f"/sessions/{started.id}/book", {})
    assert response.headers["location"] == f"/sessions/{started.id}"


def test_messages_go_in_the_language_the_resident_used(client, db_session, skill_session):
    client.get("/sessions?lang=pl")
    answer(
        client, skill_session.id, contact={"contact-method": "email", "email": "ola@example.org"}
    )
    submit(client, skill_session.id)
    [message] = outbox(db_session, "booking_confirmed")
    assert message.locale == "pl"
    [booking] = bookings(db_session)
    assert booking.locale == "pl"


def test_an_expired_draft_starts_again(client, skill_session):
    response = client.get(f"/sessions/{skill_session.id}/book/name", follow_redirects=False)
    assert response.headers["location"] == f"/sessions/{skill_session.id}?expired=1"


def test_browse_filters(client, db_session, clock):
    make_session(
        db_session,
        clock() + NEXT_WEEK,
        title="Phones for beginners",
        place_slug="cullercoats-library",
    )
    make_session(db_session, clock() + NEXT_WEEK * 2, title="Computer basics")
    db_session.commit()
    everything = client.get("/sessions").text
    assert "Phones for beginners" in everything and "Computer basics" in everything
    at_cullercoats = client.get("/sessions?place=cullercoats-library").text
    assert "Phones for beginners" in at_cullercoats and "Computer basics" not in at_cullercoats
    near_wallsend = client.get("/sessions?postcode=NE28&within=1").text
    assert "Computer basics" in near_wallsend and "Phones for beginners" not in near_wallsend
    bad = client.get("/sessions?from=31-02-2026&postcode=hello")
    assert bad.status_code == 200
    assert "Enter the first date as a real date" in bad.text
    assert "Enter a real postcode" in bad.text
    fragment = client.get("/sessions?place=cullercoats-library", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Phones for beginners" in fragment.text


def test_booking_the_series_from_a_later_date_leaves_earlier_dates_alone(client, db_session, clock):
    dates = make_series(db_session, clock() + NEXT_WEEK, dates=4, capacity=2)
    db_session.commit()
    client.post(f"/sessions/{dates[2].id}/book", {"whole-series": "yes"})
    for step, data in (
        ("name", {"name": "Di"}),
        ("contact", {"contact-method": "none"}),
        ("access-needs", {}),
    ):
        client.post(f"/sessions/{dates[2].id}/book/{step}", data)
    submit(client, dates[2].id)
    booked = sorted(b.session_id for b in bookings(db_session))
    assert booked == [dates[2].id, dates[3].id]


def test_cancelling_twice_gives_the_place_back_once(client, db_session, skill_session):
    answer(client, skill_session.id)
    path = manage_path(submit(client, skill_session.id))
    reference, token = re.search(r"/bookings/(\w+)\?token=([\w-]+)", path).groups()
    client.post(f"/bookings/{reference}/cancel", {"token": token})
    client.post(f"/bookings/{reference}/cancel", {"token": token})
    assert reload(db_session, skill_session).booked == 0


def test_one_address_cannot_book_without_limit(app, client, db_session, clock):
    from dataclasses import replace

    # Five posts a booking: lift the per-minute ceiling on posts to reach the hourly one.
    app.state.settings = replace(app.state.settings, form_posts_per_minute=10_000)
    BOOKINGS_PER_ADDRESS_PER_HOUR = app.state.settings.bookings_per_address_per_hour
    roomy = make_session(db_session, clock() + NEXT_WEEK, capacity=100)
    db_session.commit()
    for _ in range(BOOKINGS_PER_ADDRESS_PER_HOUR):
        answer(client, roomy.id)
        assert submit(client, roomy.id).status_code == 303
    answer(client, roomy.id)
    refused = submit(client, roomy.id)
    assert refused.status_code == 429
    assert "A lot of bookings have been made from this connection" in refused.text
    assert refused.headers["retry-after"] == "3600"
    assert reload(db_session, roomy).booked == BOOKINGS_PER_ADDRESS_PER_HOUR


def test_error_pages_in_arabic_pass_the_page_checks(client):
    response = client.get("/find?postcode=hello&lang=ar")  # the checker strips "خطأ:"
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text
