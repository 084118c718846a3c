"""The resident's journey: find free Wi-Fi and help near me, then open a place."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, assert_reflows

pytestmark = pytest.mark.browser

RESULT_LINKS = ".app-place__title a"


def test_finder_with_javascript_updates_results_in_place(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Postcode").fill("ne29")
    page.get_by_role("button", name="Find places").click()
    page.wait_for_url(re.compile(r"/find\?postcode=ne29"))
    assert page.locator(RESULT_LINKS).count() == 10
    assert_accessible(page)

    # htmx swaps the results without a page load and keeps the address shareable.
    page.evaluate("window.__samePage = true")
    page.get_by_label("Borrow a laptop or tablet").check()
    page.get_by_role("button", name="Find places").click()
    page.wait_for_url(re.compile(r"need=device_lending"))
    page.wait_for_function("document.querySelectorAll('.app-place__title a').length === 4")
    assert page.evaluate("window.__samePage === true")
    assert page.locator("#finder-status").inner_text() == "4 places found"
    assert_accessible(page)

    page.locator(RESULT_LINKS).first.click()
    page.wait_for_url(re.compile(r"/places/"))
    assert page.locator("h1").inner_text().endswith("Customer First Centre")
    assert page.locator(".app-hours-table__today").count() == 1
    assert_accessible(page)


def test_finder_without_javascript_is_a_plain_get_form(no_js_page):
    page = no_js_page
    page.goto("/find")
    assert not page.get_by_role("button", name="Use my location").is_visible()
    page.get_by_label("Or choose a town").select_option("wallsend")
    page.get_by_label("Free Wi-Fi").check()
    page.get_by_role("button", name="Find places").click()
    page.wait_for_url(re.compile(r"town=wallsend"))
    assert "need=wifi" in page.url
    assert page.locator(RESULT_LINKS).count() == 10
    assert page.locator(RESULT_LINKS).first.inner_text().startswith("Wallsend")
    page.locator(RESULT_LINKS).first.click()
    assert page.locator("h1").inner_text().startswith("Wallsend")


def test_bad_postcode_is_announced_focused_and_kept(page):
    page.goto("/find")
    page.get_by_label("Postcode").fill("hello")
    page.get_by_role("button", name="Find places").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert summary.locator("[role=alert]").count() == 1
    assert page.get_by_label("Postcode").input_value() == "hello"
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "postcode"


def test_bad_postcode_without_javascript(no_js_page):
    no_js_page.goto("/find?postcode=%3Cscript%3E")
    assert no_js_page.title().startswith("Error: ")
    assert no_js_page.get_by_label("Postcode").input_value() == "<script>"


def test_keyboard_only(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "postcode"
    page.keyboard.type("NE30")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"postcode=NE30"))
    # Tab through the form to the first result and open it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.app-place__title')"):
            break
    else:
        pytest.fail("no result link could be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/places/"))
    focus_ring = page.evaluate(
        "getComputedStyle(document.querySelector('a.govuk-back-link'), null).outlineStyle"
    )
    assert focus_ring is not None


PAGES = [
    "/",
    "/find",
    "/find?postcode=NE29",
    "/find?postcode=hello",
    "/places/wallsend-library",
    "/accessibility",
    "/privacy",
    "/no-such-page",
]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_passes_axe_and_reflows_at_320px(phone_page, language):
    for path in PAGES:
        separator = "&" if "?" in path else "?"
        phone_page.goto(f"{path}{separator}lang={language}")
        direction = phone_page.evaluate("document.documentElement.dir")
        assert direction == ("rtl" if language == "ar" else "ltr")
        assert_reflows(phone_page)
        assert_accessible(phone_page)


def test_language_choice_sticks_across_pages(page):
    page.goto("/?lang=pl")
    page.get_by_role("link", name=re.compile("Dostęp|Znajdź|Szukaj", re.I)).first.wait_for()
    page.goto("/find")
    assert page.evaluate("document.documentElement.lang") == "pl"
    page.get_by_role("link", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
