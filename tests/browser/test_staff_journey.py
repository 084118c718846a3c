"""A librarian signs in with MFA, closes their library for a day, and residents see it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from inclusion.i18n.formatting import LONDON
from inclusion.settings import Settings
from inclusion.staff import mfa
from tests.browser.conftest import assert_accessible
from tests.factories.staff import make_staff

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def staff_accounts(site_database):
    key = Settings.from_environment().secret_key
    with site_database.session() as session:
        now = datetime.now(UTC)
        return {
            role: make_staff(session, key, now, role, email=f"{role}.browser@example.org")
            for role in ("library_staff", "admin")
        }


def sign_in(page, staff) -> None:
    page.goto("/staff")
    page.wait_for_url(re.compile(r"/staff/sign-in"))
    assert_accessible(page)
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(staff.password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/staff/sign-in/code"))
    assert_accessible(page)
    page.get_by_label("Security code").fill(mfa.code_at(staff.secret, datetime.now(UTC)))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff$"))
    assert_accessible(page)


def test_librarian_closes_their_library_for_a_day(page, staff_accounts):
    sign_in(page, staff_accounts["library_staff"])
    page.get_by_role("link", name="Wallsend Library and Customer First Centre").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a closure").click()
    assert_accessible(page)

    page.get_by_role("button", name="Add closure").click()  # nothing filled in
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    today = datetime.now(LONDON).date()
    first_day = page.get_by_role("group", name="First day closed")
    first_day.get_by_label("Day").fill(str(today.day))
    first_day.get_by_label("Month").fill(str(today.month))
    first_day.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Reason").fill("Staff training")
    page.get_by_role("button", name="Add closure").click()
    page.wait_for_url(re.compile(r"saved=closure"))
    assert "Your changes are saved" in page.content()
    assert_accessible(page)

    page.goto("/places/wallsend-library")
    assert "Staff training" in page.content()
    assert "Closed now" in page.locator(".govuk-body-l").inner_text()
    page.goto("/find?town=wallsend&open_now=1")
    names = page.locator(".app-place__title a").all_inner_texts()
    assert not any(name.startswith("Wallsend Library") for name in names)


def test_every_staff_page_an_administrator_visits_passes_axe(page, staff_accounts):
    sign_in(page, staff_accounts["admin"])
    for path in [
        "/staff/venues",
        "/staff/venues/wallsend-library",
        "/staff/venues/wallsend-library/hours",
        "/staff/venues/wallsend-library/wifi",
        "/staff/audit",
        "/staff/users",
        "/staff/users/new",
        "/staff/sessions",
        "/staff/sessions/new",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # The same pages right to left, in Arabic.
    for path in [
        "/staff?lang=ar",
        "/staff/venues/wallsend-library",
        "/staff/sessions",
        "/staff/sessions/new",
        "/staff/audit",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.dir") == "rtl", path
        assert_accessible(page)
    page.goto("/staff?lang=en")
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url(re.compile(r"signed-out=1"))
    assert_accessible(page)
