"""A PostgreSQL and a Redis of a test's own, which it may stop and start again.

The machine's shared servers serve other test runs: an outage test never touches them.
PostgreSQL refuses to run as root, so as root its files belong to, and its server runs
as, the `postgres` account.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.conftest import skip_or_fail
from tests.servers import free_port

POSTGRES_BIN = Path(os.environ.get("INCLUSION_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def _has_postgres_account() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


class ThrowawayPostgres:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            _as_postgres(
                [str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *arguments]
            ),
            check=True,
            capture_output=True,
        )

    def create(self) -> None:
        if os.getuid() == 0:
            shutil.chown(self.directory, user="postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(POSTGRES_BIN / "initdb"),
                    "-D",
                    str(self.directory / "data"),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
            " -c fsync=off -c full_page_writes=off"
        )
        self._pg_ctl("-o", options, "-l", str(self.directory / "log"), "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")


@contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    if not (POSTGRES_BIN / "initdb").exists():
        skip_or_fail(f"no PostgreSQL binaries in {POSTGRES_BIN}", "INCLUSION_REQUIRE_POSTGRES")
    if os.getuid() == 0 and not _has_postgres_account():
        skip_or_fail("running as root without a postgres account", "INCLUSION_REQUIRE_POSTGRES")
    directory = Path(tempfile.mkdtemp(prefix="inclusion-pg-"))
    server = ThrowawayPostgres(directory)
    try:
        server.create()
        server.start()
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):  # already stopped
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


class ThrowawayRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
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
            ],
            stdout=subprocess.DEVNULL,
        )
        from redis import Redis

        client = Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except Exception:  # noqa: BLE001 - not listening yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed", "INCLUSION_REQUIRE_REDIS")
    server = ThrowawayRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()
