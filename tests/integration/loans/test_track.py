"""A resident follows their request through its secret link: the queue, collection, the
return date, one extension, and cancelling."""

from __future__ import annotations

import re

import pytest

from inclusion.loans import services
from inclusion.loans.models import LoanStatus
from inclusion.sessions.references import manage_token
from tests.factories.loans import make_device, make_device_type, make_loan, make_request


@pytest.fixture
def laptop(db_session):
    return make_device_type(db_session, loan_days=28)


def link(settings, loan, **query) -> str:
    token = manage_token(settings.secret_key, loan.reference, "loan")
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return f"/loans/{loan.reference}?token={token}{extra}"


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def token_of(settings, loan) -> str:
    return manage_token(settings.secret_key, loan.reference, "loan")


def test_the_link_shows_the_request_in_plain_words(client, db_session, settings, laptop, clock):
    loan = make_request(db_session, laptop, clock())
    db_session.commit()
    page = client.get(link(settings, loan))
    assert page.status_code == 200
    assert "Your device request" in page.text and "In the queue" in page.text
    assert f"{loan.reference[:4]}-{loan.reference[4:]}" in page.text
    assert "Cancel this request" in page.text and "Extend my loan" not in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/loans/{reference}?token=wrong",
        "/loans/{reference}",
        "/loans/ABCDEFGH?token={token}",
        "/loans/not-a-reference!!?token={token}",
        "/loans/" + "A" * 500 + "?token={token}",
        "/loans/{reference}/cancel?token=wrong",
    ],
)
def test_a_wrong_link_looks_like_no_request(client, db_session, settings, laptop, clock, path):
    loan = make_request(db_session, laptop, clock())
    db_session.commit()
    url = path.format(reference=loan.reference, token=token_of(settings, loan))
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_booking_token_does_not_open_a_loan(client, db_session, settings, laptop, clock):
    loan = make_request(db_session, laptop, clock())
    db_session.commit()
    booking_token = manage_token(settings.secret_key, loan.reference)
    assert client.get(f"/loans/{loan.reference}?token={booking_token}").status_code == 404


def test_the_queue_place_follows_staff_priority(client, db_session, settings, laptop, clock):
    first = make_request(db_session, laptop, clock(), name="First")
    clock.advance(minutes=5)
    second = make_request(db_session, laptop, clock(), name="Second")
    clock.advance(minutes=5)
    urgent = make_request(db_session, laptop, clock(), name="Urgent", priority=2)
    make_request(db_session, laptop, clock(), place_slug="whitley-bay-library")
    db_session.commit()
    assert "You are next in the queue" in client.get(link(settings, urgent)).text
    assert "Place in the queue 1 " in words(client.get(link(settings, urgent)).text)
    assert "Place in the queue 3 " in words(client.get(link(settings, second)).text)
    assert "There is 1 person ahead of you" in client.get(link(settings, first)).text
    assert "There are 2 people ahead of you" in client.get(link(settings, second)).text


def test_ready_to_collect_says_where(client, db_session, settings, laptop, clock):
    device = make_device(db_session, laptop)
    loan = make_request(db_session, laptop, clock())
    services.reserve(db_session, device, loan, clock().date(), clock())
    services.ready_for_collection(db_session, loan)
    db_session.commit()
    page = " ".join(client.get(link(settings, loan)).text.split())
    assert "Ready to collect" in page
    assert "Collect it from Wallsend Library" in page and loan.place.address_line in page


def test_extending_once(client, db_session, settings, laptop, clock):
    loan = make_loan(db_session, laptop, clock())
    db_session.commit()
    first_due = loan.due_on
    page = client.get(link(settings, loan))
    assert "Due back" in page.text and "Extend my loan" in page.text
    extended = client.post(f"/loans/{loan.reference}/extend", {"token": token_of(settings, loan)})
    assert extended.headers["location"] == link(settings, loan, changed="extended")
    db_session.refresh(loan)
    assert loan.extended and (loan.due_on - first_due).days == 28
    assert "Your loan is extended" in client.get(extended.headers["location"]).text
    again = client.post(f"/loans/{loan.reference}/extend", {"token": token_of(settings, loan)})
    page = client.get(again.headers["location"])
    assert "already extended this loan once" in page.text
    assert "Extend my loan" not in page.text


def test_no_extension_while_someone_waits(client, db_session, settings, laptop, clock):
    loan = make_loan(db_session, laptop, clock())
    make_request(db_session, laptop, clock(), name="Waiting")
    db_session.commit()
    refused = client.post(f"/loans/{loan.reference}/extend", {"token": token_of(settings, loan)})
    assert refused.headers["location"].endswith("changed=refused-someone_waiting")
    assert "someone is waiting" in client.get(refused.headers["location"]).text
    db_session.refresh(loan)
    assert not loan.extended


def test_extend_and_cancel_need_the_token(client, db_session, settings, laptop, clock):
    loan = make_loan(db_session, laptop, clock())
    db_session.commit()
    assert client.post(f"/loans/{loan.reference}/extend", {"token": "wrong"}).status_code == 404
    assert client.post(f"/loans/{loan.reference}/cancel", {}).status_code == 404
    db_session.refresh(loan)
    assert not loan.extended and loan.status == LoanStatus.ON_LOAN


def test_cancelling_a_request(client, db_session, settings, laptop, clock):
    loan = make_request(db_session, laptop, clock())
    db_session.commit()
    confirm = client.get(f"/loans/{loan.reference}/cancel?token={token_of(settings, loan)}")
    assert confirm.status_code == 200 and "Yes, cancel my request" in confirm.text
    done = client.post(f"/loans/{loan.reference}/cancel", {"token": token_of(settings, loan)})
    page = client.get(done.headers["location"])
    assert "Your request is cancelled" in page.text and "Cancel this request" not in page.text
    db_session.refresh(loan)
    assert loan.status == LoanStatus.CANCELLED


def test_a_loan_already_out_cannot_be_cancelled(client, db_session, settings, laptop, clock):
    loan = make_loan(db_session, laptop, clock())
    db_session.commit()
    assert "Cancel this request" not in client.get(link(settings, loan)).text
    done = client.post(f"/loans/{loan.reference}/cancel", {"token": token_of(settings, loan)})
    assert "can no longer be cancelled" in client.get(done.headers["location"]).text
    db_session.refresh(loan)
    assert loan.status == LoanStatus.ON_LOAN
