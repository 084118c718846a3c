"""Guidance in a real browser: axe on every guide in English and Arabic, reflow at
320 px, and each handout printed to A4 on at most two pages."""

from __future__ import annotations

import re

import pytest

from inclusion.guidance.content import library
from tests.browser.conftest import assert_accessible, assert_reflows

pytestmark = pytest.mark.browser

MOST_PRINTED_PAGES = 2


def guide_path(page) -> str:
    if page.section == "online-safety":
        return f"/online-safety/{page.slug}"
    return f"/{page.section}"


GUIDE_PATHS = [guide_path(p) for p in library().pages("en")]
OTHER_PATHS = ["/online-safety", "/guidance/search?q=scam", "/guidance/search?q=zzqq", "/"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_guidance_page_passes_axe_and_reflows(phone_page, language):
    page = phone_page
    for path in GUIDE_PATHS + OTHER_PATHS:
        separator = "&" if "?" in path else "?"
        page.goto(f"{path}{separator}lang={language}")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
        assert_reflows(page)
    for path in GUIDE_PATHS:
        page.goto(f"{path}/print?lang={language}")
        assert_accessible(page)
        assert_reflows(page)


def printed_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("path", GUIDE_PATHS)
def test_each_handout_prints_on_at_most_two_a4_pages(page, path):
    for view in (path, f"{path}/print"):
        page.goto(f"{view}?lang=en")
        page.emulate_media(media="print")
        # Navigation and the language list are hidden; link addresses are written out.
        assert not page.locator(".app-header").is_visible()
        assert not page.locator(".app-language-switcher").is_visible()
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
        pages = printed_page_count(pdf)
        assert 1 <= pages <= MOST_PRINTED_PAGES, f"{view} prints on {pages} pages"


def test_search_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/online-safety?lang=en")
    page.get_by_label("Search the guides").fill("7726")
    page.get_by_role("button", name="Search").click()
    assert page.locator("h1").inner_text() == "Search the guides"
    page.get_by_role("link", name=re.compile("scam", re.I)).first.click()
    assert "/online-safety/spotting-scams" in page.url
