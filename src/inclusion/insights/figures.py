"""The impact figures for a window of months: every measure (measures.py) worked out
from the counts figures_queries.py reads, for every venue or for one.

Every figure comes from the service's live tables and the anonymous daily counts;
none reads a name, an email, a phone number or anything a person wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from inclusion.insights import counters
from inclusion.insights import figures_queries as queries
from inclusion.insights.measures import (
    GUIDANCE_GOALS,
    VIEWED_GOALS,
    Cells,
    Measure,
    goal_of_path,
)
from inclusion.insights.months import Window

# Anonymous counters, by the component name the measures read them under.
COUNTER_COMPONENTS = {
    counters.FINDER_SEARCH: "finder_searches",
    counters.FINDER_NO_RESULT_NEARBY: "no_place_nearby",
    counters.TARIFF_CHECK: "checks_completed",
}
PAGE_COUNTERS = {counters.GUIDANCE_VIEW: "views", counters.GUIDANCE_PRINT: "prints"}


@dataclass
class PageFigures:
    """One guidance page over the whole window, for every venue together."""

    path: str
    views: int = 0
    prints: int = 0
    useful_yes: int = 0
    useful_no: int = 0

    @property
    def answers(self) -> int:
        return self.useful_yes + self.useful_no

    @property
    def found_useful(self) -> float | None:
        return 100 * self.useful_yes / self.answers if self.answers else None


@dataclass
class ImpactFigures:
    """The figures for a window of months, for every venue or for one."""

    window: Window
    components: queries.Components
    venue_id: int | None
    venues: dict[int, tuple[str, str]]  # place id -> (slug, name), the venues with figures
    waiting_now_by_venue: dict[int, int]
    pages: dict[str, PageFigures] = field(default_factory=dict)

    @property
    def month_indexes(self) -> range:
        return range(len(self.window.months))

    def _cells(self, measure: Measure, months: Iterable[int], place_id: int | None) -> Cells:
        places = None
        if measure.by_venue and place_id is not None:
            places = frozenset({place_id})
        return Cells(self.components, frozenset(months), places)

    def in_month(self, measure: Measure, month: int) -> float | None:
        return measure.compute(self._cells(measure, (month,), self.venue_id))

    def monthly(self, measure: Measure) -> list[float | None]:
        return [self.in_month(measure, month) for month in self.month_indexes]

    def total(self, measure: Measure) -> float | None:
        return measure.compute(self._cells(measure, self.month_indexes, self.venue_id))

    def at_venue(self, measure: Measure, place_id: int, month: int | None = None) -> float | None:
        months = self.month_indexes if month is None else (month,)
        return measure.compute(self._cells(measure, months, place_id))

    def people(
        self, measure: Measure, month: int | None = None, place_id: int | None = None
    ) -> int:
        """How many people stand behind a figure (0 if it counts no one)."""
        if measure.people is None:
            return 0
        months = self.month_indexes if month is None else (month,)
        places = None if place_id is None else frozenset({place_id})
        return Cells(self.components, frozenset(months), places).count(measure.people)

    @property
    def waiting_now(self) -> int:
        if self.venue_id is not None:
            return self.waiting_now_by_venue.get(self.venue_id, 0)
        return sum(self.waiting_now_by_venue.values())

    def venues_by_name(self) -> list[tuple[int, str, str]]:
        return sorted(
            ((pid, slug, name) for pid, (slug, name) in self.venues.items()), key=lambda v: v[2]
        )

    def pages_of(self, goal: str) -> list[PageFigures]:
        """The goal's guidance pages that were viewed, most viewed first."""
        pages = [
            page
            for path, page in self.pages.items()
            if goal_of_path(path) == goal and (page.views or page.prints)
        ]
        return sorted(pages, key=lambda page: (-page.views, page.path))


def impact_figures(
    session: Session, window: Window, now: datetime, venue_id: int | None = None
) -> ImpactFigures:
    components = queries.Components()
    queries.skills(session, window, components)
    queries.equipment(session, window, components)
    queries.listening(session, window, components)
    pages: dict[str, PageFigures] = {}
    _add_counters(session, window, components, pages)
    _add_page_answers(session, window, components, pages)
    # "responded": how many medians are taken from, for the open data's small-number rule.
    for cell, hours in components.samples["response_hours"].items():
        components.counts["responded"][cell] += len(hours)
    waiting = queries.waiting_now(session, now)
    place_ids = {place for counts in components.counts.values() for _, place in counts}
    venues = queries.venue_names(session, place_ids | set(waiting))
    return ImpactFigures(window, components, venue_id, venues, waiting, pages)


def _add_counters(
    session: Session,
    window: Window,
    components: queries.Components,
    pages: dict[str, PageFigures],
) -> None:
    for month, metric, key, total in queries.daily_counts(session, window, counters.METRICS):
        if metric in COUNTER_COMPONENTS:
            components.counts[COUNTER_COMPONENTS[metric]][(month, None)] += total
            continue
        goal = goal_of_path(key)
        if goal not in VIEWED_GOALS:
            continue
        kind = PAGE_COUNTERS[metric]
        components.counts[f"{kind}:{goal}"][(month, None)] += total
        page = pages.setdefault(key, PageFigures(key))
        setattr(page, kind, getattr(page, kind) + total)


def _add_page_answers(
    session: Session,
    window: Window,
    components: queries.Components,
    pages: dict[str, PageFigures],
) -> None:
    answers = queries.page_answers(session, window, tuple(GUIDANCE_GOALS))
    for month, path, useful, count in answers:
        goal = goal_of_path(path)
        if goal is None:
            continue
        answer = "yes" if useful else "no"
        components.counts[f"answers:{goal}"][(month, None)] += count
        components.counts[f"useful_{answer}:{goal}"][(month, None)] += count
        page = pages.setdefault(path, PageFigures(path))
        setattr(page, f"useful_{answer}", getattr(page, f"useful_{answer}") + count)


def venue_choice(session: Session, slug: str) -> tuple[int, str, str] | None:
    """The venue a filter names, as (id, slug, name); None for "every venue"."""
    return queries.venue_by_slug(session, slug[:120]) if slug else None


def all_venues(session: Session) -> list[tuple[str, str]]:
    """(slug, name) of every venue, by name: the filter's choices."""
    return queries.all_venues(session)
