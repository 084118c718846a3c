"""What each impact figure means: its goal, its unit, and how it is worked out from
counts kept per (month, venue) cell.

A figure for a month, a venue or a whole period comes from the same cells, and a rate
for a period is worked out from its totals, never as an average of monthly rates.

Guidance sections stand for goals: online safety is P4, careers P3, why get online
P6, cheaper internet P5.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from inclusion.insights.figures_queries import Cell, Components

GUIDANCE_GOALS = {
    "/careers": "P3",
    "/online-safety": "P4",
    "/cheaper-internet": "P5",
    "/why-get-online": "P6",
}
# Goals whose pages are guidance pages, with views and printed handouts counted
# (guidance/routes.py); cheaper internet counts completed checks instead.
VIEWED_GOALS = ("P3", "P4", "P6")


def goal_of_path(path: str) -> str | None:
    for prefix, goal in GUIDANCE_GOALS.items():
        if path == prefix or path.startswith(prefix + "/"):
            return goal
    return None


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"
    HOURS = "hours"
    RATING = "rating"  # 1 to 5


@dataclass(frozen=True)
class Cells:
    """The components of some months and venues, added up."""

    components: Components
    months: frozenset[int]
    places: frozenset[int | None] | None  # None: every venue, and figures with none

    def _chosen(self, cell: Cell) -> bool:
        month, place = cell
        return month in self.months and (self.places is None or place in self.places)

    def _few(self, kept: dict) -> bool:
        """Whether looking up each chosen cell beats scanning every kept one."""
        return self.places is not None and len(self.months) * len(self.places) < len(kept)

    def count(self, name: str) -> int:
        counts = self.components.counts.get(name)
        if not counts:
            return 0
        if self._few(counts):
            return sum(counts[(m, p)] for m in self.months for p in self.places or ())
        return sum(n for cell, n in counts.items() if self._chosen(cell))

    def samples(self, name: str) -> list[float]:
        kept = self.components.samples.get(name)
        if not kept:
            return []
        if self._few(kept):
            cells = [(m, p) for m in self.months for p in self.places or ()]
            return [value for cell in cells for value in kept.get(cell, ())]
        return [value for cell, values in kept.items() if self._chosen(cell) for value in values]


Compute = Callable[[Cells], float | None]


def _percent(part: str, whole: str) -> Compute:
    def compute(cells: Cells) -> float | None:
        total = cells.count(whole)
        return 100 * cells.count(part) / total if total else None

    return compute


def _share_useful(goal: str) -> Compute:
    def compute(cells: Cells) -> float | None:
        yes, no = cells.count(f"useful_yes:{goal}"), cells.count(f"useful_no:{goal}")
        return 100 * yes / (yes + no) if yes + no else None

    return compute


def _mean(name: str) -> Compute:
    def compute(cells: Cells) -> float | None:
        values = cells.samples(name)
        return statistics.fmean(values) if values else None

    return compute


def _median(name: str) -> Compute:
    def compute(cells: Cells) -> float | None:
        values = cells.samples(name)
        return statistics.median(values) if values else None

    return compute


def _ratio(total: str, count: str) -> Compute:
    def compute(cells: Cells) -> float | None:
        number = cells.count(count)
        return cells.count(total) / number if number else None

    return compute


def _count(name: str) -> Compute:
    return lambda cells: cells.count(name)


@dataclass(frozen=True)
class Measure:
    goal: str
    code: str
    unit: Unit
    compute: Compute
    by_venue: bool = False
    # The count of people behind the figure: the open data hides it when small.
    people: str | None = None

    @property
    def key(self) -> str:
        return f"{self.goal}:{self.code}"


def _guidance(goal: str) -> list[Measure]:
    if goal in VIEWED_GOALS:
        used = [
            Measure(goal, "guidance_views", Unit.COUNT, _count(f"views:{goal}")),
            Measure(goal, "guidance_prints", Unit.COUNT, _count(f"prints:{goal}")),
        ]
    else:
        used = [Measure(goal, "checks_completed", Unit.COUNT, _count("checks_completed"))]
    answers = f"answers:{goal}"
    return [
        *used,
        Measure(goal, "page_answers", Unit.COUNT, _count(answers), people=answers),
        Measure(goal, "found_useful", Unit.PERCENT, _share_useful(goal), people=answers),
    ]


def _venue_count(goal: str, code: str, people: str | None = None) -> Measure:
    """A count kept per venue; `people` when each one counted is a person."""
    return Measure(goal, code, Unit.COUNT, _count(code), True, people)


MEASURES: tuple[Measure, ...] = (
    _venue_count("P2", "sessions_run"),
    _venue_count("P2", "places_booked", "places_booked"),
    Measure("P2", "attended", Unit.COUNT, _count("attended"), True, "attendance_booked"),
    Measure(
        "P2",
        "attendance_rate",
        Unit.PERCENT,
        _percent("attended", "attendance_booked"),
        True,
        "attendance_booked",
    ),
    _venue_count("P2", "waiting_list_joined", "waiting_list_joined"),
    _venue_count("P1", "devices_lent", "devices_lent"),
    Measure("P1", "average_wait_days", Unit.DAYS, _mean("wait_days"), True, "devices_lent"),
    _venue_count("P1", "data_sims_given", "data_sims_given"),
    Measure("L1", "finder_searches", Unit.COUNT, _count("finder_searches")),
    Measure("L1", "no_place_nearby", Unit.COUNT, _count("no_place_nearby")),
    Measure(
        "L1", "no_place_nearby_rate", Unit.PERCENT, _percent("no_place_nearby", "finder_searches")
    ),
    *_guidance("P3"),
    *_guidance("P4"),
    *_guidance("P5"),
    *_guidance("P6"),
    _venue_count("C4", "feedback_received", "feedback_received"),
    Measure(
        "C4",
        "average_rating",
        Unit.RATING,
        _ratio("rating_total", "feedback_received"),
        True,
        "feedback_received",
    ),
    Measure(
        "C4", "median_response_hours", Unit.HOURS, _median("response_hours"), True, "responded"
    ),
    _venue_count("C4", "feedback_closed", "feedback_closed"),
    _venue_count("C4", "changes_published"),
)
BY_KEY = {measure.key: measure for measure in MEASURES}
