"""Helpers for the outbox tests: a recording sender, a real SMTP server, a clock."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from inclusion.notify.models import Channel, OutboxMessage
from inclusion.notify.outbox import enqueue, render_message

T0 = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
RESET = {"reset_url": "https://getonline.example/staff/reset?token=abc"}


class RecordingSender:
    """Records the reference of every message it is given; may fail instead."""

    def __init__(self, fail_with: Exception | None = None, pause_seconds: float = 0.0):
        self.sent: list[str] = []
        self.fail_with = fail_with
        self.pause_seconds = pause_seconds

    def send(self, message: OutboxMessage) -> str | None:
        if self.pause_seconds:
            time.sleep(self.pause_seconds)
        if self.fail_with:
            raise self.fail_with
        self.sent.append(message.reference)
        return f"provider-{message.reference}"


def add_reset_message(session, recipient: str = "sam@example.org", **kwargs) -> OutboxMessage:
    return enqueue(
        session,
        channel="email",
        recipient=recipient,
        template="password_reset",
        locale="en",
        context=RESET,
        **kwargs,
    )


def reset_email(locale: str, recipient: str, reset_url: str) -> OutboxMessage:
    """A rendered password reset email that is not in any database."""
    context = {"reset_url": reset_url}
    subject, body = render_message("password_reset", Channel.EMAIL, locale, context)
    return OutboxMessage(
        reference=uuid.uuid4().hex,
        channel=Channel.EMAIL,
        recipient=recipient,
        locale=locale,
        template="password_reset",
        subject=subject,
        body=body,
        attempts=1,
    )


def reload(db, message_id: int) -> OutboxMessage:
    with db.session() as session:
        return session.scalars(
            select(OutboxMessage).where(OutboxMessage.id == message_id),
            execution_options={"populate_existing": True},
        ).one()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingSmtpHandler:
    """An aiosmtpd handler that keeps every message it is given.

    A message counts as received as soon as its data arrives, before the reply:
    a client killed while waiting for "250" has still delivered it, which is the
    worst case for duplicates. `delay_seconds` holds the reply back.
    """

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.envelope_senders: list[str] = []
        self.refuse: dict[str, str] = {}
        self.delay_seconds = 0.0
        self.quit_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelope_senders.append(envelope.mail_from)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        return self.quit_reply or "221 Bye"

    def wait_for(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} of {count} messages arrived")
            time.sleep(0.01)


@pytest.fixture
def smtp_server() -> Iterator[Controller]:
    """A real SMTP server on 127.0.0.1, stopped after the test."""
    controller = Controller(RecordingSmtpHandler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()
