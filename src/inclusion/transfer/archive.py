"""The export file: gzip'd JSON Lines, a header line and then one line a row.

    {"format": "inclusion-export", "version": 1, "revision": "0007", "tables": {...}}
    {"table": "places", "row": {"id": 1, "name": "Wallsend Library", ...}}

The header names the schema revision and how many rows each table holds, so an import
can refuse the wrong file before it writes anything and notice a cut-short one.
Dates and times are ISO 8601 strings, turned back into values by the column's type.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Date, DateTime, Table, Time

from inclusion.transfer import TransferError

FORMAT = "inclusion-export"
VERSION = 1


@dataclass(frozen=True)
class Header:
    revision: str
    exported_at: str
    counts: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "revision": self.revision,
            "exported_at": self.exported_at,
            "tables": self.counts,
        }


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot export a {type(value).__name__}")


def encode_line(payload: dict[str, Any]) -> str:
    return json.dumps(payload, default=_encode, ensure_ascii=False, separators=(",", ":")) + "\n"


def _decoder(column: Column) -> Callable[[Any], Any] | None:
    column_type = getattr(column.type, "impl", column.type)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat
    if isinstance(column_type, Date):
        return date.fromisoformat
    if isinstance(column_type, Time):
        return time.fromisoformat
    return None


def row_decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Turn a row read from the file back into the values the table's columns take."""
    decoders = {c.name: d for c in table.columns if (d := _decoder(c)) is not None}
    known = {c.name for c in table.columns}

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        unknown = set(row) - known
        if unknown:
            raise TransferError(
                f"The file has columns the table {table.name} lacks: {', '.join(sorted(unknown))}."
            )
        for name, decode_value in decoders.items():
            if row.get(name) is not None:
                row[name] = decode_value(row[name])
        return row

    return decode


def open_for_writing(path: Path) -> IO[str]:
    return gzip.open(path, "wt", encoding="utf-8")


def read_header(handle: IO[str]) -> Header:
    try:
        header = json.loads(handle.readline() or "null")
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TransferError(f"This is not an export file ({error}).") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise TransferError("This is not an export file made by 'inclusion export'.")
    if header.get("version") != VERSION:
        raise TransferError(
            f"The file is in export format {header.get('version')}; "
            f"this version reads format {VERSION}."
        )
    return Header(header["revision"], header["exported_at"], dict(header["tables"]))


def read_rows(handle: IO[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each row as (table name, row), in the order written."""
    try:
        for number, line in enumerate(handle, start=2):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as error:
                raise TransferError(f"Line {number} of the file is not valid: {error}.") from error
            yield entry["table"], entry["row"]
    except (OSError, EOFError) as error:
        raise TransferError(f"The file is damaged or cut short ({error}).") from error
