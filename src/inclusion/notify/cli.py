"""`inclusion worker`: the outbox worker as a process of its own (production)."""

from __future__ import annotations

import logging
import signal
import threading

import click

from inclusion.db.engine import Database
from inclusion.notify.senders import sender_from_settings
from inclusion.notify.worker import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_POLL_SECONDS,
    default_worker_id,
    process_once,
    run_worker,
)
from inclusion.settings import Settings


@click.command()
@click.option("--once", is_flag=True, help="Send every message that is due, then stop.")
@click.option(
    "--poll-seconds",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_POLL_SECONDS,
    show_default=True,
    help="How long to wait when nothing is due.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="How many messages to claim at a time.",
)
def worker(once: bool, poll_seconds: float, batch_size: int) -> None:
    """Send the outbox's email and text messages (stop with Ctrl+C or SIGTERM)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings.from_environment()
    db = Database.from_url(settings.database_url)
    sender = sender_from_settings(settings)
    worker_id = default_worker_id()
    try:
        if once:
            total = 0
            while True:
                claimed = process_once(db, sender, worker_id, limit=batch_size)
                total += claimed
                if claimed < batch_size:
                    break
            click.echo(f"Messages handled: {total}.")
            return
        stop_event = threading.Event()
        # Finish the message on its way rather than die mid-send and leave it to the
        # lease: SIGTERM is how a deployment stops a worker.
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stop_event.set())
        run_worker(db, sender, stop_event, poll_seconds, batch_size, worker_id)
    finally:
        db.engine.dispose()
