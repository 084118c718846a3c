"""A resident with JavaScript off books the last place, saves it to a calendar and
cancels; every page passes axe, in English and in Arabic."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import assert_accessible, assert_reflows
from tests.factories.sessions import make_session

pytestmark = pytest.mark.browser


@pytest.fixture
def last_place(site_database):
    with site_database.session() as session:
        made = make_session(
            session,
            datetime.now(UTC) + timedelta(days=5),
            capacity=1,
            title=f"Browser test session {datetime.now(UTC):%H%M%S%f}",
        )
        return made.id


def test_booking_the_last_place_without_javascript(no_js_page, last_place, tmp_path):
    page = no_js_page
    page.goto(f"/sessions/{last_place}")
    assert "1 place left" in page.content()
    page.get_by_role("button", name="Book this session").click()
    page.get_by_label("What is your name?").fill("Ann Example")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Do not contact me").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # no access needs
    assert page.locator("h1").inner_text() == "Check your answers before booking"
    page.get_by_role("button", name="Book my place").click()
    page.wait_for_url(re.compile(r"/bookings/\w+\?token="))
    assert page.locator(".govuk-panel__title").inner_text() == "Booking confirmed"
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", reference)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar").click()
    ics = download_info.value.path().read_text()
    assert "TZID:Europe/London" in ics and "BEGIN:VEVENT" in ics

    page.get_by_role("link", name="Cancel this booking").click()
    page.get_by_role("button", name="Yes, cancel").click()
    assert "Your booking is cancelled" in page.content()
    page.goto(f"/sessions/{last_place}")
    assert "1 place left" in page.content()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_booking_page_passes_axe(phone_page, last_place, language):
    page = phone_page
    page.goto(f"/sessions?lang={language}")
    assert_accessible(page)
    assert_reflows(page)
    page.goto(f"/sessions/{last_place}")
    assert_accessible(page)
    page.locator("form button.govuk-button--start").click()
    for _ in range(3):  # name, contact, access needs: first with errors, then filled in
        page.locator("form button.govuk-button").first.click()
        if page.locator(".govuk-error-summary").count():
            assert_accessible(page)
            textbox = page.locator("input[type=text], input[name=name]").first
            if textbox.count() and textbox.is_visible():
                textbox.fill("Amal")
            radios = page.locator("input[value=none]")
            if radios.count():
                radios.check()
            page.locator("form button.govuk-button").first.click()
        assert_accessible(page)
        assert_reflows(page)
    assert page.locator(".govuk-summary-list").count() == 1  # check your answers
    page.locator("form button.govuk-button").first.click()
    page.wait_for_url(re.compile(r"/bookings/"))
    assert_accessible(page)
    assert_reflows(page)
