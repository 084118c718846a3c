"""`inclusion import`: load an export into an empty database in one transaction."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import SQLAlchemyError

from inclusion.db.engine import WRITE_OPTION, build_engine
from inclusion.transfer import TransferError
from inclusion.transfer.archive import Header, read_header, read_rows, row_decoder
from inclusion.transfer.schema import (
    reset_sequences,
    row_count,
    schema_revision,
    tables_in_dependency_order,
)

BATCH_ROWS = 1000


def import_data(database_url: str, path: Path) -> dict[str, int]:
    """Insert every row of the file; the number of rows imported per table.

    Either the whole file goes in or nothing does: any problem rolls back.
    """
    engine = build_engine(database_url)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = read_header(handle)
            with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
                tables = {table.name: table for table in tables_in_dependency_order()}
                _check_target(connection, header, tables)
                counts = _insert_rows(connection, read_rows(handle), tables)
                if counts != {name: n for name, n in header.counts.items() if n}:
                    raise TransferError(
                        "The file holds fewer rows than its header says: it was cut short. "
                        "Nothing was imported."
                    )
                reset_sequences(connection, list(tables.values()))
    finally:
        engine.dispose()
    return {name: counts.get(name, 0) for name in header.counts}


def _check_target(connection: Connection, header: Header, tables: dict[str, Table]) -> None:
    revision = schema_revision(connection)
    if revision is None:
        raise TransferError(
            "The database has no schema yet: run 'inclusion db upgrade' first, then import."
        )
    if revision != header.revision:
        raise TransferError(
            f"The file is from schema revision {header.revision} but the database is at "
            f"{revision}: bring both to the same revision with 'inclusion db upgrade', "
            "export again, then import."
        )
    unknown = set(header.counts) - set(tables)
    if unknown:
        listed = ", ".join(sorted(unknown))
        raise TransferError(f"The file has tables this version lacks: {listed}.")
    occupied = {
        name: count for name, table in tables.items() if (count := row_count(connection, table))
    }
    if occupied:
        listed = ", ".join(f"{name} ({count} rows)" for name, count in list(occupied.items())[:3])
        more = f" and {len(occupied) - 3} more tables" if len(occupied) > 3 else ""
        raise TransferError(
            f"The database already holds data ({listed}{more}): import only into an empty, "
            "freshly migrated database."
        )


def _insert_rows(
    connection: Connection, rows: Iterable[tuple[str, dict[str, Any]]], tables: dict[str, Table]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    batch: list[dict[str, Any]] = []
    current: Table | None = None
    decode = None
    for name, row in rows:
        if current is None or name != current.name:
            _flush(connection, current, batch)
            if name not in tables:
                raise TransferError(f"The file has rows for an unknown table {name}.")
            current, decode, batch = tables[name], row_decoder(tables[name]), []
        batch.append(decode(row))
        counts[name] = counts.get(name, 0) + 1
        if len(batch) >= BATCH_ROWS:
            _flush(connection, current, batch)
            batch = []
    _flush(connection, current, batch)
    return counts


def _flush(connection: Connection, table: Table | None, batch: list[dict[str, Any]]) -> None:
    if table is None or not batch:
        return
    try:
        connection.execute(insert(table), batch)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise TransferError(
            f"Could not import the table {table.name}: {reason}. Nothing was imported."
        ) from error
