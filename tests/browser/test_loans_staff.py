"""A librarian lends a device on a phone and takes it back without its charger; every
lending page they visit passes axe and fits the screen."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from inclusion.loans import queries, services
from inclusion.settings import Settings
from tests.browser.conftest import assert_accessible, assert_reflows
from tests.browser.test_staff_journey import sign_in
from tests.factories.loans import place_id
from tests.factories.staff import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def librarian(site_database):
    key = Settings.from_environment().secret_key
    with site_database.session() as session:
        now = datetime.now(UTC)
        return [
            make_staff(session, key, now, email=f"loans.{name}@example.org")
            for name in ("phone", "desk")
        ]


@pytest.fixture(scope="module")
def reference(site_database) -> str:
    """A resident's request for a Chromebook at Wallsend, waiting in the queue."""
    with site_database.session() as session:
        chromebook = queries.device_type_by_slug(session, "chromebook")
        request = services.request_loan(
            session,
            chromebook,
            place_id(session, "wallsend-library"),
            services.Contact("Phone Borrower", "none"),
            services.Eligibility(
                in_north_tyneside=True, no_device_or_connection=True, low_income=False
            ),
            datetime.now(UTC),
        )
        return request.reference


@pytest.fixture
def phone(browser, base_url):
    """360 CSS pixels wide: a small Android phone."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def check(page) -> None:
    assert page.locator("h1").count() == 1, page.url
    assert_accessible(page)
    assert_reflows(page)


def test_a_librarian_lends_a_device_and_takes_it_back_on_a_phone(phone, librarian, reference):
    page = phone
    sign_in(page, librarian[0])
    page.get_by_role("link", name="Lending").click()
    page.wait_for_url(re.compile(r"/staff/loans$"))
    check(page)

    page.get_by_role("link", name="Chromebook", exact=True).click()
    page.wait_for_url(re.compile(r"/queue/chromebook$"))
    check(page)
    page.get_by_role("link", name=f"{reference[:4]}-{reference[4:]}").click()
    page.wait_for_url(re.compile(rf"/requests/{reference}$"))
    check(page)

    page.get_by_role("button", name="Lend a device").click()
    page.wait_for_url(re.compile(r"/check-out$"))
    check(page)
    page.get_by_role("button", name="Lend the device").click()  # nothing chosen
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    check(page)
    page.locator("input[name=device]").first.check()
    tag = page.locator("input[name=device]:checked + label").inner_text().strip()
    page.get_by_label("Good").check()
    page.get_by_role("button", name="Lend the device").click()
    page.wait_for_url(re.compile(rf"/requests/{reference}\?done=checked-out$"))
    assert "The device is lent." in page.content()
    check(page)

    page.get_by_role("button", name="Take the device back").click()
    page.wait_for_url(re.compile(r"/check-in$"))
    check(page)
    page.get_by_label("Worn but working").check()
    page.get_by_label("Case").check()
    page.get_by_label("Data wiped").check()
    page.get_by_role("button", name="Take it back").click()
    page.wait_for_url(re.compile(r"/staff/loans/devices/\d+\?done=checked-in$"))
    assert tag in page.locator("h1").inner_text()
    assert "Not back or not done: Charger" in page.content()
    assert "Phone Borrower" not in page.content()
    check(page)


def test_every_other_lending_page_passes_axe_on_a_phone(phone, librarian, reference):
    page = phone
    sign_in(page, librarian[1])
    for path in [
        "/staff/loans/overdue",
        "/staff/loans/venues/wallsend-library/devices",
        "/staff/loans/venues/wallsend-library/devices/new",
        "/staff/loans/venues/wallsend-library/sims",
    ]:
        page.goto(path)
        check(page)
    page.get_by_role("button", name="Add SIMs").click()  # nothing typed
    page.locator(".govuk-error-summary").wait_for()
    check(page)

    page.goto("/staff/loans/venues/wallsend-library/devices/new")
    page.get_by_role("button", name="Add device").click()
    page.locator(".govuk-error-summary").wait_for()
    check(page)

    page.goto("/staff/loans/venues/wallsend-library/devices")
    page.locator("table a").first.click()
    page.wait_for_url(re.compile(r"/staff/loans/devices/\d+$"))
    check(page)
