"""Guidance pages over HTTP: every page in every language, print views, search, the
careers page's sessions, the staff review list and the page-weight budget."""

from __future__ import annotations

import gzip
import re
from datetime import date, datetime, timedelta

import pytest

from inclusion.guidance.content import library
from inclusion.i18n.locales import SITE_LOCALES
from tests.factories.sessions import make_session
from tests.factories.staff import sign_in

PAGE_BUDGET_BYTES = 14 * 1024
FALLBACK_NOTICE = "app-fallback-notice"


def page_url(page) -> str:
    if page.section == "online-safety":
        return f"/online-safety/{page.slug}"
    return f"/{page.section}"


GUIDES = library().pages("en")
GUIDE_URLS = [page_url(p) for p in GUIDES]
INDEX_URLS = ["/online-safety", "/guidance/search", "/guidance/search?q=password"]


@pytest.mark.parametrize("site", SITE_LOCALES, ids=lambda s: s.code)
def test_every_guide_renders_in_every_language(client, site):
    for english in GUIDES:
        response = client.get(f"{page_url(english)}?lang={site.tag}")
        assert response.status_code == 200, page_url(english)
        html = response.text
        shown = library().page(english.section, english.slug, site.code)
        assert html.count("<h1") == 1
        assert f">{_escaped(shown.page.title)}</h1>" in html
        assert _escaped(shown.page.summary) in html
        assert "app-review-dates" in html
        assert f'<html lang="{site.tag}"' in html
        # English text inside a page in another language is marked as English.
        assert (FALLBACK_NOTICE in html) == shown.is_fallback
        assert ('<article class="app-guidance" lang="en"' in html) == shown.is_fallback


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")


def test_the_online_safety_index_lists_every_guide_in_order(client):
    html = client.get("/online-safety?lang=en").text
    safety = [p for p in GUIDES if p.section == "online-safety"]
    positions = [html.index(f'href="/online-safety/{p.slug}"') for p in safety]
    assert positions == sorted(positions) and len(safety) >= 8
    assert "report@phishing.gov.uk" in html and "7726" in html and "159" in html


@pytest.mark.parametrize("site", SITE_LOCALES, ids=lambda s: s.code)
def test_every_guide_has_a_print_view_in_every_language(client, settings, site):
    for english in GUIDES:
        url = f"{page_url(english)}/print?lang={site.tag}"
        html = client.get(url).text
        assert "app-handout" in html
        assert "app-header" not in html and "app-language-switcher" not in html
        assert 'href="/' not in html.split("<body", 1)[1].replace('href="/static', "")
        assert f"{settings.base_url}{page_url(english)}" in html


def test_unknown_guides_are_not_found(client):
    for url in [
        "/online-safety/no-such-guide",
        "/online-safety/index",
        "/online-safety/index/print",
        "/online-safety/%F0%9F%99%82",
    ]:
        assert client.get(url).status_code == 404, url


def test_search_finds_guides_and_copes_with_anything_typed(client):
    html = client.get("/guidance/search?q=7726&lang=en").text
    assert 'href="/online-safety/spotting-scams"' in html
    assert "guide found" in html or "guides found" in html
    html = client.get("/guidance/search?q=zzqqxx&lang=en").text
    assert "0 guides found" in html
    for odd in ["x" * 10_000, "<script>alert(1)</script>", "%00", "'; drop table x;--"]:
        response = client.get("/guidance/search", params={"q": odd})
        assert response.status_code == 200
        assert "<script>alert" not in response.text


def test_search_results_come_alone_to_htmx(client):
    response = client.get("/guidance/search?q=password&lang=en", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="search-results"' in response.text


def test_the_careers_page_lists_upcoming_career_sessions(client, db_session, clock):
    assert "There are no career sessions" in client.get("/careers?lang=en").text
    soon = clock.now + timedelta(days=3)
    career = make_session(db_session, soon, title="Write a CV online")
    career.topic = "jobs_and_careers"
    make_session(db_session, soon, title="Video calls for beginners")
    make_session(
        db_session, clock.now - timedelta(days=1), title="Past CV class"
    ).topic = "jobs_and_careers"
    db_session.commit()
    html = client.get("/careers?lang=en").text
    assert "Write a CV online" in html
    assert f'href="/sessions/{career.id}"' in html
    assert "Video calls for beginners" not in html and "Past CV class" not in html


def test_staff_see_pages_past_their_review_date(client, librarian, clock):
    sign_in(client, librarian, clock.now)
    html = client.get("/staff/guidance?lang=en").text
    assert "No page is past its review date." in html
    # Move the clock past the earliest review date: those pages are now overdue.
    earliest = min(p.review_due for p in library().pages())
    clock.now = datetime.combine(earliest + timedelta(days=1), clock.now.timetz())
    sign_in(client, librarian, clock.now)  # the first sign-in has long expired
    html = client.get("/staff/guidance?lang=en").text
    overdue = [p for p in library().pages() if p.review_due < earliest + timedelta(days=1)]
    assert overdue
    table = html.split('id="past-review"', 1)[1].split("Every page", 1)[0]
    for page in overdue:
        assert f"{page.locale}/{page.section}/{page.slug}.md" in table
    assert "No page is past its review date." not in html
    # Staff can print every page in every language.
    for site in SITE_LOCALES:
        assert f"/online-safety/spotting-scams/print?lang={site.tag}" in html


@pytest.mark.parametrize("url", GUIDE_URLS + INDEX_URLS + ["/"])
def test_each_page_is_within_the_weight_budget(client, url):
    for site in SITE_LOCALES:
        separator = "&" if "?" in url else "?"
        body = client.get(f"{url}{separator}lang={site.tag}").content
        assert len(gzip.compress(body)) <= PAGE_BUDGET_BYTES, (url, site.tag)


def test_the_home_page_offers_each_task_one_tap_away(client):
    html = client.get("/?lang=en").text
    tasks = ["/find", "/sessions", "/devices", "/online-safety", "/cheaper-internet"]
    for path in [*tasks, "/careers", "/why-get-online", "/feedback"]:
        assert re.search(rf'href="{re.escape(path)}/?"', html), path


def test_review_dates_are_shown_in_the_readers_language(client):
    page = library().page("online-safety", "spotting-scams", "pl").page
    html = client.get("/online-safety/spotting-scams?lang=pl").text
    assert str(page.review_due.year) in html
    assert date(2000, 1, 1).isoformat() not in html
