"""CSV files of the impact figures: the dashboard's download, in the reader's language.

One row a figure (goal, figure, month, venue, page, value, unit): easy to filter or
pivot in a spreadsheet, and the same shape whatever the dashboard shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from inclusion.i18n import _
from inclusion.insights.dashboard import Section
from inclusion.insights.figures import ImpactFigures
from inclusion.insights.labels import label_of, short_labels

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def iso_month(month: date) -> str:
    return month.strftime("%Y-%m")


def number(value: float | None) -> float | int | None:
    """A figure as data: whole numbers without a decimal point, others to one place."""
    if value is None:
        return None
    return round(value, 1) if value != int(value) else int(value)


def dashboard_csv(figures: ImpactFigures, sections: list[Section], today: date) -> str:
    """What the dashboard shows, for the same period and venue."""
    months = figures.window.months
    whole = f"{iso_month(months[0])}/{iso_month(months[-1])}"
    everywhere = _("All venues")
    chosen = figures.venues.get(figures.venue_id, ("", everywhere))[1]
    waiting_label = _("On a waiting list now")
    rows: list[list[object]] = []

    def add(goal: str, figure: str, when: str, venue: str, value, unit: str, page="") -> None:
        shown = number(value)
        rows.append([goal, figure, when, venue, page, "" if shown is None else shown, unit])

    for section in sections:
        for measure in section.measures:
            venue, label = (chosen if measure.by_venue else everywhere), label_of(measure)
            add(section.goal, label, whole, venue, figures.total(measure), measure.unit)
            for month, value in zip(months, figures.monthly(measure), strict=True):
                add(section.goal, label, iso_month(month), venue, value, measure.unit)
        if section.goal == "P2":
            add("P2", waiting_label, today.isoformat(), chosen, figures.waiting_now, "count")
        if section.venue_table is not None:
            for place_id, _slug, name in figures.venues_by_name():
                for measure in section.venue_measures:
                    if value := figures.at_venue(measure, place_id):
                        add(section.goal, label_of(measure), whole, name, value, measure.unit)
                waiting = figures.waiting_now_by_venue.get(place_id)
                if section.goal == "P2" and waiting:
                    add("P2", waiting_label, today.isoformat(), name, waiting, "count")
        if section.pages_table is not None:
            short = short_labels()
            for page in figures.pages_of(section.goal):
                for code, value, unit in (
                    ("guidance_views", page.views, "count"),
                    ("guidance_prints", page.prints, "count"),
                    ("found_useful", page.found_useful, "percent"),
                ):
                    add(section.goal, short[code], whole, everywhere, value, unit, page.path)
    header = [_("Goal"), _("Figure"), _("Month"), _("Venue"), _("Page"), _("Value"), _("Unit")]
    return csv_text(header, rows)
