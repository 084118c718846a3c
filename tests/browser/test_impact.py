"""An officer reads the impact dashboard and downloads its figures; anyone reads the
open data page. axe on every page, in English and Arabic (right to left), and nothing
scrolls sideways at 320 px."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from inclusion.i18n.formatting import LONDON
from inclusion.insights.models import DailyCount
from inclusion.loans.models import DataSimIssue
from inclusion.settings import Settings
from tests.browser.conftest import assert_accessible, assert_reflows
from tests.browser.test_staff_journey import sign_in
from tests.factories.loans import place_id
from tests.factories.staff import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def officers(site_database):
    """Two officers (an authenticator code signs in only once), and figures for the
    last few months: counts and SIMs given out, which no other browser test looks at."""
    key = Settings.from_environment().secret_key
    today = datetime.now(LONDON).date()
    with site_database.session() as session:
        staff = [
            make_staff(session, key, datetime.now(UTC), "officer", email=f"impact.{n}@example.org")
            for n in range(2)
        ]
        # From yesterday back: today's counts come from other tests' real requests.
        for days_ago in range(1, 120, 3):
            day = today - timedelta(days=days_ago)
            for metric, key_path, count in (
                ("finder_search", "", 30 + days_ago % 7),
                ("finder_no_result_nearby", "", 2 + days_ago % 3),
                ("guidance_view", "/online-safety/spotting-scams", 12),
                ("tariff_check_completed", "", 4),
            ):
                session.add(DailyCount(day=day, metric=metric, key=key_path, count=count))
            session.add(DataSimIssue(place_id=place_id(session), issued_on=day))
        return staff


def test_an_officer_reads_the_impact_figures_and_downloads_them(page, officers):
    sign_in(page, officers[0])
    page.get_by_role("link", name="Impact").first.click()
    page.wait_for_url(re.compile(r"/staff/impact$"))
    assert_accessible(page)
    chart = page.get_by_role("img", name="Finder searches each month")
    assert chart.is_visible()
    table = page.get_by_role("table", name="Finder searches each month")
    assert table.is_visible()

    page.get_by_label("Period").select_option("3")
    page.get_by_label("Venue").select_option("wallsend-library")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url(re.compile(r"period=3&venue=wallsend-library"))
    assert "for Wallsend Library" in page.locator("main").inner_text()
    assert_accessible(page)

    href = page.get_by_role("link", name=re.compile("Download these figures")).get_attribute("href")
    download = page.request.get(href)
    assert download.ok
    rows = list(csv.DictReader(io.StringIO(download.text())))
    searches = [r for r in rows if r["Figure"] == "Finder searches" and "/" in r["Month"]]
    assert int(searches[0]["Value"]) > 0

    page.goto("/staff/impact?period=banana")
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.goto("/staff/impact?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert_accessible(page)
    page.goto("/staff/impact?lang=en")


def test_the_dashboard_reflows_at_320_pixels(phone_page, officers):
    sign_in(phone_page, officers[1])
    phone_page.goto("/staff/impact")
    assert_accessible(phone_page)
    assert_reflows(phone_page)
    box = phone_page.get_by_role("img", name="Devices lent each month").bounding_box()
    assert box["width"] <= 320


def test_anyone_can_read_about_the_open_data_and_fetch_it_without_javascript(no_js_page):
    no_js_page.goto("/")
    no_js_page.get_by_role("link", name="Open data").click()
    no_js_page.wait_for_url(re.compile(r"/open-data$"))
    assert "Open Government Licence v3.0" in no_js_page.locator("main").inner_text()
    link = no_js_page.get_by_role("link", name="Monthly impact figures (CSV)")
    data = no_js_page.request.get(link.get_attribute("href"))
    assert data.ok and data.text().startswith("month,goal,measure")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_open_data_page_passes_axe_and_reflows_at_320_pixels(phone_page, language):
    phone_page.goto(f"/open-data?lang={language}")
    assert_accessible(phone_page)
    assert_reflows(phone_page)
