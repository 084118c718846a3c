"""Calendar months in Europe/London: windows of months, and which month a moment is in,
across year ends and the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inclusion.i18n.formatting import LONDON
from inclusion.insights.months import Window, add_months, first_of_month, london_midnight

NOW = datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("month", "count", "expected"),
    [
        (date(2026, 11, 1), 1, date(2026, 12, 1)),
        (date(2026, 11, 1), 2, date(2027, 1, 1)),
        (date(2026, 1, 1), -1, date(2025, 12, 1)),
        (date(2026, 3, 1), -27, date(2023, 12, 1)),
        (date(2026, 3, 1), 0, date(2026, 3, 1)),
    ],
)
def test_add_months(month, count, expected):
    assert add_months(month, count) == expected


def test_last_months_ends_with_this_month_so_far():
    window = Window.last_months(NOW, 12)
    assert window.first == date(2025, 12, 1)
    assert window.last == date(2026, 11, 1)
    assert len(window.months) == 12
    assert window.moment_bounds()[-1] == NOW  # not the end of November
    assert window.day_bounds()[-1] == date(2026, 11, 26)  # today counts


def test_complete_months_end_with_last_month():
    window = Window.complete_months(NOW, 24)
    assert window.first == date(2024, 11, 1)
    assert window.last == date(2026, 10, 1)
    assert window.moment_bounds()[-1] == london_midnight(date(2026, 11, 1))
    assert window.day_bounds()[-1] == date(2026, 11, 1)


def test_this_month_is_london_month_even_when_utc_is_still_in_the_last():
    # 00:30 on 1 June in London is 23:30 on 31 May in UTC.
    just_after_midnight = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    assert Window.last_months(just_after_midnight, 1).months == (date(2026, 6, 1),)


@pytest.mark.parametrize(
    ("moment", "month"),
    [
        # British Summer Time: 00:30 on 1 April London is 23:30 on 31 March UTC.
        (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), date(2026, 4, 1)),
        (datetime(2026, 3, 31, 22, 59, tzinfo=UTC), date(2026, 3, 1)),
        # Greenwich Mean Time: midnight is midnight.
        (datetime(2026, 1, 1, 0, 0, tzinfo=UTC), date(2026, 1, 1)),
        (datetime(2025, 12, 31, 23, 59, tzinfo=UTC), date(2025, 12, 1)),
        # 00:30 on 1 October is still summer time; by the end of October it is not.
        (datetime(2026, 9, 30, 23, 30, tzinfo=UTC), date(2026, 10, 1)),
        (datetime(2026, 10, 31, 23, 30, tzinfo=UTC), date(2026, 10, 1)),
    ],
)
def test_a_moment_is_in_its_london_month(moment, month):
    window = Window.last_months(NOW, 12)
    assert window.months[window.month_of(moment)] == month


def test_moments_outside_the_window_are_in_no_month():
    window = Window.last_months(NOW, 12)
    assert window.month_of(datetime(2025, 11, 30, 23, 59, tzinfo=LONDON)) is None
    assert window.month_of(NOW) is None  # the end is not counted
    assert window.month_of(datetime(2025, 12, 1, 0, 0, tzinfo=LONDON)) == 0


def test_first_of_month():
    assert first_of_month(date(2026, 2, 28)) == date(2026, 2, 1)
