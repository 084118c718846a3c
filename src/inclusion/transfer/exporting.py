"""`inclusion export`: every table, read in one snapshot, written to one file."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from inclusion.db.engine import build_engine
from inclusion.transfer import TransferError
from inclusion.transfer.archive import Header, encode_line, open_for_writing
from inclusion.transfer.schema import (
    primary_key_order,
    row_count,
    schema_revision,
    tables_in_dependency_order,
)

BATCH_ROWS = 1000


def export_data(database_url: str, path: Path) -> dict[str, int]:
    """Write the whole data set to `path`; the number of rows written per table.

    The file appears only once complete, so an interrupted export leaves nothing that
    could be mistaken for a whole one.
    """
    if path.exists():
        raise TransferError(f"{path} already exists: choose a new file name.")
    engine = build_engine(database_url)
    partial = path.with_name(path.name + ".partial")
    try:
        # One repeatable-read transaction: the counts in the header and the rows that
        # follow come from the same moment, even while the site takes bookings.
        with (
            _snapshot_connection(engine) as connection,
            connection.begin(),
            open_for_writing(partial) as handle,
        ):
            header = _header(connection)
            handle.write(encode_line(header.as_json()))
            _write_rows(connection, handle)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        engine.dispose()
    return header.counts


def _snapshot_connection(engine: Engine) -> Connection:
    connection = engine.connect()
    # A SQLite transaction is already a snapshot in WAL mode; PostgreSQL's default
    # (read committed) would let each query see later commits.
    if engine.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def _header(connection: Connection) -> Header:
    revision = schema_revision(connection)
    if revision is None:
        raise TransferError("The database has no schema yet: there is nothing to export.")
    counts = {table.name: row_count(connection, table) for table in tables_in_dependency_order()}
    return Header(revision, datetime.now(UTC).isoformat(timespec="seconds"), counts)


def _write_rows(connection: Connection, handle) -> None:
    for table in tables_in_dependency_order():
        names = [column.name for column in table.columns]
        result = connection.execution_options(yield_per=BATCH_ROWS).execute(
            select(table).order_by(*primary_key_order(table))
        )
        for row in result:
            entry = {"table": table.name, "row": dict(zip(names, row, strict=True))}
            handle.write(encode_line(entry))
