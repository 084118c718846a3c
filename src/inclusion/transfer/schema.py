"""What an export covers: every table the models declare, parents before children."""

from __future__ import annotations

from alembic.migration import MigrationContext
from sqlalchemy import Connection, Integer, Table, func, select, text

from inclusion.db.base import Base, all_models


def tables_in_dependency_order() -> list[Table]:
    """Parents first, so that a row's foreign keys point at rows already inserted."""
    all_models()
    return list(Base.metadata.sorted_tables)


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (None when it was never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def row_count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table))


def primary_key_order(table: Table) -> list:
    return list(table.primary_key.columns)


def reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """Move each PostgreSQL id sequence past the highest imported id.

    Rows arrive with their ids, which leaves the sequences at 1: the next booking made
    would otherwise collide with an imported one. SQLite needs nothing: it takes the
    next id from the table itself.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence is None:
                continue
            connection.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE(MAX("{column.name}"), 1), '
                    f'MAX("{column.name}") IS NOT NULL) FROM "{table.name}"'
                ),
                {"sequence": sequence},
            )
