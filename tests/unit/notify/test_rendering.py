"""Messages are rendered when enqueued, in the recipient's language, as plain text."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from inclusion.notify.models import Channel, Status
from inclusion.notify.outbox import enqueue, render_message

RESET_URL = "https://getonline.example/staff/reset?token=abc&next=/staff"


class CollectingSession:
    """Stands in for a Session: enqueue may only add, never flush or commit."""

    def __init__(self):
        self.added = []

    def add(self, instance):
        self.added.append(instance)


def enqueue_reset(locale: str, channel: str = "email", recipient: str = "sam@example.org"):
    session = CollectingSession()
    message = enqueue(
        session,
        channel=channel,
        recipient=recipient,
        template="password_reset",
        locale=locale,
        context={"reset_url": RESET_URL},
    )
    assert session.added == [message]
    return message


def test_a_message_for_a_polish_reader_is_in_polish():
    message = enqueue_reset("pl")
    assert message.locale == "pl"
    assert message.subject == "Resetowanie hasła do Get Online North Tyneside"
    assert "Link działa tylko raz i tylko przez 30 minut." in message.body
    assert "The link works once" not in message.body
    assert RESET_URL in message.body


@pytest.mark.parametrize(
    ("locale", "phrase"),
    [
        ("ro", "30 de minute"),
        ("uk", "30 хвилин"),
        ("ar", "30 دقيقة"),
        ("zh_Hans", "30 分钟"),
        ("zh-Hans", "30 分钟"),
    ],
)
def test_every_shipped_language_has_its_own_wording(locale, phrase):
    assert phrase in enqueue_reset(locale).body


def test_an_english_email_has_its_subject_apart_from_the_body():
    message = enqueue_reset("en")
    assert message.subject == "Reset your password for Get Online North Tyneside"
    assert message.body.startswith(
        "Someone asked to reset the password for your staff account on Get Online North Tyneside."
    )
    assert "Subject:" not in message.body
    assert "If you did not ask to reset your password, ignore this email." in message.body
    assert message.status == Status.PENDING
    assert message.attempts == 0
    assert message.next_attempt_at == message.created_at


def test_a_link_is_written_as_it_is_not_html_escaped():
    assert f"\n{RESET_URL}\n" in enqueue_reset("en").body


def test_a_text_message_has_no_subject():
    message = enqueue_reset("pl", channel="sms", recipient="07700 900123")
    assert message.channel == Channel.SMS
    assert message.subject is None
    assert message.body.startswith("Get Online North Tyneside: aby zresetować hasło")
    assert message.body.endswith(RESET_URL)


def test_a_language_we_do_not_ship_falls_back_to_english():
    message = enqueue_reset("de")
    assert message.locale == "en"
    assert message.subject == "Reset your password for Get Online North Tyneside"


def test_each_message_gets_its_own_reference():
    assert enqueue_reset("en").reference != enqueue_reset("en").reference


def test_a_missing_template_variable_stops_the_message_instead_of_sending_a_blank():
    with pytest.raises(UndefinedError):
        render_message("password_reset", Channel.EMAIL, "en", {})


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"channel": "fax"}, ValueError),
        ({"recipient": "  "}, ValueError),
        ({"template": "../layouts/base"}, ValueError),
    ],
)
def test_a_message_that_cannot_be_sent_is_refused_at_once(changes, error):
    arguments = {
        "channel": "email",
        "recipient": "sam@example.org",
        "template": "password_reset",
        "locale": "en",
        "context": {"reset_url": RESET_URL},
    } | changes
    session = CollectingSession()
    with pytest.raises(error):
        enqueue(session, **arguments)
    assert session.added == []
