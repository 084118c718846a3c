"""A worker killed mid-send neither loses a message nor sends one more than twice.

A real `inclusion worker` process sends through SmtpSender to a real SMTP server (aiosmtpd)
that holds back its reply to each message. The test kills the worker with SIGKILL
while the server holds the third message, then starts a new worker. What this shows:

- the two messages sent before the kill are not sent again (each is marked sent in
  its own transaction as soon as the server accepts it);
- the message being sent when the worker died reached the server and is sent once
  more by the next worker: it arrives twice, with the same Message-ID, so a
  delivery-side dedupe by Message-ID sees it once;
- the messages the dead worker had claimed but not started are sent once, by the
  next worker, after its claims expire;
- every message ends up sent, none twice more.

The claim lease is five minutes; rather than wait, the test moves the dead
worker's claims back by that much, as the clock would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter

from sqlalchemy import select

from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.notify.models import OutboxMessage, Status
from inclusion.notify.senders import message_id
from inclusion.notify.worker import CLAIM_LEASE
from inclusion.settings import Settings
from tests.integration.notify.conftest import add_reset_message

WORKER = [sys.executable, "-c", "from inclusion.cli import main; main()", "worker"]
MESSAGES = 5
KILLED_DURING = 3  # the third message is on its way when the worker dies


def start_worker(env, *arguments, log):
    return subprocess.Popen(
        [*WORKER, *arguments], env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )


def statuses(db) -> list[tuple[str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(OutboxMessage.status, OutboxMessage.claimed_by).order_by(OutboxMessage.id)
        ).all()
    return [tuple(row) for row in rows]


def test_a_worker_killed_mid_send_neither_loses_nor_duplicates_a_message(tmp_path, smtp_server):
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    migrate.upgrade(url)
    db = Database.from_url(url)
    with db.session() as session:
        messages = [add_reset_message(session, f"p{n}@example.org") for n in range(MESSAGES)]
    env = os.environ | {
        "DATABASE_URL": url,
        "INCLUSION_NOTIFY_SENDER": "smtp",
        "INCLUSION_SMTP_HOST": smtp_server.hostname,
        "INCLUSION_SMTP_PORT": str(smtp_server.port),
    }
    handler = smtp_server.handler
    handler.delay_seconds = 0.5
    log_path = tmp_path / "worker.log"

    with log_path.open("w") as log:
        first = start_worker(env, "--poll-seconds", "0.2", log=log)
        try:
            handler.wait_for(KILLED_DURING)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
    assert first.returncode == -signal.SIGKILL, log_path.read_text()

    after_kill = statuses(db)
    assert [status for status, _ in after_kill] == [Status.SENT] * 2 + [Status.SENDING] * 3
    dead_worker = after_kill[-1][1]

    with db.session() as session:
        for claimed in session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == Status.SENDING)
        ):
            claimed.claimed_at -= CLAIM_LEASE
    handler.delay_seconds = 0
    second = subprocess.run(
        [*WORKER, "--once"], env=env, capture_output=True, text=True, timeout=30
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Messages handled: 3." in second.stdout

    final = statuses(db)
    assert [status for status, _ in final] == [Status.SENT] * MESSAGES
    assert dead_worker not in {claimed_by for _, claimed_by in final[2:]}

    mail_from = Settings().mail_from
    expected = [message_id(message.reference, mail_from) for message in messages]
    deliveries = Counter(received["Message-ID"] for received in handler.messages)
    # Delivery-side dedupe by Message-ID: every message exactly once, none lost.
    assert sorted(deliveries) == sorted(expected)
    # Raw deliveries: only the message in flight at the kill arrived twice.
    assert deliveries == Counter(expected) + Counter([expected[KILLED_DURING - 1]])
    db.engine.dispose()
