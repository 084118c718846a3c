"""The queue as a spreadsheet (CSV) for officers and the IT Board.

Least data: the texts people wrote, but never their name, email or phone number.
Safe to open: a cell a spreadsheet would read as a formula (=, +, -, @, a tab or a
carriage return first) starts with a single quote instead, and the file starts with a
byte order mark so Excel reads Arabic, Chinese, Polish, Romanian and Ukrainian right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from inclusion.feedback.staff_queries import QueueRow
from inclusion.i18n import _, pgettext
from inclusion.i18n.formatting import LONDON
from inclusion.sessions.references import format_reference

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell's text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _moment(value: datetime | None) -> str:
    return value.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") if value else ""


def headings() -> list[str]:
    return [
        _("Reference"),
        _("Received"),
        _("Status"),
        _("Topic"),
        _("About"),
        _("Venue"),
        _("Rating (1 to 5)"),
        _("Language"),
        _("Strategy goals"),
        _("Assigned to"),
        _("First response"),
        pgettext("feedback item closed on", "Closed"),
        _("Wanted a reply"),
        _("What happened"),
        _("What would help"),
    ]


def _cells(row: QueueRow, labels: Mapping[str, Mapping[str, str]]) -> list[Any]:
    item = row.item
    return [
        format_reference(item.reference),
        _moment(item.created_at),
        labels["status"].get(item.status, item.status),
        labels["topic"].get(item.topic, item.topic),
        item.about_label or "",
        row.venue_name or "",
        item.rating,
        item.locale,
        " ".join(row.goals),
        row.assignee_email or "",
        _moment(item.first_response_at),
        _moment(item.closed_at),
        _("Yes") if item.contact_method != "none" else _("No"),
        item.what_happened,
        item.what_would_help or "",
    ]


def feedback_csv(rows: Iterable[QueueRow], labels: Mapping[str, Mapping[str, str]]) -> bytes:
    """The rows as UTF-8 CSV with a byte order mark, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings())
    for row in rows:
        writer.writerow(neutralise(cell) for cell in _cells(row, labels))
    return out.getvalue().encode("utf-8-sig")
