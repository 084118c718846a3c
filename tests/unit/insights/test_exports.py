"""CSV downloads cannot carry a formula into a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from inclusion.insights.exports import csv_text, number, safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x","y")', "+44", "-2", "@SUM(A1)", "\t=1", "\r=1", "\n=1"],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Wallsend Library", "", "2026-03", 12, -3, 2.5, None])
def test_everything_else_is_left_alone(value):
    assert safe_cell(value) == value


def test_csv_text_guards_every_cell_and_still_parses():
    text = csv_text(["Venue", "Value"], [["=cmd|' /C calc'!A0", 3], ['Say "hi", then', -1]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Venue", "Value"], ["'=cmd|' /C calc'!A0", "3"], ['Say "hi", then', "-1"]]


@pytest.mark.parametrize(
    ("value", "shown"), [(None, None), (3.0, 3), (2.25, 2.2), (66.666, 66.7), (0, 0)]
)
def test_numbers_are_whole_or_to_one_place(value, shown):
    assert number(value) == shown
