"""Throwaway PostgreSQL and Redis servers that a fault test may stop and start again.

The machine's own PostgreSQL and Redis serve everyone's tests, so a test that takes a
database away runs its own: `initdb` and `pg_ctl` in a temporary folder on a free
port (as the `postgres` user when the tests run as root, since PostgreSQL refuses
root), and `redis-server` on a free port with nothing saved to disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import skip_or_fail
from tests.servers import free_port

POSTGRES_BIN = Path(os.environ.get("INCLUSION_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresServer:
    """A PostgreSQL server of its own, in `folder`, on 127.0.0.1:`port`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_postgres_user(
                [
                    str(POSTGRES_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            _as_postgres_user(
                [
                    str(POSTGRES_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.folder / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        """Stop at once: open connections are cut, as when a database server fails."""
        subprocess.run(
            _as_postgres_user(
                [str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            check=True,
            capture_output=True,
        )

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text() if path.exists() else ""


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A new server in a temporary folder (outside pytest's, which the `postgres`
    user cannot enter), removed afterwards."""
    if not (POSTGRES_BIN / "initdb").exists():
        reason = f"PostgreSQL's programs are not in {POSTGRES_BIN}"
        skip_or_fail(reason, "INCLUSION_REQUIRE_POSTGRES")
    folder = Path(tempfile.mkdtemp(prefix="inclusion-postgres-"))
    server = PostgresServer(folder)
    try:
        server.create()
        server.start()
        yield server
    finally:
        subprocess.run(
            _as_postgres_user(
                [str(POSTGRES_BIN / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


class RedisServer:
    """A Redis server of its own on 127.0.0.1:`port`, keeping nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from redis import Redis

        client = Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def redis_server(folder: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed", "INCLUSION_REQUIRE_REDIS")
    server = RedisServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def wait_for(url: str, status: int, timeout: float = 30.0) -> None:
    """Wait until GET `url` answers `status`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = httpx.get(url, timeout=2).status_code
            if last == status:
                return
        except httpx.HTTPError as error:
            last = repr(error)
        time.sleep(0.2)
    raise AssertionError(f"{url} answered {last}, not {status}, for {timeout} s")
