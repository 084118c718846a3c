"""The open data set at its stable addresses: CSV and JSON that parse and agree, the
Open Government Licence with both, small numbers of people hidden, no personal
details, headers for a public cacheable file, and the page that describes it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from inclusion.insights.open_data import LICENCE_URL, SUPPRESSED
from tests.factories.impact import generate_year
from tests.integration.insights.independent_counts import Counter, Period, expected

CSV_URL = "/open-data/impact-monthly.csv"
JSON_URL = "/open-data/impact-monthly.json"
FIELDS = ["month", "goal", "measure", "venue", "venue_name", "unit", "value"]
# The 24 whole months before the test clock's November 2026.
FIRST, LAST = "2024-11", "2026-10"
PEOPLE_COUNTS = {
    "places_booked",
    "attended",
    "waiting_list_joined",
    "devices_lent",
    "data_sims_given",
    "feedback_received",
    "feedback_closed",
}


@pytest.fixture
def year(db_session, clock):
    generate_year(db_session, clock())
    db_session.commit()


def csv_rows(client) -> list[dict[str, str]]:
    response = client.get(CSV_URL)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_csv_parses_and_covers_24_whole_months(client, year):
    rows = csv_rows(client)
    assert list(rows[0]) == FIELDS
    months = sorted({row["month"] for row in rows})
    assert (months[0], months[-1], len(months)) == (FIRST, LAST, 24)
    for row in rows:
        value = row["value"]
        assert value in ("", SUPPRESSED) or float(value) >= 0, row


def test_the_json_describes_the_data_and_holds_the_same_rows(client, year):
    response = client.get(JSON_URL)
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["licence"]["url"] == LICENCE_URL
    assert document["licence"]["name"] == "Open Government Licence v3.0"
    assert "Open Government Licence v3.0" in document["licence"]["attribution"]
    assert document["period"] == {"from": FIRST, "to": LAST}
    assert document["links"]["csv"].endswith(CSV_URL)
    assert {field["name"] for field in document["fields"]} == {*FIELDS, "suppressed"}
    assert all(measure["definition"] for measure in document["measures"])
    in_csv = [(r["month"], r["measure"], r["venue"], r["value"]) for r in csv_rows(client)]
    in_json = [
        (
            r["month"],
            r["measure"],
            r["venue"],
            SUPPRESSED if r["suppressed"] else ("" if r["value"] is None else str(r["value"])),
        )
        for r in document["rows"]
    ]
    assert in_csv == in_json


def test_both_files_carry_the_licence_and_can_be_cached_and_fetched_from_elsewhere(client, year):
    for url in (CSV_URL, JSON_URL):
        response = client.get(url)
        assert response.headers["link"] == f'<{LICENCE_URL}>; rel="license"'
        assert response.headers["cache-control"] == "public, max-age=3600"
        assert response.headers["access-control-allow-origin"] == "*"
        assert "set-cookie" not in response.headers
        again = client.get(url, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304
        assert again.content == b""


def test_small_counts_of_people_at_a_venue_are_hidden(client, year):
    rows = csv_rows(client)
    at_venues = [r for r in rows if r["venue"] != "all" and r["measure"] in PEOPLE_COUNTS]
    assert any(r["value"] == SUPPRESSED for r in at_venues), "the generated year has some"
    for row in at_venues:
        assert row["value"] == SUPPRESSED or int(row["value"]) >= 5, row
    for row in rows:
        if row["venue"] != "all":
            assert row["unit"] == "count", row  # no rate or average by venue


def test_a_hidden_count_cannot_be_worked_out_from_the_total(client, year):
    rows = csv_rows(client)
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        if row["measure"] in PEOPLE_COUNTS:
            groups.setdefault((row["month"], row["measure"]), []).append(row)
    for key, group in groups.items():
        hidden = [r["venue"] for r in group if r["value"] == SUPPRESSED]
        # One hidden venue with the total shown could be worked out; a total alone not.
        assert len(hidden) != 1 or hidden == ["all"], f"{key}: {hidden} could be worked out"


def test_figures_for_all_venues_agree_with_plain_sql(client, db_session, year):
    rows = {(r["month"], r["measure"]): r["value"] for r in csv_rows(client) if r["venue"] == "all"}
    for month in (date(2025, 3, 1), date(2026, 4, 1), date(2026, 10, 1)):
        counter = Counter(db_session, Period(month, month))
        for goal, code in (
            ("P2", "sessions_run"),
            ("P2", "places_booked"),
            ("L1", "finder_searches"),
        ):
            assert rows[(month.strftime("%Y-%m"), code)] == str(expected(counter, goal, code))


def test_no_personal_details_are_in_the_files(client, year):
    files = client.get(CSV_URL).text + client.get(JSON_URL).text
    for detail in ("Ann Example", "ann@example.org", "07700 900123", "Resident", "helped me"):
        assert detail not in files


def test_an_empty_service_still_publishes_valid_files(client):
    assert csv_rows(client)
    assert json.loads(client.get(JSON_URL).text)["rows"]


def test_the_page_describes_the_data_and_its_licence(client):
    response = client.get("/open-data")
    assert response.status_code == 200
    html = response.text
    assert f'href="{CSV_URL}"' in html and f'href="{JSON_URL}"' in html
    assert f'href="{LICENCE_URL}" rel="license"' in html
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0."
        in html
    )
    assert "November 2024 to October 2026" in html
    assert 'href="/open-data"' in client.get("/").text  # in the footer of every page
