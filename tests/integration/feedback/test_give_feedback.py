"""Feedback about a service: the form, pre-filled from a place, session or loan page; with
and without contact details; the confirmation, the acknowledgement and the status page;
and everything a person (or a bot) might type."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from inclusion.feedback.models import FeedbackItem, FeedbackStatus
from inclusion.notify.models import OutboxMessage
from inclusion.sessions.references import manage_token
from tests.factories.feedback import make_change, make_item
from tests.factories.loans import make_device_type, make_request, place_id
from tests.factories.sessions import make_session

WALLSEND = "Wallsend Library and Customer First Centre"
SCRIPT = '<script>alert("x")</script><img src=x onerror="y">'
ANSWERS = {
    "topic": "website",
    "rating": "4",
    "what-happened": "  I found a session easily.  ",
    "what-would-help": "",
    "contact-method": "none",
}


def items(db_session) -> list[FeedbackItem]:
    db_session.expire_all()
    return list(db_session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)))


def messages(db_session) -> list[OutboxMessage]:
    db_session.expire_all()
    return list(db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def give(client, **changes):
    return client.post("/feedback", {**ANSWERS, **changes})


def confirmation_reference(response) -> str:
    assert response.status_code == 303, response.text[-2000:]
    match = re.fullmatch(
        r"/feedback/sent\?reference=([A-Z2-9]{4}-[A-Z2-9]{4})&reply=\w+",
        response.headers["location"],
    )
    assert match, response.headers["location"]
    return match[1]


def test_the_form_asks_each_question_once(client):
    page = client.get("/feedback")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    for question in (
        "What is your feedback about?",
        "Overall, how would you rate it?",
        "What happened?",
        "What would make it better? (optional)",
        "Would you like a reply?",
        "Your name (optional)",
        "deleted 24 months after the feedback is closed",
    ):
        assert question in text, question
    assert "1 – Very poor" in text and "5 – Very good" in text
    assert "up to 2,000 characters" in text
    assert 'aria-hidden="true"' in page.text and 'tabindex="-1"' in page.text
    assert "Is this page useful?" not in page.text


def test_feedback_without_contact_details(client, db_session, clock):
    reference = confirmation_reference(give(client, name="Ann Example"))
    [item] = items(db_session)
    assert item.reference == reference.replace("-", "")
    assert (item.topic, item.rating, item.status) == ("website", 4, FeedbackStatus.NEW)
    assert item.what_happened == "I found a session easily."  # trimmed, as typed
    assert item.what_would_help is None
    assert (item.name, item.email, item.phone, item.contact_method) == (None, None, None, "none")
    assert item.created_at == clock() and item.locale == "en"
    assert item.place_id is None and item.about_kind is None
    assert messages(db_session) == []

    sent = client.get(f"/feedback/sent?reference={reference}&reply=none")
    assert "Feedback sent" in sent.text and f"<strong>{reference}</strong>" in sent.text
    assert f'href="/feedback/status?reference={reference}"' in sent.text
    assert "Write down your reference" in sent.text


def test_feedback_with_an_email_for_a_reply(client, db_session):
    client.get("/?lang=pl")
    response = give(
        client,
        **{
            "contact-method": "email",
            "email": "ann@example.org",
            "name": "Ann Example",
            "consent": "yes",
        },
    )
    reference = confirmation_reference(response)
    assert response.headers["location"].endswith("&reply=email")
    [item] = items(db_session)
    assert (item.contact_method, item.email, item.name, item.phone) == (
        "email",
        "ann@example.org",
        "Ann Example",
        None,
    )
    assert item.locale == "pl"
    [message] = messages(db_session)
    assert (message.channel, message.recipient, message.template, message.locale) == (
        "email",
        "ann@example.org",
        "feedback_received",
        "pl",
    )
    assert reference in message.subject
    assert f"/feedback/status?reference={reference}" in message.body
    assert "I found a session" not in message.body  # the feedback itself is not repeated


def test_a_text_message_or_a_phone_call(client, db_session):
    text = give(client, **{"contact-method": "sms", "mobile": "07700 900 982", "consent": "yes"})
    call = give(client, **{"contact-method": "phone", "phone": "0191 643 2075", "consent": "yes"})
    confirmation_reference(text), confirmation_reference(call)
    by_text, by_phone = items(db_session)
    assert (by_text.contact_method, by_text.phone) == ("sms", "07700900982")
    assert (by_phone.contact_method, by_phone.phone) == ("phone", "01916432075")
    [message] = messages(db_session)  # nothing is sent for a phone call
    assert (message.channel, message.recipient) == ("sms", "07700900982")
    assert "We will phone you" in client.get(call.headers["location"]).text


def test_a_reply_needs_agreement_and_a_real_address(client, db_session):
    response = give(client, **{"contact-method": "email", "email": "not an email"})
    assert response.status_code == 200
    assert "Error: Give feedback" in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Tick the box to agree that we can use your details to reply to you" in response.text
    assert 'value="not an email"' in response.text
    assert items(db_session) == [] and messages(db_session) == []


def test_nothing_filled_in(client, db_session):
    response = client.post("/feedback", {})
    assert response.status_code == 200
    summary = response.text[: response.text.index("<h1")]
    for message in (
        "Select what your feedback is about",
        "Select a rating from 1 to 5",
        "Enter what happened",
        "Select if you would like a reply",
    ):
        assert message in summary and response.text.count(message) == 2, message
    assert summary.index("Select what") < summary.index("Select a rating")
    assert items(db_session) == []


def test_pre_filled_from_a_place(client, db_session):
    page = client.get("/feedback?place=wallsend-library")
    assert f"<strong>About:</strong> {WALLSEND}" in page.text
    assert "What is your feedback about?" not in page.text
    assert '<input type="hidden" name="place" value="wallsend-library">' in page.text
    confirmation_reference(give(client, topic="", place="wallsend-library"))
    [item] = items(db_session)
    assert (item.topic, item.about_kind, item.about_label) == ("place", "place", WALLSEND)
    assert item.place_id == item.about_id == place_id(db_session, "wallsend-library")


def test_pre_filled_from_a_session(client, db_session, clock):
    session = make_session(db_session, clock() + timedelta(days=7), title="Using email")
    db_session.commit()
    page = client.get(f"/feedback?session={session.id}&lang=pl")
    assert "Using email, 2 grudnia 2026" in page.text
    confirmation_reference(give(client, topic="other", session=str(session.id)))
    [item] = items(db_session)
    assert (item.topic, item.about_kind, item.about_id) == ("session", "session", session.id)
    assert item.about_label == "Using email, 2 December 2026"  # kept in English for staff
    assert item.place_id == session.place_id


def test_pre_filled_from_a_loan_keeps_the_place_and_not_the_loan(client, db_session, clock):
    loan = make_request(db_session, make_device_type(db_session), clock())
    db_session.commit()
    token = manage_token(client.client.app.state.settings.secret_key, loan.reference, "loan")
    track = client.get(f"/loans/{loan.reference}?token={token}")
    assert f'href="/feedback?loan={loan.reference}&amp;token=' in track.text
    page = client.get(f"/feedback?loan={loan.reference}&token={token}")
    assert f"Borrowing a device at {WALLSEND}" in page.text
    confirmation_reference(give(client, loan=loan.reference, token=token))
    [item] = items(db_session)
    assert (item.topic, item.about_kind, item.about_id) == ("device_loan", "loan", None)
    assert item.about_label == f"Borrowing a device at {WALLSEND}"
    assert item.place_id == loan.place_id
    stored = " ".join(str(value) for value in vars(item).values())
    assert loan.reference not in stored and str(loan.id) not in (str(item.about_id),)


@pytest.mark.parametrize(
    "query",
    [
        "place=no-such-place",
        "session=99999999",
        "session=99999999999999999999",
        "session=²",
        "loan=ABCDEFGH&token=wrong",
        "loan=<script>&token=",
        "place=wallsend-library&place=x",
    ],
)
def test_an_unknown_pre_fill_is_ignored(client, query):
    page = client.get(f"/feedback?{query}")
    assert page.status_code == 200
    if query.startswith("place=wallsend-library"):
        assert "About:" in page.text  # the first of repeated values
    else:
        assert "About:" not in page.text and "What is your feedback about?" in page.text


def test_links_from_places_sessions_and_the_home_page(client, db_session, clock):
    session = make_session(db_session, clock() + timedelta(days=7))
    db_session.commit()
    place = client.get("/places/wallsend-library").text
    assert 'href="/feedback?place=wallsend-library"' in place
    detail = client.get(f"/sessions/{session.id}").text
    assert f'href="/feedback?session={session.id}"' in detail
    home = client.get("/").text
    assert '<h2 class="govuk-heading-m">Give feedback</h2>' in home
    assert home.count('href="/feedback"') == 2  # the task and the footer


def test_long_text_is_refused_and_kept(client, db_session):
    response = give(
        client,
        **{
            "what-happened": "x" * 10_000,
            "what-would-help": "y" * 2001,
            "name": "n" * 101,
            "contact-method": "email",
            "email": "ann@example.org",
            "consent": "yes",
        },
    )
    assert response.status_code == 200
    assert "What happened must be 2,000 characters or fewer" in response.text
    assert "What would make it better must be 2,000 characters or fewer" in response.text
    assert "Your name must be 100 characters or fewer" in response.text
    assert "y" * 2001 in response.text
    assert items(db_session) == []


def test_html_and_script_in_every_field_are_stored_as_typed_and_shown_escaped(client, db_session):
    hostile = {
        "topic": SCRIPT,
        "rating": SCRIPT,
        "what-happened": SCRIPT,
        "what-would-help": SCRIPT,
        "contact-method": SCRIPT,
        "email": SCRIPT,
        "mobile": SCRIPT,
        "phone": SCRIPT,
        "name": SCRIPT,
        "consent": SCRIPT,
        "place": SCRIPT,
        "session": SCRIPT,
        "loan": SCRIPT,
        "token": SCRIPT,
    }
    refused = client.post("/feedback", hostile)
    assert refused.status_code == 200
    assert SCRIPT not in refused.text and "&lt;script&gt;" in refused.text
    accepted = give(
        client,
        **{"what-happened": SCRIPT, "what-would-help": SCRIPT, "name": SCRIPT},
    )
    reference = confirmation_reference(accepted)
    [item] = items(db_session)
    assert item.what_happened == SCRIPT and item.what_would_help == SCRIPT
    status = client.get(f"/feedback/status?reference={reference}")
    assert SCRIPT not in status.text and "<script>" not in status.text


def test_repeated_and_odd_fields_never_fail(client, db_session):
    response = client.post(
        "/feedback",
        {**ANSWERS, "rating": ["5", "1"], "topic": ["place", "website"], "session": ["1", "x"]},
    )
    confirmation_reference(response)
    [item] = items(db_session)
    assert (item.rating, item.topic) == (5, "place")
    for rating in ("0", "6", "-1", "4.5", "٤"):
        assert "Select a rating from 1 to 5" in give(client, rating=rating).text


def test_a_filled_honeypot_looks_sent_but_stores_nothing(client, db_session, caplog):
    response = give(
        client,
        website="http://spam.example",
        **{"contact-method": "email", "email": "bot@spam.example", "consent": "yes"},
    )
    reference = confirmation_reference(response)
    assert items(db_session) == [] and messages(db_session) == []
    assert "Feedback sent" in client.get(response.headers["location"]).text
    [logged] = [r.getMessage() for r in caplog.records if r.name.startswith("inclusion.feedback")]
    assert logged == "A feedback form filled the hidden box; nothing stored"
    assert reference not in logged


def test_a_flood_from_one_address_is_stopped_and_nothing_accepted_is_lost(
    client, db_session, clock
):
    cap = client.client.app.state.settings.feedback_per_address_per_hour
    accepted = [
        confirmation_reference(give(client, **{"what-happened": f"Number {n}"})) for n in range(cap)
    ]
    over = give(client, **{"what-happened": "One too many"})
    assert over.status_code == 429
    assert "Error: Give feedback" in over.text
    assert (
        "You have sent a lot of feedback in the last hour. Wait an hour and try again,"
        " or tell library staff." in over.text
    )
    assert "One too many" in over.text and 'value="4" checked' in over.text
    stored = items(db_session)
    assert [item.what_happened for item in stored] == [f"Number {n}" for n in range(cap)]
    assert {item.reference for item in stored} == {r.replace("-", "") for r in accepted}
    clock.advance(hours=1, seconds=1)
    confirmation_reference(give(client))


def test_the_confirmation_needs_a_real_looking_reference(client):
    assert client.get("/feedback/sent").status_code == 404
    assert client.get("/feedback/sent?reference=<b>").status_code == 404
    page = client.get("/feedback/sent?reference=abcd efgh&reply=<x>")
    assert page.status_code == 200 and "<strong>ABCD-EFGH</strong>" in page.text


def test_checking_on_feedback_by_its_reference(client, db_session, clock):
    item = make_item(
        db_session,
        clock() - timedelta(days=40),
        status=FeedbackStatus.DONE,
        what_happened="The Saturday drop-in was full again.",
        contact_method="email",
        name="Ann Example",
        email="ann@example.org",
    )
    make_change(db_session, clock() - timedelta(days=3), items=[item])
    make_change(db_session, clock() + timedelta(days=3), we_did="Not published yet.", items=[item])
    make_change(db_session, clock(), we_did="About something else.")
    db_session.commit()
    reference = f"{item.reference[:4]}-{item.reference[4:]}"

    empty = client.get("/feedback/status")
    assert empty.status_code == 200 and "There is a problem" not in empty.text

    found = client.get(f"/feedback/status?reference={item.reference.lower()}")
    text = " ".join(found.text.split())
    assert f"Feedback {reference}" in text
    assert "16 October 2026" in text  # received, the date alone
    assert "A library or Customer First Centre" in text
    assert "Done: we made a change" in text
    assert "We added a second Saturday drop-in." in text and "Published 22 November 2026" in text
    assert "Not published yet." not in text and "About something else." not in text
    assert "Saturday drop-in was full" not in text  # never the feedback itself
    assert "ann@example.org" not in text and "Ann Example" not in text

    polish = client.get(f"/feedback/status?reference={reference}&lang=pl").text
    assert "16 października 2026" in polish


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter your feedback reference"),
        ("ABC", "Enter the reference as it is on your confirmation, like ABCD-EFGH"),
        ("<script>x</script>", "Enter the reference as it is on your confirmation"),
        ("ABCD-EFGH", "We cannot find feedback with that reference"),
    ],
)
def test_a_wrong_reference_says_what_to_do(client, typed, error):
    response = client.get("/feedback/status", params={"reference": typed})
    assert response.status_code == 200
    assert response.text.count(error) == 2  # in the summary and by the box
    assert "Error: Check on your feedback" in response.text
    if typed:
        assert 'value="' + typed.replace("<", "&lt;").replace(">", "&gt;") in response.text
