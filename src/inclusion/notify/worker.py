"""The outbox worker: claims due messages, sends each once, records what happened.

Never twice, and what that means exactly:

- Claiming is exclusive. On PostgreSQL a worker locks due rows with
  `FOR UPDATE SKIP LOCKED`, so two workers never claim the same row; on SQLite the
  claim is one UPDATE statement, and SQLite runs one writer at a time.
- A message is marked sent in its own transaction right after the sender returns.
  Two rare cases can still send it twice: the worker dies (or loses the database)
  between the provider accepting the message and that mark, so the claim's lease
  runs out and the next worker sends it again; or the provider accepted it but
  its answer was lost (a timeout), which counts as a failure and is retried. To
  let such a copy be recognised, every attempt carries the message's `reference`:
  before any repeat attempt `NotifySender` asks Notify for a notification with
  that reference and does not send again if there is one; over SMTP the
  `Message-ID` is the same on every attempt, so mail servers and clients can tell
  the copies apart.
- A worker that dies before sending loses nothing: its claim expires after
  `CLAIM_LEASE` and the message is sent by the next worker.
"""

from __future__ import annotations

import asyncio
import logging
import os
import smtplib
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, aliased

from inclusion.db.engine import Database
from inclusion.notify.models import OutboxMessage, Status
from inclusion.notify.outbox import utcnow
from inclusion.notify.senders import (
    SEND_TIMEOUT_SECONDS,
    PermanentSendError,
    Sender,
    sender_from_settings,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Longer than any one send can take (senders time out after SEND_TIMEOUT_SECONDS), so
# a live worker never loses its claim while a message is on its way.
CLAIM_LEASE = timedelta(minutes=5)
FIRST_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)
RETRY_GROWTH = 4
ERROR_TEXT_LIMIT = 1000
DEFAULT_BATCH_SIZE = 50
DEFAULT_POLL_SECONDS = 2.0


def backoff(attempts: int) -> timedelta:
    """The wait after a message's `attempts`-th failed attempt: 30 s, 2 min, 8 min, 32 min,
    then an hour each time, so a provider's outage of a few hours loses nothing."""
    return min(FIRST_RETRY_DELAY * RETRY_GROWTH ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def default_worker_id() -> str:
    # The random part keeps two workers apart even when both run as pid 1 in
    # containers that share a hostname.
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _due(message, now: datetime):
    return or_(
        and_(message.status == Status.PENDING, message.next_attempt_at <= now),
        and_(
            message.status == Status.SENDING,
            message.claimed_at < now - CLAIM_LEASE,
            message.attempts < MAX_ATTEMPTS,
        ),
    )


def _give_up_on_crashing_messages(session: Session, now: datetime) -> None:
    """Fail messages whose worker died while sending them MAX_ATTEMPTS times over.

    Without this, a message that crashes the worker would be claimed for ever.
    """
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == Status.SENDING,
            OutboxMessage.claimed_at < now - CLAIM_LEASE,
            OutboxMessage.attempts >= MAX_ATTEMPTS,
        )
        .values(status=Status.FAILED, last_error="the worker stopped while sending it")
        .execution_options(synchronize_session=False)
    )


def claim_batch(
    session: Session, worker_id: str, now: datetime, limit: int = DEFAULT_BATCH_SIZE
) -> list[OutboxMessage]:
    """Mark up to `limit` due messages as being sent by `worker_id`, and return them.

    Due means pending and time for it, or claimed by a worker whose lease ran out.
    The caller commits, which ends the claim's transaction (and its row locks).
    """
    _give_up_on_crashing_messages(session, now)
    candidate = aliased(OutboxMessage)
    due_ids = (
        select(candidate.id)
        .where(_due(candidate, now))
        .order_by(candidate.next_attempt_at, candidate.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalars(due_ids.with_for_update(skip_locked=True)).all()
        if not ids:
            return []
        chosen = OutboxMessage.id.in_(ids)
    else:
        # SQLite runs one writer at a time, and this transaction began with a write
        # (above), so no other worker can claim in between; one statement picks and
        # marks. A SELECT as the first statement would instead take a read snapshot
        # that SQLite refuses to upgrade once another worker has written
        # ("database is locked").
        chosen = OutboxMessage.id.in_(due_ids.scalar_subquery())
    claimed = session.scalars(
        update(OutboxMessage)
        .where(chosen)
        .values(
            status=Status.SENDING,
            claimed_by=worker_id,
            claimed_at=now,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage),
        execution_options={"populate_existing": True},
    ).all()
    return sorted(claimed, key=lambda message: (message.next_attempt_at, message.id))


def process_once(
    db: Database,
    sender: Sender,
    worker_id: str,
    now: datetime | None = None,
    limit: int = DEFAULT_BATCH_SIZE,
) -> int:
    """Claim a batch, send each message outside the claim's transaction, record each
    outcome in a transaction of its own; return how many messages were claimed.

    `now` fixes the time for the whole pass (tests); otherwise the clock is read at
    each step.
    """
    clock: Callable[[], datetime] = (lambda: now) if now else utcnow
    with db.session() as session:
        claimed = claim_batch(session, worker_id, clock(), limit)
    for message in claimed:
        _send_one(db, sender, message, worker_id, clock)
    return len(claimed)


def _send_one(
    db: Database,
    sender: Sender,
    message: OutboxMessage,
    worker_id: str,
    clock: Callable[[], datetime],
) -> None:
    if not _renew_claim(db, message, worker_id, clock()):
        logger.warning("Outbox message %s was claimed by another worker; skipped", message.id)
        return
    try:
        provider_id = sender.send(message)
    except PermanentSendError as error:
        _record_failure(db, message, worker_id, clock(), error, permanent=True)
    except Exception as error:  # noqa: BLE001 - any other failure is worth a retry
        _record_failure(db, message, worker_id, clock(), error, permanent=False)
    else:
        _mark_sent(db, message, provider_id, clock())


def _renew_claim(db: Database, message: OutboxMessage, worker_id: str, now: datetime) -> bool:
    """Restart the lease just before sending, and check that it is still ours.

    Sending a batch takes time; without this the last messages of a slow batch could
    outlive their lease and be claimed by a second worker while still queued here.
    """
    with db.session() as session:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.status == Status.SENDING,
                OutboxMessage.claimed_by == worker_id,
            )
            .values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1


def _mark_sent(db: Database, message: OutboxMessage, provider_id: str | None, now: datetime):
    with db.session() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)
            .values(status=Status.SENT, sent_at=now, provider_id=provider_id, last_error=None)
            .execution_options(synchronize_session=False)
        )


def describe_error(error: Exception) -> str:
    """What went wrong, for the log and `last_error`, without a recipient's address.

    An SMTP server's reply often quotes the address it refused, so for SMTP errors
    only the kind of error and the reply codes are kept.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({reply[0] for reply in error.recipients.values()})
        text = f"{type(error).__name__} (codes {codes})"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{type(error).__name__} (code {error.smtp_code})"
    elif isinstance(error, smtplib.SMTPException):
        text = type(error).__name__
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:ERROR_TEXT_LIMIT]


def _record_failure(
    db: Database,
    message: OutboxMessage,
    worker_id: str,
    now: datetime,
    error: Exception,
    permanent: bool,
) -> None:
    # `attempts` already counts this attempt: the claim added it.
    give_up = permanent or message.attempts >= MAX_ATTEMPTS
    description = describe_error(error)
    values: dict = {"last_error": description}
    if give_up:
        values["status"] = Status.FAILED
        logger.error("Outbox message %s failed for good: %s", message.id, description)
    else:
        values["status"] = Status.PENDING
        values["next_attempt_at"] = now + backoff(message.attempts)
        logger.warning(
            "Outbox message %s attempt %s failed, retrying at %s: %s",
            message.id,
            message.attempts,
            values["next_attempt_at"].isoformat(timespec="seconds"),
            description,
        )
    with db.session() as session:
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.status == Status.SENDING,
                OutboxMessage.claimed_by == worker_id,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def run_worker(
    db: Database,
    sender: Sender,
    stop_event: threading.Event,
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    worker_id: str | None = None,
) -> None:
    """Send due messages until `stop_event` is set; a full batch means more may be due,
    so the next pass starts at once, otherwise the worker waits `poll_seconds`."""
    worker_id = worker_id or default_worker_id()
    logger.info("Outbox worker %s started", worker_id)
    while not stop_event.is_set():
        try:
            claimed = process_once(db, sender, worker_id, limit=batch_size)
        except Exception:
            # The database may be away for a moment; the next pass tries again.
            logger.exception("Outbox worker %s: a pass failed", worker_id)
            claimed = 0
        if claimed < batch_size:
            stop_event.wait(poll_seconds)
    logger.info("Outbox worker %s stopped", worker_id)


@dataclass
class _InAppWorker:
    thread: threading.Thread
    stop_event: threading.Event


async def start_in_app(app) -> None:
    """Litestar `on_startup` hook: run the worker in a thread of the web process when
    `settings.run_worker_in_app` is on (`make run`), so development needs one command."""
    settings = app.state.settings
    if not settings.run_worker_in_app:
        return
    stop_event = threading.Event()
    thread = threading.Thread(
        target=run_worker,
        args=(app.state.db, sender_from_settings(settings), stop_event),
        name="outbox-worker",
        daemon=True,
    )
    thread.start()
    app.state.outbox_worker = _InAppWorker(thread, stop_event)


async def stop_in_app(app) -> None:
    """Litestar `on_shutdown` hook: let the worker finish the message it is sending."""
    worker = app.state.get("outbox_worker")
    if worker is None:
        return
    worker.stop_event.set()
    await asyncio.to_thread(worker.thread.join, SEND_TIMEOUT_SECONDS)
    app.state.pop("outbox_worker")
