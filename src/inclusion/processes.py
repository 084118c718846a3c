"""The long-running processes: `inclusion serve` (the site) and `inclusion worker`
(the outbox and the housekeeping jobs).

Both check the settings, the database and Redis first (preflight.py), so a bad
deployment stops at once with a line naming what to fix. Any number of either may run
at once, on one machine or several: the outbox claims messages with
`FOR UPDATE SKIP LOCKED` and each housekeeping job takes an advisory lock
(notify/worker.py, housekeeping.py), so no message is sent twice and no job runs twice.
"""

from __future__ import annotations

import logging
import os
import signal
import tempfile
import threading

import click

from inclusion.db.engine import Database
from inclusion.notify.worker import DEFAULT_BATCH_SIZE, DEFAULT_POLL_SECONDS
from inclusion.preflight import settings_or_exit

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# The housekeeping thread is given this long to finish its pass when the worker stops.
HOUSEKEEPING_STOP_SECONDS = 30


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="INCLUSION_HOST")
@click.option("--port", default=8000, show_default=True, type=int, envvar="INCLUSION_PORT")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes serving requests [default: INCLUSION_WEB_WORKERS, or 1].",
)
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
def serve(host: str, port: int, workers: int | None, reload: bool) -> None:
    """Serve the site."""
    import uvicorn

    settings = settings_or_exit(reach_services=True)
    workers = workers or settings.web_workers
    if reload and workers > 1:
        raise click.UsageError("--reload serves with one process: leave out --workers.")
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker process counts its own requests; a directory they share lets any
        # of them answer /metrics for all (web/observability/metrics.py). A new one per
        # start, so counts from a previous run are never added in.
        shared = tempfile.mkdtemp(prefix="inclusion-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
    uvicorn.run(
        "inclusion.asgi:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        # The reverse proxy's address; "*" when it is on another machine of a private
        # network (a container), since only it can reach the app.
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # Access logs would record manage and set-up links, tokens included.
        access_log=False,
    )


@click.command()
@click.option("--once", is_flag=True, help="One housekeeping pass, send what is due, then stop.")
@click.option(
    "--housekeeping/--no-housekeeping",
    default=True,
    show_default=True,
    help="Also run the housekeeping jobs (offers, reminders, retention).",
)
@click.option(
    "--interval",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="Seconds between housekeeping passes.",
)
@click.option(
    "--poll-seconds",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_POLL_SECONDS,
    show_default=True,
    help="How long to wait when no message is due.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="How many messages to claim at a time.",
)
def worker(
    once: bool, housekeeping: bool, interval: int, poll_seconds: float, batch_size: int
) -> None:
    """Send the outbox's email and text messages and run housekeeping (stop with Ctrl+C
    or SIGTERM)."""
    from inclusion import housekeeping as jobs
    from inclusion.notify.outbox import utcnow
    from inclusion.notify.senders import sender_from_settings
    from inclusion.notify.worker import default_worker_id, process_once, run_worker

    settings = settings_or_exit(reach_services=True)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    db = Database.from_url(settings.database_url)
    sender = sender_from_settings(settings)
    worker_id = default_worker_id()
    try:
        if once:
            if housekeeping:
                results = jobs.run_housekeeping(db, settings, utcnow())
                for name, _job in jobs.JOBS:
                    label = name.replace("_", " ").capitalize()
                    click.echo(f"{label}: {results.get(name, 'failed (see the log)')}")
            total = 0
            while True:
                claimed = process_once(db, sender, worker_id, limit=batch_size)
                total += claimed
                if claimed < batch_size:
                    break
            click.echo(f"Messages handled: {total}.")
            if housekeeping and len(results) < len(jobs.JOBS):
                # A non-zero exit, so that a scheduler running --once notices.
                raise click.ClickException("A housekeeping job failed.")
            return
        stop_event = threading.Event()
        # Finish the message or pass on its way rather than die mid-send and leave it
        # to the lease: SIGTERM is how a deployment stops a worker.
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stop_event.set())
        loop = None
        if housekeeping:
            loop = threading.Thread(
                target=jobs.run_loop,
                args=(db, settings, stop_event, interval),
                name="housekeeping",
                daemon=True,
            )
            loop.start()
        run_worker(db, sender, stop_event, poll_seconds, batch_size, worker_id)
        if loop is not None:
            loop.join(HOUSEKEEPING_STOP_SECONDS)
    finally:
        db.engine.dispose()
