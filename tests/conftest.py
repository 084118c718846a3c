"""Shared fixtures: a migrated database per engine, rolled back after every test.

SQLite always runs. PostgreSQL runs when TEST_POSTGRES_URL or the local server
(127.0.0.1:5432) answers; otherwise its tests skip with the reason, unless
INCLUSION_REQUIRE_POSTGRES is set (as CI sets it), when they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from inclusion.db import migrate
from inclusion.db.engine import Database, build_engine, normalise_url
from inclusion.i18n.formatting import LONDON
from inclusion.places.demo import load_demo

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# A Wednesday in term time, mid-morning: every Customer First Centre is open.
WEDNESDAY_MORNING = datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)


def _required(variable: str) -> bool:
    return os.environ.get(variable, "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str, variable: str) -> None:
    if _required(variable):
        pytest.fail(f"{reason} ({variable} is set, so this cannot be skipped)")
    pytest.skip(reason)


def _postgres_admin_url() -> str:
    return normalise_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


@contextmanager
def fresh_postgresql_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards (skips when none answers)."""
    admin_url = _postgres_admin_url()
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "absent"
        skip_or_fail(
            f"PostgreSQL is not reachable at {admin_url}: {error}", "INCLUSION_REQUIRE_POSTGRES"
        )
    name = f"inclusion_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """The run's shared PostgreSQL database: tests change it only inside transactions
    that roll back (the `db` fixture)."""
    with fresh_postgresql_database() as url:
        yield url


@pytest.fixture(scope="module")
def own_postgresql_url() -> Iterator[str]:
    """A PostgreSQL database of the module's own, for tests whose servers commit."""
    with fresh_postgresql_database() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request) -> str:
    """Each integration test runs once per engine, on a migrated database with demo data."""
    url = request.getfixturevalue(f"{request.param}_url")
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        load_demo(session)
        session.commit()
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def engine(database_url):
    engine = build_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine) -> Iterator[Database]:
    """The app's database, inside a transaction that the test's end rolls back.

    The app's own commits become savepoint releases, so a test sees what it wrote and
    the next test starts from the demo data again.
    """
    connection = engine.connect()
    transaction = connection.begin()
    factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    try:
        yield Database(engine, session_factory=factory)
    finally:
        transaction.rollback()
        connection.close()


@pytest.fixture
def db_session(db) -> Iterator[Session]:
    with db.session() as session:
        yield session
