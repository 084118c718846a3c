"""A resident with JavaScript off asks to borrow a Chromebook at Wallsend and follows
their request; every page passes axe, in English and in Arabic."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import assert_accessible, assert_reflows

pytestmark = pytest.mark.browser

WALLSEND = "Wallsend Library and Customer First Centre"


def test_applying_for_a_chromebook_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/devices?lang=en")
    assert "Chromebook" in page.content()
    page.get_by_role("button", name="Apply to borrow").click()
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    assert page.locator(".govuk-error-summary").count() == 1
    page.get_by_label("Chromebook").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(WALLSEND).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Me", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.locator("#in-north-tyneside").check()
    page.locator("#no-device").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is your name?").fill("Ann Example")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Do not contact me").check()
    page.get_by_role("button", name="Continue").click()
    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    assert WALLSEND in page.content()
    page.get_by_role("button", name="Send request").click()

    page.wait_for_url(re.compile(r"/loans/\w+\?token="))
    assert page.locator(".govuk-panel__title").inner_text() == "Request received"
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", reference)
    assert "A free data SIM" in page.content()

    page.goto(tracking_path(page))
    assert page.locator("h1").inner_text() == "Your device request"
    assert "Place in the queue" in page.content()
    assert re.search(rf"(You are next|ahead of you) in the queue at {WALLSEND}", page.content())


def tracking_path(page) -> str:
    """The link a resident without email or phone is asked to keep, on this server."""
    link = page.locator("a.govuk-link", has_text="/loans/").first.get_attribute("href")
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_lending_page_passes_axe(phone_page, language):
    """axe needs JavaScript, so this walk has it on; the pages work the same without."""
    page = phone_page
    page.goto(f"/devices?lang={language}")
    assert_accessible(page)
    assert_reflows(page)
    page.locator("form button.govuk-button--start").click()
    choices = ["input[value=chromebook]", "input[value=wallsend-library]", "input[value=me]"]
    for choice in choices:
        page.locator("form button.govuk-button").first.click()  # first with an error
        assert page.locator(".govuk-error-summary").count() == 1
        assert_accessible(page)
        page.locator(choice).check()
        page.locator("form button.govuk-button").first.click()
        assert_accessible(page)
        assert_reflows(page)
    page.locator("form button.govuk-button").first.click()  # eligibility unanswered
    assert_accessible(page)
    page.locator("#in-north-tyneside-2").check()  # no: cannot borrow
    page.locator("#no-device").check()
    page.locator("form button.govuk-button").first.click()
    assert "/devices/apply/not-eligible" in page.url
    assert_accessible(page)
    assert_reflows(page)
    page.goto("/devices/apply/eligibility")
    page.locator("#in-north-tyneside").check()
    page.locator("#no-device").check()
    page.locator("#low-income").check()
    page.locator("form button.govuk-button").first.click()
    page.locator("form button.govuk-button").first.click()  # no name
    assert_accessible(page)
    page.locator("input[name=name]").fill("أمل" if language == "ar" else "Amal")
    page.locator("form button.govuk-button").first.click()
    assert_accessible(page)
    page.locator("input[value=none]").check()
    page.locator("form button.govuk-button").first.click()
    assert page.locator(".govuk-summary-list").count() == 1  # check your answers
    assert_accessible(page)
    assert_reflows(page)
    page.locator("form button.govuk-button").first.click()
    page.wait_for_url(re.compile(r"/loans/"))
    assert page.locator(".govuk-panel").count() == 1
    assert_accessible(page)
    assert_reflows(page)
    page.goto(tracking_path(page))
    assert_accessible(page)
    page.locator("a[href*='/cancel']").click()
    assert_accessible(page)
    page.locator("form button.govuk-button--warning").click()
    assert page.locator(".govuk-notification-banner--success").count() == 1
    assert_accessible(page)
    assert_reflows(page)
