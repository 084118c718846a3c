"""The impact dashboard over HTTP: every goal with its charts and tables, the filter
(and what happens to values it does not know), the CSV of what is shown, escaping,
no personal details anywhere, and how long a year of figures takes to show."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from sqlalchemy import update

from inclusion.places.models import Place
from tests.factories.impact import generate_year
from tests.factories.staff import sign_in
from tests.integration.insights.independent_counts import YEAR, Counter, expected

URL = "/staff/impact"
CSV_URL = "/staff/impact/figures.csv"
GOAL_HEADINGS = (
    "P1: access to IT equipment",
    "P2: basic digital skills",
    "L1: free connectivity in public buildings",
    "P3: digital careers",
    "P4: online safety",
    "P5: affordable connectivity",
    "P6: the benefits of being online",
    "C4: listening to feedback",
)
SCRIPT = "<script>alert(1)</script>"


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def summary_value(html: str, label: str) -> str:
    match = re.search(
        rf'govuk-summary-list__key">{re.escape(label)}</dt>\s*'
        r'<dd class="govuk-summary-list__value">([^<]*)</dd>',
        html,
    )
    assert match, f"no summary row {label!r}"
    return match[1].strip()


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.fixture
def year(db_session, clock):
    generate_year(db_session, clock())
    db_session.commit()


@pytest.fixture
def officer_client(client, officer, clock):
    sign_in(client, officer, clock())
    return client


def test_the_dashboard_shows_every_goal_with_charts_beside_their_tables(officer_client, year):
    response = officer_client.get(URL)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    for heading in GOAL_HEADINGS:
        assert f">{heading}</h2>" in html, heading
    charts = re.findall(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 9
    for labelled_by in charts:
        for chart_id in labelled_by.split():
            assert f'id="{chart_id}"' in html
    assert html.count('<table class="govuk-table') >= 12
    assert "Download these figures as a spreadsheet (CSV)" in html


def test_the_summary_shows_the_same_totals_as_plain_sql(officer_client, db_session, year):
    html = officer_client.get(URL).text
    year_counter = Counter(db_session, YEAR)
    assert (
        summary_value(html, "Places booked") == f"{expected(year_counter, 'P2', 'places_booked'):,}"
    )
    assert (
        summary_value(html, "Devices lent") == f"{expected(year_counter, 'P1', 'devices_lent'):,}"
    )
    received = expected(year_counter, "C4", "feedback_received")
    assert summary_value(html, "Feedback received") == f"{received:,}"


def test_a_venue_and_a_shorter_period_can_be_chosen(officer_client, year):
    html = officer_client.get(f"{URL}?period=3&venue=wallsend-library").text
    text = words(html)
    assert "Showing September 2026 to November 2026 (this month so far)" in text
    assert "for Wallsend Library and Customer First Centre" in text
    assert "These figures are for all venues together" in text  # the finder and guidance
    assert 'value="wallsend-library" selected' in html
    assert "By venue, for the whole period" not in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("period=7", "Choose a period from the list"),
        ("period=twelve", "Choose a period from the list"),
        ("period=99999999999999999999", "Choose a period from the list"),
        ("period=-12", "Choose a period from the list"),
        ("venue=atlantis-library", "Choose a venue from the list"),
        (f"venue={SCRIPT}", "Choose a venue from the list"),
        ("venue=" + "x" * 5000, "Choose a venue from the list"),
    ],
)
def test_a_filter_value_it_does_not_know_gets_a_clear_message(officer_client, query, message):
    response = officer_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in response.text
    assert "<title>Error: Impact figures" in response.text
    assert SCRIPT not in response.text
    assert "P2: basic digital skills" in response.text  # the default figures still show

    download = officer_client.get(f"{CSV_URL}?{query}")
    assert download.status_code == 400
    assert message in download.text


def test_the_download_holds_what_is_shown(officer_client, db_session, year):
    response = officer_client.get(f"{CSV_URL}?period=12")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="impact-2025-12-to-2026-11.csv"'
    )
    rows = csv_rows(response)
    assert list(rows[0]) == ["Goal", "Figure", "Month", "Venue", "Page", "Value", "Unit"]
    year_counter = Counter(db_session, YEAR)
    whole = {
        (row["Goal"], row["Figure"]): row["Value"]
        for row in rows
        if row["Month"] == "2025-12/2026-11" and row["Venue"] == "All venues" and not row["Page"]
    }
    assert whole[("P2", "Places booked")] == str(expected(year_counter, "P2", "places_booked"))
    assert whole[("L1", "Finder searches")] == str(expected(year_counter, "L1", "finder_searches"))
    months = {row["Month"] for row in rows if row["Figure"] == "Places booked"}
    assert {"2025-12", "2026-11", "2025-12/2026-11"} <= months
    assert any(row["Venue"] == "Howdon Library" for row in rows)
    assert any(row["Page"] == "/online-safety/spotting-scams" for row in rows)


def test_the_download_for_one_venue_is_named_after_it(officer_client, year):
    response = officer_client.get(f"{CSV_URL}?period=3&venue=howdon-library")
    assert response.headers["content-disposition"] == (
        'attachment; filename="impact-2026-09-to-2026-11-howdon-library.csv"'
    )
    venues = {row["Venue"] for row in csv_rows(response)}
    assert venues == {"Howdon Library", "All venues"}


def test_names_from_the_database_are_escaped_and_cannot_become_formulas(
    officer_client, db_session, year
):
    db_session.execute(
        update(Place).where(Place.slug == "howdon-library").values(name=f"=HYPERLINK(1){SCRIPT}")
    )
    db_session.commit()
    html = officer_client.get(URL).text
    assert SCRIPT not in html
    assert "=HYPERLINK(1)&lt;script&gt;" in html
    rows = csv_rows(officer_client.get(CSV_URL))
    venues = {row["Venue"] for row in rows}
    assert f"'=HYPERLINK(1){SCRIPT}" in venues
    assert not any(venue.startswith("=") for venue in venues)


def test_no_personal_details_reach_the_page_or_the_download(officer_client, year):
    html = officer_client.get(URL).text + officer_client.get(CSV_URL).text
    for detail in ("Ann Example", "ann@example.org", "07700 900123", "Resident", "helped me"):
        assert detail not in html


def test_a_year_of_figures_shows_in_well_under_a_second(officer_client, db, year):
    officer_client.get(URL)  # templates compiled, caches warm
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        assert officer_client.get(URL).status_code == 200
        timings.append(time.perf_counter() - started)
    print(f"\n/staff/impact on {db.engine.dialect.name}: {min(timings) * 1000:.0f} ms")
    assert min(timings) < 1.0


def test_an_empty_service_shows_dashes_not_errors(officer_client):
    response = officer_client.get(URL)
    assert response.status_code == 200
    assert "nothing to measure" in response.text
    assert "No figures for these months." in response.text
