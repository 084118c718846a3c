"""Failures are logged without the recipient's address."""

from __future__ import annotations

import smtplib

from inclusion.notify.worker import describe_error


def test_smtp_refusals_keep_the_codes_and_drop_the_address():
    refused = smtplib.SMTPRecipientsRefused(
        {"resident@example.org": (450, b"4.2.0 <resident@example.org> mailbox busy")}
    )
    text = describe_error(refused)
    assert "450" in text and "resident" not in text


def test_smtp_replies_keep_only_their_code():
    reply = smtplib.SMTPDataError(550, b"5.1.1 <resident@example.org>: no such user")
    assert describe_error(reply) == "SMTPDataError (code 550)"


def test_other_errors_keep_their_message():
    assert describe_error(ConnectionRefusedError("relay is down")).endswith("relay is down")
