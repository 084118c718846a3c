"""Opening hours: periods, lunch breaks, midnight, closures, bank holidays, clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from inclusion.i18n.formatting import LONDON
from inclusion.places.hours import ClosedDays, Period, is_bank_holiday, opening_status

WEEKDAY_HOURS = [Period(d, time(9), time(17, 30)) for d in range(5)] + [
    Period(5, time(9), time(13))
]
BRANCH_HOURS = [
    Period(1, time(9), time(13)),
    Period(1, time(14), time(17, 30)),
    Period(3, time(9), time(13)),
    Period(3, time(14), time(17, 30)),
]


def at(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def test_open_in_the_middle_of_a_weekday():
    status = opening_status(WEEKDAY_HOURS, [], at(2026, 11, 25, 11))
    assert status.is_open
    assert status.closes_at == at(2026, 11, 25, 17, 30)


def test_closed_at_closing_time_exactly_and_opens_next_morning():
    status = opening_status(WEEKDAY_HOURS, [], at(2026, 11, 25, 17, 30))
    assert not status.is_open
    assert status.next_opens_at == at(2026, 11, 26, 9)


def test_saturday_afternoon_waits_until_monday():
    status = opening_status(WEEKDAY_HOURS, [], at(2026, 11, 28, 14))
    assert status.next_opens_at == at(2026, 11, 30, 9)


def test_lunch_break_closes_then_reopens_the_same_day():
    tuesday = (2026, 11, 24)
    assert opening_status(BRANCH_HOURS, [], at(*tuesday, 12)).closes_at == at(*tuesday, 13)
    lunch = opening_status(BRANCH_HOURS, [], at(*tuesday, 13, 30))
    assert not lunch.is_open
    assert lunch.next_opens_at == at(*tuesday, 14)


def test_touching_periods_merge_into_one_opening():
    periods = [Period(2, time(9), time(13)), Period(2, time(13), time(17))]
    assert opening_status(periods, [], at(2026, 11, 25, 10)).closes_at == at(2026, 11, 25, 17)


def test_period_across_midnight_is_open_both_sides_of_it():
    late = [Period(4, time(22), time(2))]  # Friday 10pm to Saturday 2am
    friday_night = opening_status(late, [], at(2026, 11, 27, 23))
    assert friday_night.is_open
    assert friday_night.closes_at == at(2026, 11, 28, 2)
    saturday_early = opening_status(late, [], at(2026, 11, 28, 1))
    assert saturday_early.is_open
    assert not opening_status(late, [], at(2026, 11, 28, 3)).is_open


def test_a_closure_shuts_the_day_and_says_why():
    closure = ClosedDays(date(2026, 11, 25), date(2026, 11, 25), "Staff training")
    status = opening_status(WEEKDAY_HOURS, [closure], at(2026, 11, 25, 11))
    assert not status.is_open
    assert status.closed_reason == "Staff training"
    assert status.next_opens_at == at(2026, 11, 26, 9)


def test_an_open_ended_closure_never_reopens():
    closure = ClosedDays(date(2020, 3, 23), None, "Rebuilding")
    status = opening_status(WEEKDAY_HOURS, [closure], at(2026, 11, 25, 11))
    assert not status.is_open
    assert status.next_opens_at is None
    assert status.closed_reason == "Rebuilding"


def test_bank_holidays_close_unless_the_place_opens_on_them():
    christmas = at(2026, 12, 25, 11)  # a Friday
    assert is_bank_holiday(christmas.date())
    shut = opening_status(WEEKDAY_HOURS, [], christmas)
    assert not shut.is_open
    assert shut.bank_holiday
    # Boxing Day is a Saturday, and its substitute bank holiday is Monday 28 December.
    assert shut.next_opens_at == at(2026, 12, 29, 9)
    assert opening_status(WEEKDAY_HOURS, [], christmas, opens_on_bank_holidays=True).is_open


def test_august_bank_holiday_is_englands_not_scotlands():
    assert is_bank_holiday(date(2026, 8, 31))  # last Monday in August (England)
    assert not is_bank_holiday(date(2026, 8, 3))  # first Monday in August (Scotland)


def test_autumn_clock_change_keeps_wall_clock_hours():
    # Clocks go back at 2am on Sunday 25 October 2026; a Saturday evening period that
    # runs past midnight ends at 2am GMT, 5 hours after 10pm BST that evening.
    late = [Period(5, time(22), time(2))]
    status = opening_status(late, [], at(2026, 10, 24, 23))
    assert status.is_open
    assert status.closes_at.hour == 2
    # Subtract in UTC: two datetimes sharing a tzinfo subtract as wall-clock times.
    elapsed = status.closes_at.astimezone(UTC) - at(2026, 10, 24, 22).astimezone(UTC)
    assert elapsed.total_seconds() == 5 * 3600


def test_spring_clock_change_skipped_hour():
    # Clocks go forward at 1am on Sunday 29 March 2026: a 1:30am opening does not exist
    # that night, and resolves to the hour after the jump rather than failing.
    early = [Period(6, time(1, 30), time(4))]
    status = opening_status(early, [], at(2026, 3, 29, 0, 30))
    assert not status.is_open
    assert status.next_opens_at.astimezone(LONDON).hour == 2


def test_usual_hours_either_side_of_the_clock_change():
    before = opening_status(WEEKDAY_HOURS, [], at(2026, 10, 23, 18))  # Friday, BST
    assert before.next_opens_at == at(2026, 10, 24, 9)
    after = opening_status(WEEKDAY_HOURS, [], at(2026, 10, 24, 14))  # Saturday afternoon
    assert after.next_opens_at == at(2026, 10, 26, 9)  # Monday 9am GMT
    assert after.next_opens_at.utcoffset().total_seconds() == 0


def test_no_hours_at_all_is_unknown_not_closed_forever():
    status = opening_status([], [], at(2026, 11, 25, 11))
    assert not status.hours_known


@pytest.mark.parametrize("hour", range(24))
def test_status_is_always_consistent(hour):
    status = opening_status(BRANCH_HOURS, [], at(2026, 11, 26, hour))
    if status.is_open:
        assert status.closes_at > at(2026, 11, 26, hour)
    else:
        assert status.next_opens_at > at(2026, 11, 26, hour)
