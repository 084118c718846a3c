"""Before a process starts: valid settings, the database answering with the schema
this code expects, and Redis answering.

A problem ends the process with status 1 and one line on stderr for each problem,
never a traceback: whoever reads a deployment's log sees which variable to fix or
which server is not answering. Addresses in these lines never show a password.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from inclusion.config_check import configuration_problems
from inclusion.db.engine import build_engine, normalise_url
from inclusion.db.migrate import alembic_config
from inclusion.settings import InvalidSettings, Settings

CONNECT_TIMEOUT_SECONDS = 5


class StartupProblem(Exception):
    """What stops the process from starting; one sentence each in `problems`."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def valid_settings() -> Settings:
    """The settings from the environment, or StartupProblem with everything wrong."""
    try:
        settings = Settings.from_environment()
    except InvalidSettings as error:
        raise StartupProblem(error.problems) from None
    problems = configuration_problems(settings)
    if problems:
        raise StartupProblem(problems)
    return settings


def check_services(settings: Settings) -> None:
    """StartupProblem unless the database (and Redis, when set) answer."""
    problems = [
        problem
        for problem in (database_problem(settings.database_url), redis_problem(settings.redis_url))
        if problem
    ]
    if problems:
        raise StartupProblem(problems)


def settings_or_exit(*, reach_services: bool = False) -> Settings:
    """valid_settings() (and check_services()); on a problem, one line each on stderr
    and exit status 1."""
    try:
        settings = valid_settings()
        if reach_services:
            check_services(settings)
    except StartupProblem as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1) from None
    return settings


def database_problem(database_url: str) -> str | None:
    url = normalise_url(database_url)
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        if make_url(url).get_backend_name() == "postgresql":
            engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
        else:
            engine = build_engine(url)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
                revisions = set(MigrationContext.configure(connection).get_current_heads())
        finally:
            engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means it cannot be used
        return (
            f"Cannot reach the database at {shown} ({_first_line(error)}): check "
            "DATABASE_URL and that the database server is running."
        )
    wanted = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    if revisions != wanted:
        # Pages would fail one by one on a missing table or column.
        found = ", ".join(sorted(revisions)) or "none"
        return (
            f"The database at {shown} is at schema revision {found}, not "
            f"{', '.join(sorted(wanted))}: run 'inclusion db upgrade' first."
        )
    return None


def redis_problem(redis_url: str | None) -> str | None:
    if not redis_url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            redis_url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # noqa: BLE001 - any failure means it cannot be used
        return (
            f"Cannot reach Redis at {_without_password(redis_url)} ({_first_line(error)}): "
            "check REDIS_URL and that Redis is running."
        )
    return None


def _first_line(error: Exception) -> str:
    # SQLAlchemy wraps the driver's error and adds a second paragraph of links.
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))
