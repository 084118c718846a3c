"""SmtpSender against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import smtplib

import pytest

from inclusion.notify.senders import PermanentSendError, SmtpSender
from tests.integration.notify.conftest import free_port, reset_email

MAIL_FROM = "getonline@northtyneside.gov.uk"
RESET_URL = "https://getonline.example/staff/reset?token=abc&next=/staff"


def polish_reset(recipient: str = "ola@example.org"):
    return reset_email("pl", recipient, RESET_URL)


def test_an_email_arrives_with_its_subject_recipient_body_and_message_id(smtp_server):
    message = polish_reset()
    sender = SmtpSender(smtp_server.hostname, smtp_server.port, MAIL_FROM)

    provider_id = sender.send(message)

    [received] = smtp_server.handler.messages
    assert smtp_server.handler.envelope_senders == [MAIL_FROM]
    assert received["From"] == MAIL_FROM
    assert received["To"] == "ola@example.org"
    assert received["Subject"] == "Resetowanie hasła do Get Online North Tyneside"
    assert received["Message-ID"] == f"<{message.reference}@northtyneside.gov.uk>"
    assert received["Content-Language"] == "pl"
    assert provider_id == received["Message-ID"]
    body = received.get_content()
    assert "Link działa tylko raz i tylko przez 30 minut." in body
    assert RESET_URL in body


@pytest.mark.parametrize(
    "subject",
    [
        "Пристрій «Chromebook» треба повернути до середа, 23 грудня",
        "تم حجز مكانك: البدء باستخدام الكمبيوتر والإنترنت في مكتبة Wallsend",
        "Your place is booked: Get started with a computer, the internet and email",
    ],
)
def test_a_long_subject_in_any_script_arrives_word_for_word(smtp_server, subject):
    message = polish_reset()
    message.subject = subject  # long enough to be folded over two lines

    SmtpSender(smtp_server.hostname, smtp_server.port, MAIL_FROM).send(message)

    [received] = smtp_server.handler.messages
    assert received["Subject"] == subject


def test_an_email_the_server_accepted_is_sent_even_if_the_goodbye_fails(smtp_server):
    smtp_server.handler.quit_reply = "421 Closing anyway"
    sender = SmtpSender(smtp_server.hostname, smtp_server.port, MAIL_FROM)

    message = polish_reset()
    assert sender.send(message) == f"<{message.reference}@northtyneside.gov.uk>"
    assert len(smtp_server.handler.messages) == 1


def test_an_address_the_server_refuses_for_good_is_a_permanent_failure(smtp_server):
    smtp_server.handler.refuse["nobody@example.org"] = "550 No such user"
    sender = SmtpSender(smtp_server.hostname, smtp_server.port, MAIL_FROM)

    with pytest.raises(PermanentSendError):
        sender.send(polish_reset("nobody@example.org"))
    assert smtp_server.handler.messages == []


def test_an_address_the_server_defers_is_worth_a_retry(smtp_server):
    smtp_server.handler.refuse["busy@example.org"] = "450 Mailbox busy, try later"
    sender = SmtpSender(smtp_server.hostname, smtp_server.port, MAIL_FROM)

    with pytest.raises(smtplib.SMTPRecipientsRefused) as raised:
        sender.send(polish_reset("busy@example.org"))
    assert not isinstance(raised.value, PermanentSendError)


def test_a_server_that_is_not_there_is_worth_a_retry():
    sender = SmtpSender("127.0.0.1", free_port(), MAIL_FROM, timeout=2)
    with pytest.raises(OSError):
        sender.send(polish_reset())
