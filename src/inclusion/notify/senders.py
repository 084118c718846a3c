"""Senders: where an outbox message goes once a worker has claimed it.

A sender returns the provider's id for the message (or None), raises
`PermanentSendError` when retrying cannot help (the address is refused), and raises
anything else for a failure worth retrying (the server is down, a timeout).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import UTC, datetime
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import Protocol

from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from inclusion.i18n.locales import site_locale
from inclusion.notify.models import Channel, OutboxMessage
from inclusion.settings import Settings

logger = logging.getLogger(__name__)

# Well inside the worker's claim lease, so a slow provider cannot outlast a claim.
SEND_TIMEOUT_SECONDS = 30


class PermanentSendError(Exception):
    """The provider refused this message for good; the worker does not retry it."""


class Sender(Protocol):
    def send(self, message: OutboxMessage) -> str | None: ...


def mask_recipient(recipient: str) -> str:
    """Enough of an address to tell messages apart in a log, not enough to contact anyone."""
    if "@" in recipient:
        return "***@" + recipient.rpartition("@")[2]
    digits = [c for c in recipient if c.isdigit()]
    return "***" + "".join(digits[-3:])


class LogSender:
    """Writes a line per message to the log and sends nothing: the development default.

    The body is never logged, since it can hold a password reset link.
    """

    def send(self, message: OutboxMessage) -> str | None:
        logger.info(
            "Not sent (log sender): %s to %s, template %s, subject %r",
            message.channel,
            mask_recipient(message.recipient),
            message.template,
            message.subject,
        )
        return None


def message_id(reference: str, mail_from: str) -> str:
    """A Message-ID that is the same on every attempt, so a resend can be recognised."""
    return f"<{reference}@{mail_from.rpartition('@')[2] or 'localhost'}>"


class SmtpSender:
    """Email through an SMTP relay (the council's, or a local one in development)."""

    def __init__(
        self,
        host: str,
        port: int,
        mail_from: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = SEND_TIMEOUT_SECONDS,
    ):
        self.host = host
        self.port = port
        self.mail_from = mail_from
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    def build_email(self, message: OutboxMessage) -> Message:
        # Built the compat32 way on purpose: Python 3.11's default email policy drops
        # the space between two encoded words when it folds a long non-ASCII subject
        # ("треба повернути" arrived as "требаповернути"); Header keeps it.
        email = MIMEText(message.body, "plain", _utf8_quoted_printable())
        email["From"] = self.mail_from
        email["To"] = message.recipient
        subject = message.subject or ""
        email["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
        email["Date"] = format_datetime(datetime.now(UTC))
        email["Message-ID"] = message_id(message.reference, self.mail_from)
        email["Content-Language"] = site_locale(message.locale).tag
        return email

    def send(self, message: OutboxMessage) -> str | None:
        if message.channel != Channel.EMAIL:
            raise PermanentSendError(f"the SMTP sender cannot send {message.channel} messages")
        email = self.build_email(message)
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(email)
            finally:
                _close_quietly(smtp)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentSendError(f"recipient refused: {codes}") from error
            raise
        except smtplib.SMTPDataError as error:
            # 5xx after DATA refuses this message (too large, rejected content); a
            # 4xx is the server asking us to try later.
            if 500 <= error.smtp_code < 600:
                raise PermanentSendError(f"message refused: {error.smtp_code}") from error
            raise
        return email["Message-ID"]


def _utf8_quoted_printable() -> Charset:
    """UTF-8 with a quoted-printable body: links and English stay readable as sent."""
    charset = Charset("utf-8")
    charset.body_encoding = QP
    return charset


def _close_quietly(smtp: smtplib.SMTP) -> None:
    # Once send_message returns, the server has the message: a failed goodbye must
    # not turn that into a retry and a second copy.
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


class NotifySender:
    """Email and text messages through GOV.UK Notify.

    Notify sends what its template says, so the council sets up one email template
    with `((subject))` and `((body))` and one text message template with `((body))`;
    the wording and the translation stay here.
    """

    def __init__(self, client, email_template_id: str | None, sms_template_id: str | None):
        self.client = client
        self.template_ids = {Channel.EMAIL: email_template_id, Channel.SMS: sms_template_id}

    @classmethod
    def from_api_key(
        cls, api_key: str, email_template_id: str | None, sms_template_id: str | None
    ) -> NotifySender:
        client = NotificationsAPIClient(api_key, timeout=SEND_TIMEOUT_SECONDS)
        return cls(client, email_template_id, sms_template_id)

    def send(self, message: OutboxMessage) -> str | None:
        template_id = self.template_ids[Channel(message.channel)]
        if not template_id:
            raise PermanentSendError(f"no Notify template is set for {message.channel}")
        # A claim after the first may follow a request that reached Notify but whose
        # answer was lost (a timeout, a crash): look for it before sending again.
        if message.attempts > 1:
            earlier = self.client.get_all_notifications(reference=message.reference)
            if earlier.get("notifications"):
                return earlier["notifications"][0]["id"]
        try:
            if message.channel == Channel.EMAIL:
                response = self.client.send_email_notification(
                    email_address=message.recipient,
                    template_id=template_id,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=message.reference,
                )
            else:
                response = self.client.send_sms_notification(
                    phone_number=message.recipient,
                    template_id=template_id,
                    personalisation={"body": message.body},
                    reference=message.reference,
                )
        except HTTPError as error:
            # Notify answers 400 for a message it will never accept (not a mobile
            # number, a team-only key); 403, 429 and 5xx can pass.
            if error.status_code == 400:
                raise PermanentSendError(f"Notify refused the message: {error.message}") from error
            raise
        return response["id"]


def sender_from_settings(settings: Settings) -> Sender:
    if settings.notify_sender == "log":
        return LogSender()
    if settings.notify_sender == "smtp":
        return SmtpSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )
    if settings.notify_sender == "notify":
        if not settings.notify_api_key:
            raise ValueError("INCLUSION_NOTIFY_API_KEY is needed to send through GOV.UK Notify")
        return NotifySender.from_api_key(
            settings.notify_api_key,
            settings.notify_email_template_id,
            settings.notify_sms_template_id,
        )
    raise ValueError(
        f"unknown INCLUSION_NOTIFY_SENDER {settings.notify_sender!r}: use log, smtp or notify"
    )
