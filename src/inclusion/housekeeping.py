"""Housekeeping for bookings, loans and feedback: the jobs that run on a clock, not a request.

Every pass, each in its own transaction:

1. unanswered waiting-list offers expire, and each place passes to the next person
   waiting (or is released);
2. reminders go to people whose session starts within 24 hours;
3. borrowers are reminded when a device is due back within 3 days, when it is overdue,
   and again a week later;
4. personal details on bookings are emptied `booking_retention_days` after their
   session ended, and on loan requests `loan_retention_days` after they finished:
   kept no longer than needed, while the counts stay for the figures;
5. contact details on feedback go `feedback_retention_months` after the item was
   closed; what the person said stays, with any address or number in it removed;
6. sent messages are deleted from the outbox after a while.

Offers come first so that a place passed on is offered as soon as possible. A job that
fails is logged and rolled back alone: the others still run, since a reminder should
not wait on a purge, and the next pass (a minute later) tries again.

Runs as `inclusion housekeeping` (production), or in a thread of the web process when
`settings.run_worker_in_app` is on (`make run`), like the outbox worker.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from inclusion.db.engine import Database
from inclusion.feedback.retention import erase_closed_contacts
from inclusion.loans.services import anonymise_finished, send_loan_reminders
from inclusion.notify import outbox
from inclusion.notify.outbox import utcnow
from inclusion.sessions.references import Links
from inclusion.sessions.services import anonymise_old_bookings, expire_offers, send_reminders
from inclusion.settings import Settings

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 60
# Long enough for a pass to finish; the thread is a daemon, so shutdown never hangs.
STOP_TIMEOUT_SECONDS = 30

# PostgreSQL advisory lock keys, one per job. Two copies of a job running at once (a
# web process with the loop inside and `inclusion housekeeping`, or two instances)
# would read the same rows: an expired offer would be passed on twice, giving one
# free place to two people, and a reminder would be sent twice. The lock makes the
# second copy skip its turn. SQLite needs none: every transaction there takes the
# write lock at BEGIN (db/engine.py), so a second copy waits and then reads the rows
# the first one changed.
_LOCK_KEYS = {
    "offers_expired": 0x4E540001,
    "reminders_sent": 0x4E540002,
    "bookings_anonymised": 0x4E540003,
    "messages_deleted": 0x4E540004,
    "loan_reminders_sent": 0x4E540005,
    "loans_anonymised": 0x4E540006,
    "feedback_contact_erased": 0x4E540007,
}

Job = Callable[[Session, Settings, datetime], int]


def expire_unanswered_offers(session: Session, settings: Settings, now: datetime) -> int:
    return expire_offers(session, Links.from_settings(settings), now)


def send_due_reminders(session: Session, settings: Settings, now: datetime) -> int:
    return send_reminders(session, Links.from_settings(settings), now)


def anonymise_expired_bookings(session: Session, settings: Settings, now: datetime) -> int:
    return anonymise_old_bookings(session, now, timedelta(days=settings.booking_retention_days))


def send_loan_messages(session: Session, settings: Settings, now: datetime) -> int:
    return send_loan_reminders(session, Links.from_settings(settings), now)


def anonymise_finished_loans(session: Session, settings: Settings, now: datetime) -> int:
    return anonymise_finished(session, now, timedelta(days=settings.loan_retention_days))


def erase_feedback_contacts(session: Session, settings: Settings, now: datetime) -> int:
    return erase_closed_contacts(session, now, settings.feedback_retention_months)


def delete_old_messages(session: Session, settings: Settings, now: datetime) -> int:
    return outbox.delete_old_messages(session, now)


# In this order: see the module's docstring.
JOBS: tuple[tuple[str, Job], ...] = (
    ("offers_expired", expire_unanswered_offers),
    ("reminders_sent", send_due_reminders),
    ("loan_reminders_sent", send_loan_messages),
    ("bookings_anonymised", anonymise_expired_bookings),
    ("loans_anonymised", anonymise_finished_loans),
    ("feedback_contact_erased", erase_feedback_contacts),
    ("messages_deleted", delete_old_messages),
)


def run_housekeeping(db: Database, settings: Settings, now: datetime) -> dict[str, int]:
    """Run every job once; how many bookings, loans or messages each dealt with. A job
    that failed (and was logged) is missing from the result."""
    results: dict[str, int] = {}
    for name, job in JOBS:
        try:
            with db.session() as session:
                results[name] = job(session, settings, now) if _take_lock(session, name) else 0
        except Exception:
            logger.exception("Housekeeping job %s failed; the others carry on", name)
    return results


def _take_lock(session: Session, name: str) -> bool:
    """Whether this transaction may run the job (see _LOCK_KEYS); held until it ends."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    taken = session.execute(
        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _LOCK_KEYS[name]}
    ).scalar_one()
    if not taken:
        logger.info("Housekeeping job %s is running elsewhere; skipped this time", name)
    return taken


def run_loop(
    db: Database,
    settings: Settings,
    stop_event: threading.Event,
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
) -> None:
    """A pass every `interval_seconds` until `stop_event` is set; the first at once."""
    logger.info("Housekeeping started, every %s seconds", interval_seconds)
    while not stop_event.is_set():
        try:
            results = run_housekeeping(db, settings, utcnow())
        except Exception:
            # run_housekeeping catches each job's failure; this is a last resort so
            # that nothing unexpected ends the loop for good.
            logger.exception("Housekeeping pass failed")
        else:
            if any(results.values()):
                logger.info("Housekeeping: %s", results)
        stop_event.wait(interval_seconds)
    logger.info("Housekeeping stopped")


@dataclass
class _InAppLoop:
    thread: threading.Thread
    stop_event: threading.Event


async def start_in_app(app) -> None:
    """Litestar `on_startup` hook: run the housekeeping loop in a thread of the web
    process when `settings.run_worker_in_app` is on (`make run`), so offers expire and
    reminders go out in development without a second command."""
    settings = app.state.settings
    if not settings.run_worker_in_app:
        return
    stop_event = threading.Event()
    thread = threading.Thread(
        target=run_loop,
        args=(app.state.db, settings, stop_event),
        name="housekeeping",
        daemon=True,
    )
    thread.start()
    app.state.housekeeping = _InAppLoop(thread, stop_event)


async def stop_in_app(app) -> None:
    """Litestar `on_shutdown` hook: let a pass in progress finish, then stop."""
    loop = app.state.get("housekeeping")
    if loop is None:
        return
    loop.stop_event.set()
    await asyncio.to_thread(loop.thread.join, STOP_TIMEOUT_SECONDS)
    app.state.pop("housekeeping")
