"""The `inclusion export` and `inclusion import` commands."""

from __future__ import annotations

import os
from pathlib import Path

import click

from inclusion.preflight import settings_or_exit
from inclusion.transfer import TransferError


def _database_url() -> str:
    return settings_or_exit().database_url


def _show(counts: dict[str, int]) -> None:
    for table, count in counts.items():
        if count:
            click.echo(f"  {table:<24} {count:>9,}")


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(file: Path) -> None:
    """Write every table of the database to FILE (gzip'd JSON Lines)."""
    from inclusion.transfer.exporting import export_data

    try:
        counts = export_data(_database_url(), file)
    except TransferError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Exported {sum(counts.values()):,} rows to {file}:")
    _show(counts)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Load FILE, made by 'inclusion export', into an empty, freshly migrated database."""
    from inclusion.transfer.importing import import_data

    try:
        counts = import_data(_database_url(), file)
    except TransferError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Imported {sum(counts.values()):,} rows from {os.fspath(file)}:")
    _show(counts)
