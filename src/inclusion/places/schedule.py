"""A place's opening status and its week ahead, from its rows, for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from inclusion.i18n.formatting import LONDON
from inclusion.places.hours import (
    ClosedDays,
    OpeningStatus,
    Period,
    is_bank_holiday,
    opening_status,
)
from inclusion.places.models import Place


def periods_of(place: Place) -> list[Period]:
    return [Period(h.weekday, h.opens_at, h.closes_at) for h in place.opening_hours]


def closures_of(place: Place) -> list[ClosedDays]:
    return [ClosedDays(c.starts_on, c.ends_on, c.reason) for c in place.closures]


def status_of(place: Place, now: datetime) -> OpeningStatus:
    return opening_status(periods_of(place), closures_of(place), now, place.opens_on_bank_holidays)


@dataclass(frozen=True)
class DayHours:
    day: date
    is_today: bool
    periods: list[tuple[time, time]]  # empty when closed
    closed_reason: str | None
    bank_holiday: bool


def week_ahead(place: Place, today: date) -> list[DayHours]:
    """Seven days from today: the hours each day, or why the place is shut."""
    periods = periods_of(place)
    closures = closures_of(place)
    week = []
    for offset in range(7):
        day = today + timedelta(days=offset)
        closure = next((c for c in closures if c.covers(day)), None)
        holiday = not place.opens_on_bank_holidays and is_bank_holiday(day)
        shut = closure is not None or holiday
        week.append(
            DayHours(
                day=day,
                is_today=offset == 0,
                periods=[]
                if shut
                else [(p.opens_at, p.closes_at) for p in periods if p.weekday == day.weekday()],
                closed_reason=closure.reason if closure else None,
                bank_holiday=holiday and closure is None,
            )
        )
    return week


def london_now() -> datetime:
    return datetime.now(LONDON)
