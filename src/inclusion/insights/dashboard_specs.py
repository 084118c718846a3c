"""Which figures the impact dashboard shows for each strategy goal, in what order, and
which of them it charts.

Goals come in the order a reader follows the service: devices and data (P1), skills
(P2), places (L1), then the guidance goals and, last, listening (C4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from inclusion.i18n import _
from inclusion.i18n.formatting import format_number
from inclusion.insights.counters import NEARBY_MILES


@dataclass(frozen=True)
class PanelSpec:
    heading: Callable[[], str]
    columns: tuple[str, ...]  # measure codes, the first one charted when `chart` is set
    chart: str | None = None  # "bar" or "line"


@dataclass(frozen=True)
class SectionSpec:
    goal: str
    summary: tuple[str, ...]
    panels: tuple[PanelSpec, ...]
    venue_columns: tuple[str, ...] = ()
    note: Callable[[], str] | None = None
    waiting_now: bool = False
    by_page: bool = False  # a table of the goal's guidance pages


def _guidance_section(goal: str) -> SectionSpec:
    return SectionSpec(
        goal,
        ("guidance_views", "guidance_prints", "found_useful"),
        (
            PanelSpec(
                lambda: _("Page views each month"),
                ("guidance_views", "guidance_prints", "found_useful"),
                "bar",
            ),
        ),
        note=lambda: _(
            "“Found the page useful” is the share of answers to “Is this page useful?” "
            "that said yes."
        ),
        by_page=True,
    )


SECTIONS = (
    SectionSpec(
        "P1",
        ("devices_lent", "average_wait_days", "data_sims_given"),
        (
            PanelSpec(
                lambda: _("Devices lent each month"),
                ("devices_lent", "average_wait_days", "data_sims_given"),
                "bar",
            ),
        ),
        venue_columns=("devices_lent", "data_sims_given"),
        note=lambda: _("The wait is from asking to borrow a device to taking it home."),
    ),
    SectionSpec(
        "P2",
        ("sessions_run", "places_booked", "attendance_rate", "waiting_list_joined"),
        (
            PanelSpec(
                lambda: _("Places booked each month"),
                ("places_booked", "sessions_run", "waiting_list_joined"),
                "bar",
            ),
            PanelSpec(lambda: _("Attendance each month"), ("attendance_rate", "attended"), "line"),
        ),
        venue_columns=("sessions_run", "places_booked", "attendance_rate"),
        note=lambda: _(
            "Places booked and attendance are for sessions that have taken place. Attendance "
            "counts only sessions whose register was taken. “Joined a waiting list” leaves "
            "out people who later got a place or left the list."
        ),
        waiting_now=True,
    ),
    SectionSpec(
        "L1",
        ("finder_searches", "no_place_nearby", "no_place_nearby_rate"),
        (
            PanelSpec(
                lambda: _("Finder searches each month"),
                ("finder_searches", "no_place_nearby", "no_place_nearby_rate"),
                "bar",
            ),
        ),
        note=lambda: _(
            "A search has no place nearby when nothing that matches it is within %(miles)s miles.",
            miles=format_number(NEARBY_MILES),
        ),
    ),
    _guidance_section("P3"),
    _guidance_section("P4"),
    SectionSpec(
        "P5",
        ("checks_completed", "page_answers", "found_useful"),
        (
            PanelSpec(
                lambda: _("Cheaper internet checks completed each month"),
                ("checks_completed", "page_answers", "found_useful"),
                "bar",
            ),
        ),
        note=lambda: _(
            "A check is completed when someone reaches the list of social tariffs that fit "
            "their answers. Their answers are not kept."
        ),
    ),
    _guidance_section("P6"),
    SectionSpec(
        "C4",
        (
            "feedback_received",
            "average_rating",
            "median_response_hours",
            "feedback_closed",
            "changes_published",
        ),
        (
            PanelSpec(
                lambda: _("Feedback received each month"),
                ("feedback_received", "average_rating", "median_response_hours"),
                "bar",
            ),
            PanelSpec(
                lambda: _("Feedback closed and changes published each month"),
                ("feedback_closed", "changes_published"),
            ),
        ),
        venue_columns=("feedback_received", "average_rating"),
        note=lambda: _("Reply times are for feedback that has had a first reply."),
    ),
)
