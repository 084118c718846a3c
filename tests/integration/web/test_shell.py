"""The page shell: headers, errors, health, languages, static files, page weight."""

from __future__ import annotations

import gzip
import re
from dataclasses import replace

from litestar.testing import TestClient

from inclusion.app import create_app
from inclusion.settings import Settings
from inclusion.web.static_files import static_url

PAGES = [
    "/",
    "/find",
    "/find?postcode=NE29",
    "/places/wallsend-library",
    "/accessibility",
    "/privacy",
]


def test_every_page_renders_and_passes_the_page_checks(client):
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in headers  # plain HTTP in tests


def test_hsts_when_served_over_https(db, database_url):
    settings = replace(Settings.from_environment(), database_url=database_url, https=True)
    with TestClient(app=create_app(settings, db=db)) as https_client:
        assert "max-age=" in https_client.get("/healthz").headers["strict-transport-security"]


def test_no_inline_script_or_style_in_pages(client):
    html = client.get("/find?postcode=NE29").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_unknown_place_is_a_friendly_404(client):
    response = client.get("/places/no-such-place")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


def test_unknown_url_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_failure_shows_the_friendly_500_page_and_no_stack_trace(client, app):
    def broken_clock():
        raise RuntimeError("clock stopped")

    app.state.clock = broken_clock
    response = client.get("/find?postcode=NE29")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "RuntimeError" not in response.text and "Traceback" not in response.text


def test_health_and_readiness(client, app):
    assert client.get("/healthz").text == "ok"
    assert client.get("/readyz").status_code == 200


def test_not_ready_without_a_database(db, database_url):
    from inclusion.db.engine import Database

    settings = replace(Settings.from_environment(), database_url=database_url)
    unreachable = Database.from_url("postgresql://nobody@127.0.0.1:1/none")
    with TestClient(app=create_app(settings, db=unreachable)) as broken:
        assert broken.get("/readyz").status_code == 503
        assert broken.get("/healthz").status_code == 200


def test_language_from_query_sticks_in_a_cookie(client):
    first = client.get("/?lang=pl")
    assert '<html lang="pl" dir="ltr"' in first.text
    assert "lang=pl" in first.headers["set-cookie"]
    assert first.headers["content-language"] == "pl"
    again = client.get("/find")
    assert '<html lang="pl"' in again.text


def test_accept_language_on_first_visit(client):
    response = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert '<html lang="uk"' in response.text


def test_arabic_is_right_to_left_and_says_it_is_unreviewed(client):
    response = client.get("/find?postcode=NE29&lang=ar")
    assert '<html lang="ar" dir="rtl"' in response.text
    assert "This translation has not yet been checked" not in response.text  # it is in Arabic
    assert 'class="govuk-body-s app-language-switcher__note"' in response.text


def test_language_switcher_keeps_the_search(client):
    html = client.get("/find?postcode=NE29&need=wifi").text
    assert 'href="/find?postcode=NE29&amp;need=wifi&amp;lang=zh-Hans"' in html


def test_distances_and_times_are_formatted_for_the_locale(client):
    english = client.get("/find?postcode=NE29&lang=en").text
    assert re.search(r"\d\.\d miles", english)
    assert "closes at 5:30pm" in english
    polish = client.get("/find?postcode=NE29&lang=pl").text
    assert re.search(r"\d,\d", polish)  # Polish decimal comma
    assert "17:30" in polish


def test_static_files_are_fingerprinted_and_cached_for_a_year(client, app):
    html = client.get("/").text
    css = static_url(app.state.settings.static_dir, "app.css")
    assert css in html
    response = client.get(css)
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
    assert "max-age=31536000" in response.headers["cache-control"]


def test_results_page_weighs_at_most_14_kb_compressed(client):
    for encoding in ("gzip", "br"):
        response = client.client.get("/find?postcode=NE29", headers={"Accept-Encoding": encoding})
        assert response.headers["content-encoding"] == encoding
        compressed = (
            int(response.headers["content-length"])
            if "content-length" in response.headers
            else len(response.content)
        )
        wire = len(gzip.compress(response.text.encode(), 9)) if encoding == "gzip" else compressed
        assert wire <= 14 * 1024, f"{encoding}: {wire} bytes"


def test_first_visit_css_and_js_weigh_at_most_60_kb_compressed_and_no_web_fonts(client, app):
    html = client.get("/").text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert {a.split("?")[0] for a in assets} == {
        "/static/app.css",
        "/static/htmx.min.js",
        "/static/app.js",
    }
    total = 0
    for asset in assets:
        body = client.client.get(asset).content
        total += len(gzip.compress(body, 9))
        assert b"@font-face" not in body and b".woff" not in body
    assert total <= 60 * 1024, f"{total} bytes"


def test_unmatched_urls_get_security_headers_and_the_chosen_language(client):
    response = client.get("/no/such/page?lang=ar")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl"' in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_form_posts_from_one_address_are_capped(client, settings):
    POSTS_PER_MINUTE = settings.form_posts_per_minute

    client.get("/staff/sign-in")
    statuses = [
        client.post("/staff/password-reset", {"email": "x"}, check=False).status_code
        for _ in range(POSTS_PER_MINUTE + 1)
    ]
    assert statuses[:POSTS_PER_MINUTE] == [200] * POSTS_PER_MINUTE
    assert statuses[-1] == 429
    last = client.post("/staff/password-reset", {"email": "x"})
    assert "Please wait a minute" in last.text
    assert last.headers["retry-after"] == "60"
