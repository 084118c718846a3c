"""Charts drawn on the server as SVG: no JavaScript, no images to fetch.

Each chart is `role="img"` with a <title> (its accessible name) and a <desc> (what it
shows, in a sentence); the table beside it on the page is the full equivalent. The
drawing is sized by its viewBox alone, so it shrinks with its column: at 320 CSS pixels
its 15-unit text is still about 11 pixels high. Labels that would not fit are left
out (every other month, values over narrow bars) rather than drawn over each other.

Colours, on white: bars and lines in the council's dark teal #0b4144 (11.3:1), text
#0b0c0c (19:1), axis #505a5f (7:1), gridlines #b1b4b6 (decoration only: every value is
also written as text, on the chart or in the table). One series a chart, so colour
never has to tell two things apart; a line has a marker at every point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

DATA_COLOUR = "#0b4144"
TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"
GRID_COLOUR = "#b1b4b6"

WIDTH = 400
HEIGHT = 250
TOP = 26  # room for the value over the tallest bar
BOTTOM = 46  # two lines of axis labels: the month, and the year where it changes
RIGHT = 8
FONT_SIZE = 15
# Arial's average character is a little over half its size; this errs on the wide side.
CHARACTER_WIDTH = 0.62


@dataclass(frozen=True)
class Point:
    label: str  # "Mar"
    value: float | None  # None: nothing to measure that month
    value_text: str = ""  # the value as the table writes it
    note: str = ""  # a second axis line, such as the year: shown where it changes


def text_width(text: str) -> float:
    return len(text) * FONT_SIZE * CHARACTER_WIDTH


def nice_ceiling(value: float) -> float:
    """1, 2, 2.5, 5 or 10 times a power of ten, at least `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


@dataclass(frozen=True)
class Layout:
    points: Sequence[Point]
    top: float  # the value at the top of the plot
    left: float  # room for the y-axis labels

    @property
    def slot(self) -> float:
        return (WIDTH - self.left - RIGHT) / max(len(self.points), 1)

    def centre(self, index: int) -> float:
        return self.left + self.slot * (index + 0.5)

    def y(self, value: float) -> float:
        return HEIGHT - BOTTOM - (min(value, self.top) / self.top) * (HEIGHT - TOP - BOTTOM)

    def label_step(self) -> int:
        """Show every n-th month label, so that no two touch."""
        widest = max((text_width(p.label) for p in self.points), default=0)
        return max(1, math.ceil((widest + 4) / self.slot))

    def values_fit(self, width: float) -> bool:
        widest = max((text_width(p.value_text) for p in self.points), default=0)
        return widest + 2 <= width


def _text(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
    )


def _layout(points: Sequence[Point], top: float, axis_text: Callable[[float], str]) -> Layout:
    widest = max(text_width(axis_text(top * fraction)) for fraction in (0, 0.5, 1))
    return Layout(points, top, widest + 10)


def _frame(chart_id: str, title: str, description: str, layout: Layout, axis_text) -> list[str]:
    """The <svg> opening, title, description, gridlines, y-axis labels and x-axis labels."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="arial, sans-serif" class="app-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        y = layout.y(layout.top * fraction)
        colour = AXIS_COLOUR if fraction == 0 else GRID_COLOUR
        parts.append(
            f'<line x1="{layout.left:.1f}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(_text(layout.left - 6, y + 5, axis_text(layout.top * fraction), "end"))
    step = layout.label_step()
    last_note = ""
    for index, point in enumerate(layout.points):
        if index % step:
            continue
        centre = layout.centre(index)
        parts.append(_text(centre, HEIGHT - BOTTOM + 19, point.label))
        if point.note and point.note != last_note:
            parts.append(_text(centre, HEIGHT - BOTTOM + 38, point.note))
            last_note = point.note
    return parts


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    axis_text: Callable[[float], str],
) -> Markup:
    """Vertical bars, one a point, each with its value over it when there is room."""
    top = nice_ceiling(max((p.value or 0 for p in points), default=0))
    layout = _layout(points, top, axis_text)
    parts = _frame(chart_id, title, description, layout, axis_text)
    bar_width = layout.slot * 0.7
    show_values = layout.values_fit(layout.slot)
    for index, point in enumerate(points):
        if not point.value:
            continue
        x = layout.centre(index) - bar_width / 2
        y = layout.y(point.value)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{DATA_COLOUR}"/>'
        )
        if show_values:
            parts.append(_text(layout.centre(index), y - 6, point.value_text))
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    axis_text: Callable[[float], str],
    top: float | None = None,
) -> Markup:
    """A line through the points with a marker on each, broken where there is no value.

    `top` fixes the scale (100 for a percentage); otherwise it fits the highest value.
    """
    top = top or nice_ceiling(max((p.value or 0 for p in points), default=0))
    layout = _layout(points, top, axis_text)
    parts = _frame(chart_id, title, description, layout, axis_text)
    runs: list[list[tuple[float, float]]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            runs.append([])
            continue
        runs[-1].append((layout.centre(index), layout.y(point.value)))
    for run in runs:
        if len(run) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{DATA_COLOUR}" stroke-width="3"/>'
            )
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{DATA_COLOUR}"/>' for x, y in run
        )
    parts.append("</svg>")
    return Markup("".join(parts))
