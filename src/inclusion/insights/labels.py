"""What the impact pages call each figure, and how they write months and values.

Functions, not module constants: the words follow the language of the request.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from inclusion.i18n import _, ngettext
from inclusion.i18n.translations import current_locale
from inclusion.insights.measures import Measure, Unit

# How far back the dashboard looks, in months; this month so far is the last of them.
PERIODS = (3, 6, 12, 24)
DEFAULT_PERIOD = 12


def measure_labels() -> dict[str, str]:
    """By measure code; guidance measures read the same for every goal."""
    return {
        "sessions_run": _("Sessions run"),
        "places_booked": _("Places booked"),
        "attended": _("Attended"),
        "attendance_rate": _("Attendance rate"),
        "waiting_list_joined": _("Joined a waiting list"),
        "devices_lent": _("Devices lent"),
        "average_wait_days": _("Average wait for a device (days)"),
        "data_sims_given": _("Data SIMs given"),
        "finder_searches": _("Finder searches"),
        "no_place_nearby": _("Searches with no place nearby"),
        "no_place_nearby_rate": _("Share of searches with no place nearby"),
        "guidance_views": _("Page views"),
        "guidance_prints": _("Printed"),
        "checks_completed": _("Cheaper internet checks completed"),
        "page_answers": _("Answers to “Is this page useful?”"),
        "found_useful": _("Found the page useful"),
        "feedback_received": _("Feedback received"),
        "average_rating": _("Average rating (out of 5)"),
        "median_response_hours": _("Median time to first reply (hours)"),
        "feedback_closed": _("Feedback closed"),
        "changes_published": _("“You said, we did” changes published"),
    }


def short_labels() -> dict[str, str]:
    """Column headings, short enough for a table on a 320 pixel screen."""
    return {
        **measure_labels(),
        "sessions_run": _("Sessions"),
        "waiting_list_joined": _("Joined waiting list"),
        "average_wait_days": _("Average wait (days)"),
        "no_place_nearby": _("No place nearby"),
        "checks_completed": _("Checks completed"),
        "found_useful": _("Found useful"),
        "no_place_nearby_rate": _("Share with none nearby"),
        "page_answers": _("Answers"),
        "feedback_received": _("Received"),
        "average_rating": _("Average rating"),
        "median_response_hours": _("Median reply time (hours)"),
        "feedback_closed": _("Closed"),
        "changes_published": _("Changes published"),
    }


def label_of(measure: Measure) -> str:
    return measure_labels()[measure.code]


def month_short(month: date) -> str:
    """Mar, for a chart's axis."""
    return format_date(month, "LLL", locale=current_locale().babel)


def month_long(month: date) -> str:
    """March 2026, in the reader's language."""
    return format_date(month, "LLLL y", locale=current_locale().babel)


def month_table(month: date) -> str:
    """Mar 2026: a month in a narrow table."""
    return format_date(month, "LLL y", locale=current_locale().babel)


def show(value: float | None, unit: Unit) -> str | None:
    """A figure as the page writes it; None when there was nothing to measure."""
    if value is None:
        return None
    locale = current_locale().babel
    if unit == Unit.COUNT:
        return format_decimal(round(value), format="#,##0", locale=locale)
    if unit == Unit.PERCENT:
        return format_percent(value / 100, format="#,##0%", locale=locale)
    return format_decimal(value, format="#,##0.0", locale=locale)


def period_labels() -> dict[int, str]:
    return {
        months: ngettext("Last %(num)d month", "Last %(num)d months", months) for months in PERIODS
    }
