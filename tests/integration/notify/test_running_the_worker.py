"""The two ways the worker runs: `inclusion worker`, and a thread of the web app."""

from __future__ import annotations

import time
from dataclasses import replace

from click.testing import CliRunner
from litestar import Litestar
from litestar.datastructures import State
from litestar.testing import TestClient

from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.notify.models import Status
from inclusion.notify.worker import start_in_app, stop_in_app
from inclusion.processes import worker
from inclusion.settings import Settings
from tests.integration.notify.conftest import add_reset_message, reload


def migrated_database(tmp_path) -> tuple[str, Database]:
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    migrate.upgrade(url)
    return url, Database.from_url(url)


def test_worker_once_sends_what_is_due_and_stops(tmp_path):
    url, db = migrated_database(tmp_path)
    with db.session() as session:
        message = add_reset_message(session)

    result = CliRunner().invoke(
        worker, ["--once"], env={"DATABASE_URL": url, "INCLUSION_NOTIFY_SENDER": "log"}
    )

    assert result.exit_code == 0, result.output
    assert "Messages handled: 1." in result.output
    assert reload(db, message.id).status == Status.SENT
    db.engine.dispose()


def app_with_worker(db: Database, run_worker_in_app: bool) -> Litestar:
    settings = replace(Settings(), run_worker_in_app=run_worker_in_app, notify_sender="log")
    return Litestar(
        route_handlers=[],
        on_startup=[start_in_app],
        on_shutdown=[stop_in_app],
        state=State({"settings": settings, "db": db}),
    )


def test_the_app_runs_the_worker_in_a_thread_when_told_to_and_stops_it(tmp_path):
    _, db = migrated_database(tmp_path)
    with db.session() as session:
        message = add_reset_message(session)
    app = app_with_worker(db, run_worker_in_app=True)

    with TestClient(app=app):
        thread = app.state.outbox_worker.thread
        assert thread.is_alive()
        deadline = time.monotonic() + 10
        while reload(db, message.id).status != Status.SENT:
            assert time.monotonic() < deadline, "the in-app worker sent nothing"
            time.sleep(0.02)

    assert not thread.is_alive()
    assert "outbox_worker" not in app.state
    db.engine.dispose()


def test_the_app_leaves_sending_to_a_separate_worker_by_default(tmp_path):
    _, db = migrated_database(tmp_path)
    with db.session() as session:
        message = add_reset_message(session)
    app = app_with_worker(db, run_worker_in_app=False)

    with TestClient(app=app):
        assert "outbox_worker" not in app.state
        time.sleep(0.1)

    assert reload(db, message.id).status == Status.PENDING
    db.engine.dispose()
