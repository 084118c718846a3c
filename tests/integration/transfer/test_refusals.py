"""An import refuses the wrong file or the wrong database, and leaves nothing behind."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from inclusion.cli import main
from inclusion.db import migrate
from inclusion.transfer import TransferError
from inclusion.transfer.exporting import export_data
from inclusion.transfer.importing import import_data
from tests.conftest import fresh_postgresql_database
from tests.integration.transfer.conftest import table_rows


def _is_empty(url: str) -> bool:
    return not any(table_rows(url).values())


def test_refuses_a_database_that_already_holds_data(export_file, empty_sqlite_url):
    import_data(empty_sqlite_url, export_file)

    with pytest.raises(TransferError, match="already holds data .*empty, freshly migrated"):
        import_data(empty_sqlite_url, export_file)


def test_refuses_a_database_at_another_schema_revision(export_file, tmp_path):
    older = f"sqlite:///{tmp_path / 'older.sqlite3'}"
    migrate.upgrade(older, "0006")

    with pytest.raises(TransferError, match="revision 0007 but the database is at 0006"):
        import_data(older, export_file)


def test_refuses_a_database_never_migrated(export_file, tmp_path):
    with pytest.raises(TransferError, match="no schema yet: run 'inclusion db upgrade'"):
        import_data(f"sqlite:///{tmp_path / 'bare.sqlite3'}", export_file)


def test_refuses_a_file_that_is_not_an_export(empty_sqlite_url, tmp_path):
    not_gzip = tmp_path / "notes.txt"
    not_gzip.write_text("hello\n")
    other_json = tmp_path / "other.jsonl.gz"
    with gzip.open(other_json, "wt") as handle:
        handle.write(json.dumps({"format": "something-else"}) + "\n")

    for path in (not_gzip, other_json):
        with pytest.raises(TransferError, match="not an export file"):
            import_data(empty_sqlite_url, path)


def test_a_file_cut_short_imports_nothing(export_file, empty_sqlite_url, tmp_path):
    lines = gzip.decompress(export_file.read_bytes()).decode().splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress("".join(lines[: len(lines) // 2]).encode()))

    with pytest.raises(TransferError, match="cut short"):
        import_data(empty_sqlite_url, cut)
    assert _is_empty(empty_sqlite_url)


def test_a_damaged_file_imports_nothing(export_file, empty_sqlite_url, tmp_path):
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(export_file.read_bytes()[:-200])

    with pytest.raises(TransferError, match="damaged or cut short"):
        import_data(empty_sqlite_url, damaged)
    assert _is_empty(empty_sqlite_url)


@pytest.mark.postgres
def test_a_row_postgresql_refuses_rolls_back_the_whole_import(export_file, tmp_path):
    """SQLite keeps over-long text that PostgreSQL's column lengths refuse."""
    lines = gzip.decompress(export_file.read_bytes()).decode().splitlines(keepends=True)
    entries = [json.loads(line) for line in lines[1:]]
    last_place = max(i for i, entry in enumerate(entries) if entry["table"] == "places")
    entries[last_place]["row"]["slug"] = "x" * 5000
    bad = tmp_path / "bad.jsonl.gz"
    text = lines[0] + "".join(json.dumps(entry) + "\n" for entry in entries)
    bad.write_bytes(gzip.compress(text.encode()))

    with fresh_postgresql_database() as target:
        migrate.upgrade(target)
        with pytest.raises(TransferError, match="Could not import the table places: .*Nothing"):
            import_data(target, bad)
        assert _is_empty(target)


def test_export_will_not_overwrite_a_file(source_url, export_file):
    with pytest.raises(TransferError, match="already exists"):
        export_data(source_url, export_file)


def test_the_commands_report_one_clear_line(source_url, empty_sqlite_url, tmp_path):
    runner = CliRunner()
    path = tmp_path / "site.jsonl.gz"

    exported = runner.invoke(main, ["export", str(path)], env={"DATABASE_URL": source_url})
    assert exported.exit_code == 0, exported.output
    assert "places" in exported.output and path.exists()
    assert not list(tmp_path.glob("*.partial"))

    imported = runner.invoke(main, ["import", str(path)], env={"DATABASE_URL": empty_sqlite_url})
    assert imported.exit_code == 0, imported.output
    assert table_rows(empty_sqlite_url) == table_rows(source_url)

    again = runner.invoke(main, ["import", str(path)], env={"DATABASE_URL": empty_sqlite_url})
    assert again.exit_code == 1
    assert again.output.startswith("Error: The database already holds data")
    assert len(again.output.strip().splitlines()) == 1
    assert "Traceback" not in again.output
