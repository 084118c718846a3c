"""Replies to the person who gave feedback: by email through a real SMTP server or by
text message, in their language, once; a phone call recorded; no reply without
contact details."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inclusion.feedback.models import NoteKind
from inclusion.feedback.retention import erase_item_contact
from inclusion.i18n.translations import gettext, use_locale
from inclusion.notify.senders import SmtpSender
from inclusion.notify.worker import process_once
from inclusion.sessions.references import format_reference
from tests.factories.feedback import make_item
from tests.factories.staff import sign_in
from tests.integration.feedback.triage_support import (
    assert_nothing_personal,
    audits,
    fresh,
    item_url,
    notes,
    outbox,
)
from tests.integration.notify.conftest import smtp_server  # noqa: F401 - a fixture

REPLY = "Thank you. We have added a second Saturday drop-in at Wallsend from January."


@pytest.fixture
def as_officer(client, officer, clock):
    sign_in(client, officer, clock())
    return client


def in_language(locale: str, text: str, **values) -> str:
    with use_locale(locale):
        return gettext(text, **values)


def test_an_email_reply_reaches_them_in_their_language(
    as_officer,
    db,
    db_session,
    clock,
    officer,
    smtp_server,  # noqa: F811
):
    item = make_item(
        db_session,
        clock() - timedelta(days=3),
        locale="pl",
        contact_method="email",
        name="Ola",
        email="ola@example.org",
    )
    db_session.commit()
    page = as_officer.get(item_url(item))
    assert "ola@example.org" in page.text and 'name="reply"' in page.text
    assert "We send it by email" in page.text

    sent = as_officer.post(item_url(item, "reply"), {"reply": REPLY})
    assert sent.status_code == 303 and sent.headers["location"].endswith("?done=replied")
    # The outbox stamps messages with the real time, so the worker runs on it too.
    sender = SmtpSender(smtp_server.hostname, smtp_server.port, "getonline@example.org")
    process_once(db, sender, "t")
    [email] = smtp_server.handler.messages
    reference = format_reference(item.reference)
    assert email["To"] == "ola@example.org"
    assert email["Content-Language"] == "pl"
    assert email["Subject"] == in_language(
        "pl", "A reply to your feedback, reference %(reference)s", reference=reference
    )
    body = email.get_content()
    greeting = in_language("pl", "Hello %(name)s,", name="Ola")
    assert greeting != "Hello Ola,"  # it really is in Polish
    assert greeting in body and REPLY in body
    assert f"/feedback/status?reference={reference}" in body

    current = fresh(db_session, item)
    assert current.first_response_at == clock()
    assert current.status == "new"  # a reply does not change the status by itself
    [note] = notes(db_session, item, NoteKind.REPLY)
    assert (note.text, note.author_id) == (REPLY, officer.id)
    [entry] = audits(db_session, "feedback_reply_sent")
    assert (entry.target_id, entry.details) == (item.reference, {"channel": "email"})
    assert_nothing_personal(entry, REPLY, "ola@example.org", "Ola")
    assert "Your reply is on its way." in as_officer.get(sent.headers["location"]).text


def test_a_text_message_reply_is_short_and_sent_once(as_officer, db_session, clock):
    item = make_item(db_session, clock(), locale="uk", contact_method="sms", phone="07700 900982")
    db_session.commit()
    assert "We send it by text message" in as_officer.get(item_url(item)).text
    too_long = as_officer.post(item_url(item, "reply"), {"reply": "a" * 751})
    assert too_long.status_code == 200
    assert "A reply by text message must be 750 characters or fewer" in too_long.text
    assert outbox(db_session) == []

    for _ in range(2):  # the second is the same form sent again
        assert as_officer.post(item_url(item, "reply"), {"reply": "a" * 750}).status_code == 303
    [message] = outbox(db_session)
    assert (message.channel, message.recipient, message.locale) == ("sms", "07700 900982", "uk")
    assert format_reference(item.reference) in message.body and "a" * 750 in message.body
    assert len(audits(db_session, "feedback_reply_sent")) == 1


def test_an_email_reply_has_a_longer_limit_and_must_not_be_empty(as_officer, db_session, clock):
    item = make_item(db_session, clock(), contact_method="email", email="e@example.org")
    db_session.commit()
    empty = as_officer.post(item_url(item, "reply"), {"reply": " \n "})
    assert "Enter your reply" in empty.text
    ten_thousand = as_officer.post(item_url(item, "reply"), {"reply": "b" * 10_000})
    assert "The reply must be 2,000 characters or fewer" in ten_thousand.text
    assert outbox(db_session) == [] and notes(db_session, item) == []
    assert as_officer.post(item_url(item, "reply"), {"reply": "b" * 2000}).status_code == 303
    assert len(outbox(db_session)) == 1


def test_no_reply_without_a_way_to_reach_them(as_officer, db_session, clock):
    none_wanted = make_item(db_session, clock())
    erased = make_item(db_session, clock(), contact_method="email", email="gone@example.org")
    erase_item_contact(erased, clock())
    db_session.commit()
    first = as_officer.get(item_url(none_wanted))
    assert "They did not ask for a reply" in first.text and 'name="reply"' not in first.text
    second = as_officer.get(item_url(erased))
    assert "Their contact details were removed on 25 November 2026" in second.text
    assert "gone@example.org" not in second.text
    for item in (none_wanted, erased):
        refused = as_officer.post(item_url(item, "reply"), {"reply": "Hello"})
        assert refused.status_code == 303 and "done=" not in refused.headers["location"]
        assert as_officer.post(item_url(item, "called"), {}).status_code == 303
    assert outbox(db_session) == []
    assert audits(db_session) == []


def test_a_phone_call_is_recorded_without_the_number(as_officer, db_session, clock):
    item = make_item(db_session, clock(), contact_method="phone", name="Pat", phone="0191 643 2075")
    db_session.commit()
    page = as_officer.get(item_url(item))
    assert "0191 643 2075" in page.text and "They asked for a phone call" in page.text
    assert 'name="reply"' not in page.text
    for _ in range(2):  # the second is the same form sent again
        done = as_officer.post(item_url(item, "called"), {"call-note": "Booked them in"})
        assert done.status_code == 303
    [note] = notes(db_session, item, NoteKind.NOTE)
    assert note.text == "Phoned them.\nBooked them in"
    assert fresh(db_session, item).first_response_at == clock()
    assert outbox(db_session) == []
    [entry] = audits(db_session, "feedback_phone_call_recorded")
    assert_nothing_personal(entry, "0191", "Pat", "Booked")
