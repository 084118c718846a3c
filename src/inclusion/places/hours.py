"""Open now, closes at, next opens at: weekly hours less closures and bank holidays.

Every instant is compared in UTC: two Europe/London datetimes that share a tzinfo
compare by wall time alone, which is wrong across the October clock change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import holidays

from inclusion.i18n.formatting import LONDON

# How far ahead "next opens" looks; a place shut longer says "closed until further notice".
LOOKAHEAD_DAYS = 21


@dataclass(frozen=True)
class Period:
    weekday: int  # 0 = Monday
    opens_at: time
    closes_at: time  # not after opens_at: runs past midnight


@dataclass(frozen=True)
class ClosedDays:
    starts_on: date
    ends_on: date | None
    reason: str

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    closes_at: datetime | None = None  # local London time, when open
    next_opens_at: datetime | None = None  # local London time, when closed
    closed_reason: str | None = None  # why it is shut today, if a closure says
    bank_holiday: bool = False  # shut today for a bank holiday
    hours_known: bool = True  # False when no weekly hours are recorded at all


@cache
def _england_bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: date) -> bool:
    return day in _england_bank_holidays(day.year)


def _at(day: date, moment: time) -> datetime:
    # A wall time that the spring clock change skips resolves to the hour after it.
    return datetime.combine(day, moment, tzinfo=LONDON).astimezone(UTC)


def open_intervals(
    periods: Iterable[Period],
    closures: Iterable[ClosedDays],
    first_day: date,
    days: int,
    opens_on_bank_holidays: bool = False,
    bank_holiday: Callable[[date], bool] = is_bank_holiday,
) -> list[tuple[datetime, datetime]]:
    """UTC (start, end) intervals when the place is open, merged where they touch."""
    periods = list(periods)
    closures = list(closures)
    intervals: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if any(closure.covers(day) for closure in closures):
            continue
        if bank_holiday(day) and not opens_on_bank_holidays:
            continue
        for period in periods:
            if period.weekday != day.weekday():
                continue
            end_day = day if period.closes_at > period.opens_at else day + timedelta(days=1)
            intervals.append((_at(day, period.opens_at), _at(end_day, period.closes_at)))
    intervals.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def opening_status(
    periods: Iterable[Period],
    closures: Iterable[ClosedDays],
    now: datetime,
    opens_on_bank_holidays: bool = False,
) -> OpeningStatus:
    """Whether a place is open at `now` (an aware datetime) and when that changes."""
    now_utc = now.astimezone(UTC)
    today = now.astimezone(LONDON).date()
    periods = list(periods)
    closures = list(closures)
    if not periods:
        closure = next((c for c in closures if c.covers(today)), None)
        return OpeningStatus(
            False,
            closed_reason=closure.reason if closure else None,
            hours_known=closure is not None,
        )
    # Start a day early: a period that began yesterday evening may still be running.
    intervals = open_intervals(
        periods, closures, today - timedelta(days=1), LOOKAHEAD_DAYS + 1, opens_on_bank_holidays
    )
    for start, end in intervals:
        if start <= now_utc < end:
            return OpeningStatus(True, closes_at=end.astimezone(LONDON))
        if start > now_utc:
            return _closed(closures, today, opens_on_bank_holidays, start.astimezone(LONDON))
    return _closed(closures, today, opens_on_bank_holidays, None)


def _closed(
    closures: list[ClosedDays], today: date, opens_on_bank_holidays: bool, next_opens_at
) -> OpeningStatus:
    closure = next((c for c in closures if c.covers(today)), None)
    return OpeningStatus(
        False,
        next_opens_at=next_opens_at,
        closed_reason=closure.reason if closure else None,
        bank_holiday=closure is None and not opens_on_bank_holidays and is_bank_holiday(today),
    )
