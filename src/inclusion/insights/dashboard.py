"""What the impact dashboard shows for each goal, built from ImpactFigures: a summary
for the period, a chart with its table for each month, a table by venue and, for
guidance, a table by page.

The page and its CSV download read the same sections, so the download holds exactly
what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from inclusion.feedback.labels import goal_labels
from inclusion.i18n import _
from inclusion.insights import charts
from inclusion.insights.dashboard_specs import SECTIONS, PanelSpec, SectionSpec
from inclusion.insights.figures import ImpactFigures
from inclusion.insights.labels import (
    label_of,
    month_long,
    month_short,
    month_table,
    short_labels,
    show,
)
from inclusion.insights.measures import BY_KEY, Measure, Unit


@dataclass
class Cell:
    value: float | None
    text: str | None  # None: nothing to measure


@dataclass
class Table:
    caption: str
    first_heading: str
    headings: list[str]
    rows: list[tuple[str, list[Cell]]]


@dataclass
class Panel:
    heading: str
    table: Table
    chart: Markup | None = None


@dataclass
class Section:
    goal: str
    heading: str
    summary: list[tuple[str, Cell]]
    panels: list[Panel]
    venue_table: Table | None = None
    pages_table: Table | None = None
    note: str | None = None
    by_venue: bool = True
    measures: list[Measure] = field(default_factory=list)
    venue_measures: list[Measure] = field(default_factory=list)


def _measure(goal: str, code: str) -> Measure:
    return BY_KEY[f"{goal}:{code}"]


def _cell(value: float | None, unit: Unit) -> Cell:
    return Cell(value, show(value, unit))


def _axis_text(unit: Unit) -> Callable[[float], str]:
    if unit == Unit.PERCENT:
        return lambda value: show(value, unit) or ""
    return lambda value: show(value, Unit.COUNT) if value == int(value) else show(value, Unit.DAYS)


def _description(measure: Measure, months: list[date], values: list[float | None]) -> str:
    known = [
        (value, month) for value, month in zip(values, months, strict=True) if value is not None
    ]
    if not known:
        return _("No figures for these months.")
    high = max(known, key=lambda pair: pair[0])
    low = min(known, key=lambda pair: pair[0])
    return _(
        "%(figure)s: highest %(high)s in %(high_month)s, lowest %(low)s in %(low_month)s. "
        "The table gives every month.",
        figure=label_of(measure),
        high=show(high[0], measure.unit),
        high_month=month_long(high[1]),
        low=show(low[0], measure.unit),
        low_month=month_long(low[1]),
    )


def _chart(
    kind: str, chart_id: str, title: str, measure: Measure, figures: ImpactFigures, values
) -> Markup:
    months = list(figures.window.months)
    points = [
        charts.Point(month_short(month), value, show(value, measure.unit) or "", str(month.year))
        for month, value in zip(months, values, strict=True)
    ]
    description = _description(measure, months, values)
    axis_text = _axis_text(measure.unit)
    if kind == "bar":
        return charts.bar_chart(chart_id, title, description, points, axis_text)
    top = 100 if measure.unit == Unit.PERCENT else None
    return charts.line_chart(chart_id, title, description, points, axis_text, top)


def _panel(spec: PanelSpec, goal: str, number: int, figures: ImpactFigures) -> Panel:
    measures = [_measure(goal, code) for code in spec.columns]
    columns = [figures.monthly(measure) for measure in measures]
    short = short_labels()
    heading = spec.heading()
    table = Table(
        caption=heading,
        first_heading=_("Month"),
        headings=[short[m.code] for m in measures],
        rows=[
            (
                month_table(month),
                [_cell(column[i], m.unit) for column, m in zip(columns, measures, strict=True)],
            )
            for i, month in enumerate(figures.window.months)
        ],
    )
    chart = None
    if spec.chart:
        chart_id = f"chart-{goal.lower()}-{number}"
        chart = _chart(spec.chart, chart_id, heading, measures[0], figures, columns[0])
    return Panel(heading, table, chart)


def _venue_table(spec: SectionSpec, figures: ImpactFigures) -> Table | None:
    if not spec.venue_columns or figures.venue_id is not None:
        return None
    measures = [_measure(spec.goal, code) for code in spec.venue_columns]
    rows = []
    for place_id, _slug, name in figures.venues_by_name():
        cells = [_cell(figures.at_venue(m, place_id), m.unit) for m in measures]
        if any(cell.value for cell in cells):
            rows.append((name, cells))
    if not rows:
        return None
    short = short_labels()
    return Table(
        caption=_("By venue, for the whole period"),
        first_heading=_("Venue"),
        headings=[short[m.code] for m in measures],
        rows=rows,
    )


def _pages_table(spec: SectionSpec, figures: ImpactFigures) -> Table | None:
    pages = figures.pages_of(spec.goal) if spec.by_page else []
    if not pages:
        return None
    short = short_labels()
    return Table(
        caption=_("By page, for the whole period"),
        first_heading=_("Page"),
        headings=[short[code] for code in ("guidance_views", "guidance_prints", "found_useful")],
        rows=[
            (
                page.path,
                [
                    _cell(page.views, Unit.COUNT),
                    _cell(page.prints, Unit.COUNT),
                    _cell(page.found_useful, Unit.PERCENT),
                ],
            )
            for page in pages
        ],
    )


def _summary(spec: SectionSpec, figures: ImpactFigures) -> list[tuple[str, Cell]]:
    measures = [_measure(spec.goal, code) for code in spec.summary]
    summary = [(label_of(m), _cell(figures.total(m), m.unit)) for m in measures]
    if spec.waiting_now:
        summary.append((_("On a waiting list now"), _cell(figures.waiting_now, Unit.COUNT)))
    return summary


def dashboard_sections(figures: ImpactFigures) -> list[Section]:
    goals = goal_labels()
    sections = []
    for spec in SECTIONS:
        codes = dict.fromkeys([*spec.summary, *(c for p in spec.panels for c in p.columns)])
        sections.append(
            Section(
                goal=spec.goal,
                heading=goals[spec.goal],
                summary=_summary(spec, figures),
                panels=[_panel(p, spec.goal, n, figures) for n, p in enumerate(spec.panels, 1)],
                venue_table=_venue_table(spec, figures),
                pages_table=_pages_table(spec, figures),
                note=spec.note() if spec.note else None,
                by_venue=any(_measure(spec.goal, code).by_venue for code in spec.summary),
                measures=[_measure(spec.goal, code) for code in codes],
                venue_measures=[_measure(spec.goal, code) for code in spec.venue_columns],
            )
        )
    return sections
