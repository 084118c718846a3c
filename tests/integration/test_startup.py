"""`inclusion serve` and `inclusion worker` as a deployment runs them: real processes.

A bad setting or a server that does not answer ends either command with status 1 and
one line on stderr, not a traceback; with good settings `serve` answers with several
workers and `worker --once` runs housekeeping and sends what is queued.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.notify.models import Status
from inclusion.settings import PROJECT_ROOT
from tests.integration.notify.conftest import add_reset_message, reload
from tests.servers import free_port

INCLUSION = [sys.executable, "-c", "from inclusion.cli import main; main()"]
COMMANDS = [["serve", "--port", "0"], ["worker", "--once"]]
TIMEOUT_SECONDS = 60


def clean_environment(tmp_path, **settings: str) -> dict[str, str]:
    """This machine's environment without any of the service's own settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("INCLUSION_") and name not in ("DATABASE_URL", "REDIS_URL")
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'startup.sqlite3'}"
    env["INCLUSION_SESSION_DIR"] = str(tmp_path / "sessions")
    return {**env, **settings}


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*INCLUSION, *command],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )


def assert_refused_in_one_line(result: subprocess.CompletedProcess, beginning: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(beginning), lines[0]


def production(tmp_path, **settings: str) -> dict[str, str]:
    return clean_environment(
        tmp_path,
        INCLUSION_ENV="production",
        DATABASE_URL="postgresql://inclusion@127.0.0.1:5432/inclusion",
        REDIS_URL="redis://127.0.0.1:6379/0",
        INCLUSION_BASE_URL="https://getonline.example.org",
        INCLUSION_HTTPS="true",
        INCLUSION_NOTIFY_SENDER="smtp",
        INCLUSION_SMTP_HOST="smtp.example.org",
        **settings,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_that_does_not_answer_is_one_line(tmp_path, command):
    closed = free_port()
    env = clean_environment(tmp_path, DATABASE_URL=f"postgresql://app:pw@127.0.0.1:{closed}/x")

    result = run(command, env)

    assert_refused_in_one_line(result, "Cannot reach the database at postgresql+psycopg://app:***@")
    assert "pw" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_not_yet_migrated_is_one_line(tmp_path, command):
    env = clean_environment(tmp_path)

    result = run(command, env)

    assert_refused_in_one_line(result, "The database at sqlite:///")
    assert result.stderr.endswith("run 'inclusion db upgrade' first.\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_url_of_an_unknown_kind_is_one_line(tmp_path, command):
    env = clean_environment(tmp_path, DATABASE_URL="mysql://db.example.org/inclusion")

    assert_refused_in_one_line(run(command, env), "DATABASE_URL is not a database address")


@pytest.mark.parametrize("command", COMMANDS)
def test_production_without_a_secret_key_is_one_line(tmp_path, command):
    result = run(command, production(tmp_path))

    assert_refused_in_one_line(result, "INCLUSION_SECRET_KEY is missing")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_redis_that_does_not_answer_is_one_line(tmp_path, command):
    env = clean_environment(tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    migrate.upgrade(env["DATABASE_URL"])

    assert_refused_in_one_line(run(command, env), "Cannot reach Redis at redis://127.0.0.1:")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_number_that_is_not_one_is_one_line(tmp_path, command):
    env = clean_environment(tmp_path, INCLUSION_SMTP_PORT="abc")

    assert_refused_in_one_line(
        run(command, env), "INCLUSION_SMTP_PORT must be a whole number, not 'abc'."
    )


def test_other_commands_refuse_bad_settings_the_same_way(tmp_path):
    env = clean_environment(tmp_path, INCLUSION_BOOKING_RETENTION_DAYS="0")

    assert_refused_in_one_line(
        run(["purge"], env), "INCLUSION_BOOKING_RETENTION_DAYS must be more than 0"
    )


def test_worker_once_runs_housekeeping_and_sends_what_is_queued(tmp_path):
    env = clean_environment(tmp_path, INCLUSION_NOTIFY_SENDER="log")
    migrate.upgrade(env["DATABASE_URL"])
    db = Database.from_url(env["DATABASE_URL"])
    with db.session() as session:
        message = add_reset_message(session)

    result = run(["worker", "--once"], env)

    assert result.returncode == 0, result.stderr
    assert "Offers expired: 0" in result.stdout
    assert "Messages deleted: 0" in result.stdout
    assert "Messages handled: 1." in result.stdout
    assert reload(db, message.id).status == Status.SENT
    db.engine.dispose()


def test_serve_answers_with_several_workers_and_stops_on_sigterm(tmp_path):
    env = clean_environment(tmp_path)
    migrate.upgrade(env["DATABASE_URL"])
    port = free_port()
    server = subprocess.Popen(
        [*INCLUSION, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    answered = 0
    try:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    answered += 1
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "inclusion serve did not answer"
            time.sleep(0.2)
        for _ in range(20):  # new connections, so both processes answer some
            assert httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
            answered += 1
        scrapes = [httpx.get(f"http://127.0.0.1:{port}/metrics").text for _ in range(4)]
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=TIMEOUT_SECONDS)

    # Whichever process answers the scrape counts every process's requests.
    assert {healthz_requests(scrape) for scrape in scrapes} == {answered}, scrapes[0]

    assert "Started parent process" in output
    assert output.count("Started server process") == 2, output


def healthz_requests(exposition: str) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    return sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == "inclusion_http_requests_total"
        and sample.labels.get("route") == "/healthz"
    )
