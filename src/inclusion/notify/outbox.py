"""Writing messages to the outbox, rendered in the recipient's language.

The message is added to the caller's session and so is committed, or rolled back,
with the change that causes it: a password reset token and its email, a booking and
its confirmation. Nothing here commits or sends.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from jinja2 import Environment, StrictUndefined
from sqlalchemy import delete
from sqlalchemy.orm import Session

from inclusion.i18n import use_locale
from inclusion.i18n.locales import DEFAULT_LOCALE, find_site_locale
from inclusion.notify.models import Channel, OutboxMessage, Status
from inclusion.settings import Settings
from inclusion.web.templating import build_environment

TEMPLATE_NAME = re.compile(r"^[a-z0-9_]+$")
SUBJECT_PREFIX = "Subject:"


def utcnow() -> datetime:
    return datetime.now(UTC)


@cache
def message_environment() -> Environment:
    """The site's Jinja environment (translations, filters) for plain-text messages.

    Escaping would turn the `&` in a link into `&amp;`; a missing variable raises
    rather than sending an email with a blank where the link should be.
    """
    settings = Settings.from_environment()
    return build_environment(settings.templates_dir, settings.static_dir).overlay(
        autoescape=False, undefined=StrictUndefined
    )


def render_message(
    template: str, channel: Channel, locale: str, context: Mapping[str, Any]
) -> tuple[str | None, str]:
    """The subject (email only) and body of `templates/notify/<template>.<channel>.txt`.

    An email template's first line is `Subject: ...`; a text message has no subject.
    """
    if not TEMPLATE_NAME.match(template):
        raise ValueError(f"not a message template name: {template!r}")
    source = message_environment().get_template(f"notify/{template}.{channel}.txt")
    with use_locale(locale):
        text = source.render(**context).strip()
    if channel != Channel.EMAIL:
        return None, text
    first_line, _, body = text.partition("\n")
    if not first_line.startswith(SUBJECT_PREFIX):
        raise ValueError(f"email template {template!r} must start with a 'Subject:' line")
    return first_line.removeprefix(SUBJECT_PREFIX).strip(), body.strip()


def enqueue(
    session: Session,
    *,
    channel: Channel | str,
    recipient: str,
    template: str,
    locale: str,
    context: Mapping[str, Any] | None = None,
    reference: str | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Render a message now and add it to `session`, to be sent once the caller commits.

    `locale` is the recipient's language; one the site does not ship (or none) falls
    back to English rather than leaving the message unsent. `reference` is an
    idempotency key: give one derived from the cause (a token id) to make enqueueing
    the same message twice fail on the unique constraint.
    """
    channel = Channel(channel)
    recipient = recipient.strip()
    if not recipient:
        raise ValueError("a message needs a recipient")
    site_locale = find_site_locale(locale) or find_site_locale(DEFAULT_LOCALE)
    subject, body = render_message(template, channel, site_locale.code, context or {})
    now = now or utcnow()
    message = OutboxMessage(
        reference=reference or uuid.uuid4().hex,
        channel=channel.value,
        recipient=recipient,
        locale=site_locale.code,
        template=template,
        subject=subject,
        body=body,
        status=Status.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    return message


# Sent messages hold a name, an address and a manage link: keep them only long enough
# to answer "did my email go?", then delete them.
SENT_MESSAGE_RETENTION = timedelta(days=30)


def delete_old_messages(session: Session, now: datetime) -> int:
    """Delete sent and failed messages older than SENT_MESSAGE_RETENTION."""
    result = session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_((Status.SENT.value, Status.FAILED.value)),
            OutboxMessage.created_at < now - SENT_MESSAGE_RETENTION,
        )
    )
    return result.rowcount
