"""A resident with JavaScript off checks for cheaper internet; every page of the checker,
its errors included, passes axe and reflows at 320 px, in English and in Arabic."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_reflows

pytestmark = pytest.mark.browser


def continue_(page) -> None:
    page.get_by_role("button", name="Continue").click()


def card_titles(page) -> list[str]:
    return page.locator(".govuk-summary-card__title").all_inner_texts()


def test_checking_for_a_social_tariff_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/cheaper-internet?lang=en")
    assert "about £10 to £20 a month" in page.content()
    page.get_by_role("button", name="Start now").click()

    continue_(page)  # nothing chosen
    assert page.locator(".govuk-error-summary").count() == 1
    assert page.title().startswith("Error: Do you get any of these benefits?")
    page.get_by_label("Universal Credit").check()
    page.get_by_label("None of these").check()  # without JavaScript both can be ticked
    continue_(page)
    assert "‘None of these’ on its own" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Universal Credit").is_checked()
    page.get_by_label("None of these").uncheck()
    continue_(page)

    continue_(page)  # nothing chosen
    assert page.locator(".govuk-error-message").count() == 1
    page.get_by_label("Home broadband").check()
    continue_(page)
    page.get_by_label("BT", exact=True).check()
    continue_(page)

    assert page.locator("h1").inner_text() == "Social tariffs you could get"
    assert "/cheaper-internet/results?benefits=universal_credit&need=broadband&provider=bt" in (
        page.url
    )
    titles = card_titles(page)
    assert titles[0] == "Vodafone: Essentials Broadband"
    assert titles[-1] == "Grain: Social tariff"
    assert "Prices last checked on 20 November 2026" in page.content()

    page.get_by_role("link", name="Change benefits").click()
    assert page.get_by_label("Universal Credit").is_checked()
    page.get_by_label("Universal Credit").uncheck()
    page.get_by_label("None of these").check()
    continue_(page)  # straight back to the results
    assert page.locator("h1").inner_text() == "You cannot get a social tariff"
    assert page.locator(".govuk-summary-card").count() == 0
    page.get_by_role("link", name="Find out where to ask for a free data SIM").click()
    assert page.url.endswith("/devices")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_checker_page_passes_axe(phone_page, language):
    """axe needs JavaScript, so this walk has it on; the pages work the same without."""
    page = phone_page
    page.goto(f"/cheaper-internet?lang={language}")
    assert_accessible(page)
    assert_reflows(page)
    page.locator("a.govuk-button--start").click()
    for choice in ["input[value=pip]", "input[value=both]", "input[value=vodafone]"]:
        assert_accessible(page)
        assert_reflows(page)
        page.locator("form button.govuk-button").first.click()  # first with an error
        assert page.locator(".govuk-error-summary").count() == 1
        assert_accessible(page)
        assert_reflows(page)
        page.locator(choice).check()
        page.locator("form button.govuk-button").first.click()
    assert page.locator(".govuk-summary-card").count() == 2  # Vodafone and Grain
    assert_accessible(page)
    assert_reflows(page)

    every = "&".join(
        f"benefits={benefit}"
        for benefit in ("universal_credit", "pension_credit", "attendance_allowance")
    )
    for query in [
        f"{every}&need=both&provider=ee",  # every tariff: the longest page
        "benefits=none&need=mobile&provider=no",
        "benefits=housing_benefit&need=mobile&provider=another",  # benefits, but none fits
        "benefits=none&benefits=pip&need=x",  # a hand-made URL
    ]:
        page.goto(f"/cheaper-internet/results?{query}")
        assert_accessible(page)
        assert_reflows(page)
