"""The anonymised monthly impact data set, published as open data (CSV and JSON).

Whole months only, the last `MONTHS` of them, so a month's figures do not change
once it is published (bar late records such as a register taken after the event).

No one can be picked out of it:
- figures about people by venue are published only as counts, never as rates or
  averages, and a count of 1 to 4 people (or one resting on 1 to 4 people, such as
  attendance on a register of 3) is shown as "<5";
- when a venue's count in a month is hidden, the next smallest count for that month
  is hidden too (or, with no other, the total for all venues), so the total cannot
  give the hidden one away;
- figures for all venues together are hidden the same way when they rest on fewer
  than 5 people (a rate is hidden when fewer than 5 people are behind it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from inclusion.insights.exports import csv_text, iso_month, number
from inclusion.insights.figures import ImpactFigures
from inclusion.insights.measures import MEASURES, Measure, Unit

MONTHS = 24
SMALLEST_SHOWN = 5
SUPPRESSED = "<5"
ALL_VENUES = "all"
ALL_VENUES_NAME = "All venues"
TITLE = "Get Online North Tyneside: monthly impact figures"
PUBLISHER = "North Tyneside Council"
LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
DESCRIPTION = (
    "Monthly figures for North Tyneside Council's Digital Strategy 2023 to 2027 goals, "
    "from the Get Online North Tyneside service: digital skills sessions, device and "
    "data SIM lending, the place finder, guidance pages and feedback. Anonymised: "
    "counts of 1 to 4 people at a venue are shown as <5, with a second count hidden "
    "where needed so that totals cannot reveal them."
)
FIELDS = (
    ("month", "string", "The calendar month, as YYYY-MM (Europe/London time)."),
    ("goal", "string", "The Digital Strategy goal the figure measures, such as P2."),
    ("measure", "string", "What is measured: see `measures` for each one's definition."),
    ("venue", "string", "The venue's identifier, or `all` for every venue together."),
    ("venue_name", "string", "The venue's name, or `All venues`."),
    ("unit", "string", "count, percent, days, hours, or rating (1 to 5)."),
    (
        "value",
        "number",
        "The figure. Empty when there was nothing to measure. In the CSV file `<5` "
        "means a small count that is hidden; in the JSON file `value` is then null and "
        "`suppressed` is true.",
    ),
)
SUPPRESSED_FIELD = "JSON only: true when `value` is hidden because it rests on fewer than 5 people."
DEFINITIONS = {
    "sessions_run": "Digital skills sessions that took place (not cancelled), by start date.",
    "places_booked": "Confirmed bookings on the sessions that took place.",
    "attended": "People marked as attended, on sessions whose register was taken.",
    "attendance_rate": "Attended as a percentage of places booked, on sessions whose "
    "register was taken.",
    "waiting_list_joined": "Bookings made on a waiting list that are still waiting, were "
    "offered a place, or let an offer lapse (people who took a place from the list or "
    "left it are not counted).",
    "devices_lent": "Devices (laptops, tablets, MiFi) handed over on loan.",
    "average_wait_days": "Average days from asking to borrow a device to receiving it, "
    "for devices lent that month.",
    "data_sims_given": "Free data SIM cards given out.",
    "finder_searches": "Searches in the place finder with a postcode, town or location.",
    "no_place_nearby": "Finder searches with no place within 2 miles.",
    "no_place_nearby_rate": "Finder searches with no place nearby, as a percentage.",
    "guidance_views": "Views of the goal's guidance pages.",
    "guidance_prints": "Printable handouts of the goal's guidance pages opened.",
    "checks_completed": "Cheaper internet checks that reached the list of social tariffs "
    "(the answers given are not kept).",
    "page_answers": 'Answers to "Is this page useful?" on the goal\'s guidance pages.',
    "found_useful": "Answers saying yes, as a percentage of all answers.",
    "feedback_received": "Feedback received about the service.",
    "average_rating": "Average rating given with that feedback, from 1 (poor) to 5 (very good).",
    "median_response_hours": "Median hours from receiving feedback to the first reply, "
    "for feedback that has had one.",
    "feedback_closed": "Feedback closed, by the month it was closed.",
    "changes_published": '"You said, we did" changes published.',
}

NOTES = [
    "Figures come from the service's own records and anonymous counts; no personal "
    "details are used.",
    "A venue with nothing to count in a month has no row for that month.",
    "For goal P5 the service counts completed cheaper internet checks, not page views.",
    "Finder searches and guidance figures are for all venues together only.",
]


@dataclass(frozen=True)
class Row:
    month: date
    measure: Measure
    venue: str
    venue_name: str
    value: float | None
    suppressed: bool = False


def _small(count: float | None) -> bool:
    return count is not None and 0 < count < SMALLEST_SHOWN


def _hidden(figures: ImpactFigures, measure: Measure, month: int, place_id=None) -> bool:
    """Whether a figure rests on 1 to 4 people: the people behind it, or, for a count
    of people such as "attended", the count itself."""
    if measure.people is None:
        return False
    if _small(figures.people(measure, month, place_id)):
        return True
    if measure.unit != Unit.COUNT:
        return False
    if place_id is None:
        return _small(figures.in_month(measure, month))
    return _small(figures.at_venue(measure, place_id, month))


@dataclass
class _VenueCell:
    slug: str
    name: str
    value: float
    hidden: bool


def _venue_cells(
    figures: ImpactFigures, measure: Measure, month: int, total_hidden: bool
) -> tuple[list[_VenueCell], bool]:
    """The month's venue cells, and whether the total must be hidden as well.

    One hidden cell alone could be worked out from the total less the others: then
    the next smallest is hidden too or, with no other to hide, the total."""
    cells = [
        _VenueCell(slug, name, value, _hidden(figures, measure, month, place_id))
        for place_id, slug, name in figures.venues_by_name()
        if (value := figures.at_venue(measure, place_id, month))
    ]
    hidden = [cell for cell in cells if cell.hidden]
    shown = sorted((cell for cell in cells if not cell.hidden), key=lambda cell: cell.value)
    if len(hidden) != 1 or total_hidden:
        return cells, total_hidden
    if shown:
        shown[0].hidden = True
        return cells, False
    return cells, True


def open_data_rows(figures: ImpactFigures) -> list[Row]:
    rows = []
    monthly = {measure.key: figures.monthly(measure) for measure in MEASURES}
    for index, month in enumerate(figures.window.months):
        for measure in MEASURES:
            total_hidden = _hidden(figures, measure, index)
            value = monthly[measure.key][index]
            cells: list[_VenueCell] = []
            if measure.by_venue and measure.unit == Unit.COUNT:
                cells, total_hidden = _venue_cells(figures, measure, index, total_hidden)
            rows.append(Row(month, measure, ALL_VENUES, ALL_VENUES_NAME, value, total_hidden))
            rows.extend(
                Row(month, measure, cell.slug, cell.name, cell.value, cell.hidden) for cell in cells
            )
    return rows


def as_csv(rows: list[Row]) -> str:
    def value(row: Row) -> object:
        if row.suppressed:
            return SUPPRESSED
        shown = number(row.value)
        return "" if shown is None else shown

    return csv_text(
        [name for name, *_ in FIELDS],
        (
            [
                iso_month(row.month),
                row.measure.goal,
                row.measure.code,
                row.venue,
                row.venue_name,
                row.measure.unit,
                value(row),
            ]
            for row in rows
        ),
    )


def as_json(rows: list[Row], figures: ImpactFigures, urls: dict[str, str], now: datetime) -> dict:
    months = figures.window.months
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "publisher": PUBLISHER,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION},
        "last_updated": now.date().isoformat(),
        "period": {"from": iso_month(months[0]), "to": iso_month(months[-1])},
        "links": urls,
        "notes": NOTES,
        "fields": [{"name": name, "type": kind, "description": text} for name, kind, text in FIELDS]
        + [{"name": "suppressed", "type": "boolean", "description": SUPPRESSED_FIELD}],
        "measures": [
            {
                "goal": measure.goal,
                "measure": measure.code,
                "unit": measure.unit,
                "by_venue": measure.by_venue and measure.unit == Unit.COUNT,
                "definition": DEFINITIONS[measure.code],
            }
            for measure in MEASURES
        ],
        "rows": [
            {
                "month": iso_month(row.month),
                "goal": row.measure.goal,
                "measure": row.measure.code,
                "venue": row.venue,
                "venue_name": row.venue_name,
                "unit": row.measure.unit,
                "value": None if row.suppressed else number(row.value),
                "suppressed": row.suppressed,
            }
            for row in rows
        ],
    }
