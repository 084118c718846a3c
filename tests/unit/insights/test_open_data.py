"""The open data set hides small numbers of people: a count of 1 to 4 at a venue, a
second count where the total would give the first away, totals resting on fewer than
5 people, and any rate or average by venue."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from inclusion.i18n.formatting import LONDON
from inclusion.insights.figures import ImpactFigures
from inclusion.insights.figures_queries import Components
from inclusion.insights.months import Window
from inclusion.insights.open_data import (
    LICENCE_NAME,
    LICENCE_URL,
    SUPPRESSED,
    as_csv,
    as_json,
    open_data_rows,
)

NOW = datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)
VENUES = {1: ("alpha", "Alpha Library"), 2: ("beta", "Beta Library"), 3: ("gamma", "Gamma Hub")}


def figures(counts: dict[str, dict[tuple[int, int | None], int]], samples=None) -> ImpactFigures:
    components = Components()
    for name, cells in counts.items():
        for cell, count in cells.items():
            components.counts[name][cell] += count
    for name, cells in (samples or {}).items():
        for cell, values in cells.items():
            components.samples[name][cell].extend(values)
    return ImpactFigures(Window.complete_months(NOW, 2), components, None, VENUES, {})


def rows_for(data: ImpactFigures, measure: str, month: int = 0) -> dict[str, tuple]:
    return {
        row.venue: (row.value, row.suppressed)
        for row in open_data_rows(data)
        if row.measure.code == measure and row.month == data.window.months[month]
    }


def test_a_small_count_at_a_venue_is_hidden_with_the_next_smallest():
    data = figures({"places_booked": {(0, 1): 3, (0, 2): 10, (0, 3): 12}})
    rows = rows_for(data, "places_booked")
    assert rows["alpha"] == (3, True)
    assert rows["beta"] == (10, True)  # else 25 - 10 - 12 would give Alpha's 3 away
    assert rows["gamma"] == (12, False)
    assert rows["all"] == (25, False)


def test_two_small_counts_hide_each_other():
    data = figures({"places_booked": {(0, 1): 3, (0, 2): 2, (0, 3): 12}})
    rows = rows_for(data, "places_booked")
    assert rows["alpha"][1] and rows["beta"][1]
    assert rows["gamma"] == (12, False)


def test_a_small_total_hides_every_venue_with_it():
    data = figures({"places_booked": {(0, 1): 1, (0, 2): 2}})
    rows = rows_for(data, "places_booked")
    assert rows == {"all": (3, True), "alpha": (1, True), "beta": (2, True)}


def test_venues_with_nothing_to_count_have_no_row():
    data = figures({"places_booked": {(0, 1): 9}})
    assert set(rows_for(data, "places_booked")) == {"all", "alpha"}


def test_a_count_of_people_resting_on_a_larger_register_is_still_hidden_when_small():
    data = figures(
        {
            "attended": {(0, 1): 2, (0, 2): 9, (0, 3): 7},
            "attendance_booked": {(0, 1): 8, (0, 2): 10, (0, 3): 9},
        }
    )
    rows = rows_for(data, "attended")
    assert rows["alpha"] == (2, True)
    assert rows["gamma"] == (7, True)
    assert rows["beta"] == (9, False)


def test_rates_and_averages_are_never_published_by_venue():
    data = figures(
        {
            "attended": {(0, 1): 9},
            "attendance_booked": {(0, 1): 10},
            "devices_lent": {(0, 1): 6},
        },
        samples={"wait_days": {(0, 1): [1, 2, 3, 4, 5, 6]}},
    )
    assert set(rows_for(data, "attendance_rate")) == {"all"}
    assert set(rows_for(data, "average_wait_days")) == {"all"}
    assert rows_for(data, "attendance_rate")["all"] == (90, False)
    assert rows_for(data, "average_wait_days")["all"] == (3.5, False)


def test_a_rate_for_all_venues_resting_on_few_people_is_hidden():
    data = figures({"attended": {(0, 1): 3}, "attendance_booked": {(0, 1): 4}})
    assert rows_for(data, "attendance_rate")["all"] == (75, True)


def test_counts_that_are_not_people_are_not_hidden():
    data = figures({"sessions_run": {(0, 1): 1, (0, 2): 2}, "finder_searches": {(0, None): 3}})
    assert rows_for(data, "sessions_run") == {
        "all": (3, False),
        "alpha": (1, False),
        "beta": (2, False),
    }
    assert rows_for(data, "finder_searches")["all"] == (3, False)


def test_csv_writes_hidden_values_as_less_than_five_and_json_as_null():
    data = figures({"places_booked": {(0, 1): 3, (0, 2): 10, (0, 3): 12}})
    rows = open_data_rows(data)
    table = list(csv.DictReader(io.StringIO(as_csv(rows))))
    alpha = next(
        row for row in table if row["venue"] == "alpha" and row["measure"] == "places_booked"
    )
    assert alpha["value"] == SUPPRESSED
    assert "3" not in {
        row["value"] for row in table if row["venue"] == "alpha" and row["month"] == "2026-09"
    }
    document = as_json(rows, data, {"csv": "https://example.org/x.csv"}, NOW)
    hidden = [row for row in document["rows"] if row["suppressed"]]
    assert hidden and all(row["value"] is None for row in hidden)
    assert document["licence"]["name"] == LICENCE_NAME
    assert document["licence"]["url"] == LICENCE_URL
    assert document["period"] == {"from": "2026-09", "to": "2026-10"}


def test_a_small_count_at_the_only_venue_hides_the_total_that_would_give_it_away():
    # Feedback about no venue makes up the rest of the total.
    data = figures({"feedback_received": {(0, 1): 2, (0, None): 6}})
    rows = rows_for(data, "feedback_received")
    assert rows == {"all": (8, True), "alpha": (2, True)}
