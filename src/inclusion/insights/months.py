"""Calendar months in Europe/London, and how a query sorts a row into one.

Months are computed here, in Python, and handed to the database as plain bounds: a
moment is in month i when it is at or after bound i and before bound i + 1. Both
engines compare stored UTC moments (or plain dates) with those bounds the same way,
so a session at 00:30 on 1 April British Summer Time counts in April on SQLite and on
PostgreSQL alike, whatever either thinks about time zones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case

from inclusion.i18n.formatting import LONDON


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """Consecutive months, oldest first, counted up to `until` (not after it)."""

    months: tuple[date, ...]
    until: datetime

    @classmethod
    def last_months(cls, now: datetime, count: int) -> Window:
        """This month so far and the `count - 1` before it."""
        this_month = first_of_month(now.astimezone(LONDON).date())
        months = tuple(add_months(this_month, offset) for offset in range(1 - count, 1))
        return cls(months, now)

    @classmethod
    def complete_months(cls, now: datetime, count: int) -> Window:
        """The `count` months that have ended, the last one being last month."""
        this_month = first_of_month(now.astimezone(LONDON).date())
        months = tuple(add_months(this_month, offset) for offset in range(-count, 0))
        return cls(months, london_midnight(this_month))

    @property
    def first(self) -> date:
        return self.months[0]

    @property
    def last(self) -> date:
        return self.months[-1]

    def moment_bounds(self) -> list[datetime]:
        """Each month's first moment, then the end: the next month, or `until`."""
        starts = [london_midnight(month) for month in self.months]
        end = min(london_midnight(add_months(self.last, 1)), self.until)
        return [*starts, end]

    def day_bounds(self) -> list[date]:
        """Each month's first day, then the day after the last one counted."""
        end = min(add_months(self.last, 1), self.until.astimezone(LONDON).date() + timedelta(1))
        return [*self.months, end]

    def month_of(self, moment: datetime) -> int | None:
        """The index of the month a moment falls in, or None outside the window."""
        bounds = self.moment_bounds()
        if not bounds[0] <= moment < bounds[-1]:
            return None
        return max(i for i, start in enumerate(bounds[:-1]) if moment >= start)


def london_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)


def in_bounds(column, bounds: list) -> ColumnElement[bool]:
    return and_(column >= bounds[0], column < bounds[-1])


def month_index(column, bounds: list) -> ColumnElement[int]:
    """0 for the first month, 1 for the next...: for rows already within the bounds."""
    return case(
        *[(column < bound, index) for index, bound in enumerate(bounds[1:-1])],
        else_=len(bounds) - 2,
    )
