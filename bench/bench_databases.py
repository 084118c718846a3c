"""Throwaway databases for the benchmarks, dropped afterwards even when a run fails."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from inclusion.db.engine import normalise_url

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


class Unavailable(Exception):
    """A server the benchmark would use is not there; that engine is skipped."""


@contextmanager
def postgresql_database() -> Iterator[str]:
    """A fresh database on the server at TEST_POSTGRES_URL (or the local one)."""
    admin_url = normalise_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "absent"
        admin.dispose()
        first_line = str(getattr(error, "orig", error)).splitlines()[0]
        raise Unavailable(f"not reachable at {admin_url}: {first_line}") from error
    name = f"inclusion_bench_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
