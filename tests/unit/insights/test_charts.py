"""Server-drawn SVG charts: well-formed, named for assistive technology, labels that
never overlap, and text still readable when the chart shrinks to a 320 px screen."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from inclusion.insights import charts

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
# The narrowest column a chart gets: 320 CSS pixels less GOV.UK's 15 px margins.
NARROWEST = 290


def points(values, labels=MONTHS):
    return [
        charts.Point(label, value, "" if value is None else f"{value:,}", "2026")
        for label, value in zip(labels, values, strict=True)
    ]


def axis(value: float) -> str:
    return f"{value:,.0f}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}text")


@pytest.mark.parametrize("draw", [charts.bar_chart, charts.line_chart])
def test_a_chart_is_well_formed_svg_named_by_its_title_and_description(draw):
    root = parse(draw("chart-p2-1", "Places booked", "Highest in May.", points(range(12)), axis))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT}"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Places booked" and desc.text == "Highest in May."
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert root.get("width") == "100%" and root.get("height") is None


def test_text_from_outside_is_escaped():
    markup = charts.bar_chart(
        "c", "<script>alert(1)</script>", 'Say "hi" & <b>', points([1] * 12), axis
    )
    root = parse(markup)  # would not parse if anything were left raw
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert "<script>" not in str(markup)


def test_one_bar_per_month_with_something_to_show():
    values = [0, 5, None, 12, 3, 0, 7, 8, 9, 10, 11, 50]
    root = parse(charts.bar_chart("c", "t", "d", points(values), axis))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == sum(1 for value in values if value)
    tallest = max(bars, key=lambda bar: float(bar.get("height")))
    assert float(tallest.get("y")) == pytest.approx(charts.TOP)  # 50 is the top of the scale


def test_bars_scale_to_a_round_top_written_on_the_axis():
    root = parse(charts.bar_chart("c", "t", "d", points([3, 140] + [0] * 10), axis))
    axis_labels = [t.text for t in texts(root) if t.get("text-anchor") == "end"]
    assert axis_labels == ["0", "100", "200"]


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (0.4, 0.5), (1, 1), (3, 5), (7, 10), (140, 200), (2400, 2500)]
)
def test_nice_ceiling(value, ceiling):
    assert charts.nice_ceiling(value) == pytest.approx(ceiling)


def test_a_line_breaks_where_a_month_has_nothing_to_measure():
    values = [50, 60, None, 70, 80, 90, None, None, 40, 30, 20, 10]
    root = parse(charts.line_chart("c", "t", "d", points(values), axis, top=100))
    lines = root.findall(f"{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [2, 3, 4]
    assert len(root.findall(f"{SVG}circle")) == 9  # a marker on every value: not colour alone


def test_a_percentage_line_is_drawn_against_100_percent():
    root = parse(charts.line_chart("c", "t", "d", points([100] + [50] * 11), axis, top=100))
    first = root.find(f"{SVG}circle")
    assert float(first.get("cy")) == pytest.approx(charts.TOP)


@pytest.mark.parametrize("count", [3, 6, 12, 24])
def test_month_labels_never_overlap(count):
    labels = [MONTHS[i % 12] for i in range(count)]
    root = parse(charts.bar_chart("c", "t", "d", points([5] * count, labels), axis))
    month_row = f"{charts.HEIGHT - charts.BOTTOM + 19:.1f}"
    boxes = sorted(
        (
            float(t.get("x")) - charts.text_width(t.text) / 2,
            float(t.get("x")) + charts.text_width(t.text) / 2,
        )
        for t in texts(root)
        if t.get("y") == month_row
    )
    assert len(boxes) >= min(count, 6), "enough months are named"
    for (_, right), (left, _) in zip(boxes, boxes[1:], strict=False):
        assert right <= left


def test_values_over_bars_are_left_to_the_table_when_they_would_not_fit():
    roomy = parse(charts.bar_chart("c", "t", "d", points([5] * 6, MONTHS[:6]), axis))
    crowded = parse(charts.bar_chart("c", "t", "d", points([123456] * 24, (MONTHS * 2)), axis))
    assert any(t.text == "5" for t in texts(roomy))
    assert not any(t.text == "123,456" for t in texts(crowded))


def test_the_year_is_written_under_the_first_month_and_where_it_changes():
    labels = ["Nov", "Dec", "Jan", "Feb"]
    chart_points = [
        charts.Point(label, 1, "1", year)
        for label, year in zip(labels, ["2025", "2025", "2026", "2026"], strict=True)
    ]
    root = parse(charts.bar_chart("c", "t", "d", chart_points, axis))
    assert [t.text for t in texts(root) if t.text in ("2025", "2026")] == ["2025", "2026"]


def test_text_stays_readable_on_the_narrowest_screen():
    root = parse(charts.bar_chart("c", "t", "d", points(range(12)), axis))
    scale = NARROWEST / charts.WIDTH
    sizes = {float(text.get("font-size")) for text in texts(root)}
    assert min(sizes) * scale >= 10.5


def test_no_colour_is_used_for_text_but_near_black():
    markup = str(charts.line_chart("c", "t", "d", points(range(12)), axis))
    fills = set(re.findall(r'<text[^>]* fill="(#[0-9a-f]{6})"', markup))
    assert fills == {charts.TEXT_COLOUR}
