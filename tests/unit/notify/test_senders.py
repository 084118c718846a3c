"""Senders: the log sender keeps secrets out of logs; settings choose the sender."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from inclusion.notify.models import OutboxMessage
from inclusion.notify.senders import (
    LogSender,
    NotifySender,
    PermanentSendError,
    SmtpSender,
    mask_recipient,
    message_id,
    sender_from_settings,
)
from inclusion.settings import Settings

NOTIFY_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"


def outbox_message(**changes) -> OutboxMessage:
    fields = {
        "reference": "ref-1",
        "channel": "email",
        "recipient": "sam.jones@example.org",
        "locale": "en",
        "template": "password_reset",
        "subject": "Reset your password",
        "body": "Open https://example.org/reset?token=SECRET-TOKEN",
        "attempts": 1,
    } | changes
    return OutboxMessage(**fields)


@pytest.mark.parametrize(
    ("recipient", "masked"),
    [
        ("sam.jones@example.org", "***@example.org"),
        ("07700 900123", "***123"),
        ("+44 7700 900456", "***456"),
    ],
)
def test_a_recipient_is_masked_down_to_its_domain_or_last_digits(recipient, masked):
    assert mask_recipient(recipient) == masked


def test_the_log_sender_never_logs_the_body_or_the_full_address(caplog):
    caplog.set_level(logging.INFO, logger="inclusion.notify")
    assert LogSender().send(outbox_message()) is None
    assert "Reset your password" in caplog.text
    assert "***@example.org" in caplog.text
    assert "SECRET-TOKEN" not in caplog.text
    assert "sam.jones" not in caplog.text


def test_the_message_id_stays_the_same_on_every_attempt():
    assert message_id("ref-1", "getonline@northtyneside.gov.uk") == ("<ref-1@northtyneside.gov.uk>")


def test_smtp_cannot_send_a_text_message():
    sender = SmtpSender("127.0.0.1", 25, "getonline@northtyneside.gov.uk")
    with pytest.raises(PermanentSendError):
        sender.send(outbox_message(channel="sms", recipient="07700 900123", subject=None))


def test_settings_choose_the_sender():
    settings = Settings()
    assert isinstance(sender_from_settings(settings), LogSender)
    smtp = sender_from_settings(replace(settings, notify_sender="smtp", smtp_port=2525))
    assert isinstance(smtp, SmtpSender)
    assert (smtp.host, smtp.port, smtp.mail_from) == ("127.0.0.1", 2525, settings.mail_from)
    notify = sender_from_settings(
        replace(
            settings,
            notify_sender="notify",
            notify_api_key=NOTIFY_KEY,
            notify_email_template_id="email-template",
        )
    )
    assert isinstance(notify, NotifySender)


@pytest.mark.parametrize(
    "changes", [{"notify_sender": "notify"}, {"notify_sender": "carrier-pigeon"}]
)
def test_a_sender_that_cannot_work_is_refused_at_start(changes):
    with pytest.raises(ValueError):
        sender_from_settings(replace(Settings(), **changes))
