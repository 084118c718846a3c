"""Dates, times and numbers in the reader's locale (Europe/London wall time)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal

from inclusion.i18n.translations import current_locale, gettext, pgettext

LONDON = ZoneInfo("Europe/London")


def format_time_of_day(value: time | datetime) -> str:
    """9am, 9:30am, midday in English (GOV.UK style); the locale's short time elsewhere."""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).time()
    locale = current_locale()
    if locale.code != "en":
        return babel_format_time(value, format="short", locale=locale.babel)
    if value.hour == 12 and value.minute == 0:
        return pgettext("time of day", "midday")
    if value.hour == 0 and value.minute == 0:
        return pgettext("time of day", "midnight")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def format_day(value: date | datetime) -> str:
    """Tuesday 3 December (no year), in the locale's order; a moment's London date."""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    locale = current_locale()
    if locale.code == "en":
        return format_date(value, "EEEE d MMMM", locale="en_GB")
    return format_skeleton("MMMMEEEEd", value, locale=locale.babel)


def format_full_date(value: date) -> str:
    """20 November 2026 in English (GOV.UK style); the locale's long date elsewhere."""
    locale = current_locale()
    if locale.code == "en":
        return format_date(value, "d MMMM y", locale="en_GB")
    return format_date(value, "long", locale=locale.babel)


def format_weekday(weekday: int) -> str:
    """The name of a weekday (0 = Monday) in the locale."""
    monday = date(2024, 1, 1)
    return format_date(monday + timedelta(days=weekday), "EEEE", locale=current_locale().babel)


def format_miles(miles: float) -> str:
    number = format_decimal(round(miles, 1), format="#,##0.0", locale=current_locale().babel)
    if miles < 0.15:
        return gettext(
            "less than %(distance)s miles",
            distance=format_decimal(0.1, format="0.0", locale=current_locale().babel),
        )
    return gettext("%(distance)s miles", distance=number)


def format_number(value: int | float) -> str:
    return format_decimal(value, locale=current_locale().babel)


def relative_day(day: date, today: date) -> str:
    """today, tomorrow, a weekday this week, or a date further ahead."""
    delta = (day - today).days
    if delta == 0:
        return gettext("today")
    if delta == 1:
        return gettext("tomorrow")
    if 1 < delta < 7:
        return format_weekday(day.weekday())
    return format_day(day)
