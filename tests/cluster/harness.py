"""The production topology with local processes: app instances and a worker.

Two (or more) app instances (`inclusion serve`) on free ports and one `inclusion
worker` (outbox and scheduled jobs), each a process of its own, sharing a PostgreSQL
database and a Redis prefix, as a load balancer's instances and a worker machine would.
`bench/load.py` starts the same cluster.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from inclusion.db import migrate
from inclusion.db.engine import build_engine, normalise_url
from inclusion.loans.demo import load_demo_stock
from inclusion.places.demo import load_demo
from inclusion.sessions.demo import load_demo_sessions
from inclusion.settings import PROJECT_ROOT
from tests.servers import free_port

CLI = [sys.executable, "-c", "from inclusion.cli import main; main()"]
WORKER_COMMAND = [*CLI, "worker"]
READY_TIMEOUT_SECONDS = 30


def app_command(port: int, workers: int = 1, app: str | None = None) -> list[str]:
    """`inclusion serve`, as production runs it; uvicorn itself for another `app`."""
    if app is None:
        return [
            *CLI,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


@contextmanager
def cluster_database(admin_url: str) -> Iterator[str]:
    """A new database `cluster_<random>` on the server at `admin_url`, migrated and
    holding the demo places, sessions and lending stock; dropped afterwards."""
    admin_url = normalise_url(admin_url)
    # No pool: a fault test may restart the server while this engine waits to drop.
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"cluster_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        engine = build_engine(url)
        now = datetime.now(UTC)
        with Session(engine) as session:
            load_demo(session)
            load_demo_sessions(session, now)
            load_demo_stock(session, now)
            session.commit()
        engine.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Cluster:
    """Running app instances and a worker; the environment they share."""

    env: dict[str, str]
    logs: Path
    database_url: str = ""
    urls: list[str] = field(default_factory=list)
    instances: list[subprocess.Popen] = field(default_factory=list)
    worker: subprocess.Popen | None = None

    def start_instance(self, workers: int = 1) -> str:
        port = free_port()
        log = (self.logs / f"instance-{port}.log").open("w")
        process = subprocess.Popen(
            app_command(port, workers),
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        self.instances.append(process)
        self.urls.append(url)
        return url

    def wait_until_ready(self) -> None:
        for url, process in zip(self.urls, self.instances, strict=True):
            deadline = time.monotonic() + READY_TIMEOUT_SECONDS
            while True:
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the instance at {url} did not start:\n{self.log_text()}")
                time.sleep(0.1)

    def start_worker(self, *arguments: str) -> subprocess.Popen:
        log = (self.logs / "worker.log").open("a")
        self.worker = subprocess.Popen(
            [*WORKER_COMMAND, "--poll-seconds", "0.2", *arguments],
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return self.worker

    def kill_worker(self) -> int:
        """SIGKILL: the worker gets no chance to finish what it is sending."""
        assert self.worker is not None
        os.kill(self.worker.pid, signal.SIGKILL)
        code = self.worker.wait(timeout=10)
        self.worker = None
        return code

    def stop(self) -> None:
        processes = [*self.instances, *([self.worker] if self.worker else [])]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def log_text(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(self.logs.glob("*"))
        )


@contextmanager
def running_cluster(
    env: dict[str, str], logs: Path, instances: int = 2, workers_per_instance: int = 1
) -> Iterator[Cluster]:
    """`instances` app instances and one worker sharing `env`, stopped afterwards."""
    logs.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(env=env, logs=logs, database_url=env["DATABASE_URL"])
    try:
        for _ in range(instances):
            cluster.start_instance(workers_per_instance)
        cluster.wait_until_ready()
        cluster.start_worker()
        yield cluster
    finally:
        cluster.stop()
