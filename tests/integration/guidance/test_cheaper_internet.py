"""The cheaper-internet checker over HTTP: question pages that carry their answers in
the URL, errors for anything that is not an answer, results, weight, and nothing kept."""

from __future__ import annotations

import gzip
import re
from dataclasses import replace
from urllib.parse import urlencode

import html5lib
import pytest
from sqlalchemy import func, inspect, select, table, text

from inclusion.guidance.tariffs import PACKAGED_FILE
from tests.integration.conftest import PageClient

START = "/cheaper-internet"
CHOOSE_BENEFITS = "Select the benefits you get, or select ‘None of these’"
CHOOSE_NEED = "Select whether you need home broadband, mobile data or both"
CHOOSE_PROVIDER = "Select your provider, or select ‘No’ if you do not have one"
PAGE_BUDGET = 14 * 1024  # gzip-compressed HTML, per page


def url(step: str, *pairs: tuple[str, str]) -> str:
    return f"{START}/{step}" + (f"?{urlencode(pairs)}" if pairs else "")


def answers(*benefits: str, need: str | None = None, provider: str | None = None):
    pairs = [("benefits", b) for b in benefits]
    pairs += [("need", need)] if need else []
    pairs += [("provider", provider)] if provider else []
    return pairs


def text_of(response) -> str:
    return " ".join(response.text.split())


def h1(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match[1]).split())


def form_of(response):
    """The page's GET form: its action and hidden fields, as a browser would send them."""
    document = html5lib.parse(response.text, namespaceHTMLElements=False)
    [form] = [f for f in document.iter("form") if f.get("method") == "get"]
    hidden = [
        (field.get("name"), field.get("value"))
        for field in form.iter("input")
        if field.get("type") == "hidden"
    ]
    return form.get("action"), hidden


def submit(client: PageClient, page, *chosen: tuple[str, str]):
    """Press Continue with these choices, as a browser without JavaScript would."""
    action, hidden = form_of(page)
    return client.get(f"{action}?{urlencode([*hidden, *chosen])}")


def test_the_start_page_explains_and_starts(client):
    page = client.get(START)
    assert page.status_code == 200
    text = text_of(page)
    assert "about £10 to £20 a month" in text
    assert "We do not keep your answers." in text
    assert 'href="/cheaper-internet/benefits"' in page.text


def test_answering_each_question_in_turn(client):
    benefits = client.get(url("benefits"))
    assert h1(benefits) == "Do you get any of these benefits?"
    assert 'data-behaviour="exclusive"' in benefits.text
    assert "error-summary" not in benefits.text

    need = submit(client, benefits, ("benefits", "universal_credit"), ("benefits", "pip"))
    assert need.status_code == 200
    assert h1(need) == "Do you need home broadband, mobile data or both?"
    assert form_of(need) == (
        "/cheaper-internet/provider",
        [("benefits", "universal_credit"), ("benefits", "pip")],
    )
    assert 'href="/cheaper-internet/benefits?benefits=universal_credit&amp;benefits=pip"' in (
        need.text
    )

    provider = submit(client, need, ("need", "broadband"))
    assert h1(provider) == "Do you already have a home broadband or mobile provider?"
    assert '<bdi lang="en">NOW Broadband</bdi>' in provider.text
    assert 'value="another"' in provider.text and 'value="no"' in provider.text

    results = submit(client, provider, ("provider", "ee"))
    assert results.status_code == 200
    assert h1(results) == "Social tariffs you could get"
    text = text_of(results)
    assert "9 social tariffs, cheapest first" in text
    assert "Prices last checked on 20 November 2026." in text
    assert "Universal Credit, Personal Independence Payment (PIP)" in text
    cards = re.findall(r'govuk-summary-card__title">\s*<bdi lang="en">(.*?)</bdi>', results.text)
    assert cards[:3] == [
        "Vodafone: Essentials Broadband",
        "Virgin Media: Essential Broadband",
        "BT: Home Essentials Unlimited Fibre Essential",
    ]
    assert cards[-1] == "Grain: Social tariff"
    assert "£12 a month" in text and "£12.50 a month" in text and "£15 a month" in text
    # EE customers can have BT's tariff, and move without an exit fee.
    assert text.count("You are with EE, so you can usually move to this tariff") == 2
    assert "36 Mbps on average" in text and "12 months" in text
    assert 'href="https://grainconnect.com"' in results.text
    assert "Some of these details are not confirmed" in text
    assert 'href="/devices"' in results.text
    assert 'href="/find"' in results.text and 'href="/sessions"' in results.text


def test_none_of_these_says_so_plainly_and_offers_free_data(client):
    page = client.get(url("results", *answers("none", need="both", provider="no")))
    assert page.status_code == 200
    assert h1(page) == "You cannot get a social tariff"
    text = text_of(page)
    assert "Social tariffs are only for people who get one of the benefits" in text
    assert "govuk-summary-card" not in page.text
    assert "National Databank" in text and "Good Things Foundation" in text
    assert 'href="/devices"' in page.text and 'href="/find"' in page.text
    assert "If you are still in a contract" not in text


def test_benefits_no_tariff_accepts_for_that_need(client):
    page = client.get(url("results", *answers("pip", need="mobile", provider="another")))
    assert h1(page) == "We could not find a social tariff for you"
    assert "for mobile data that accepts the benefits you get" in text_of(page)
    assert "govuk-summary-card" not in page.text
    assert "National Databank" in page.text


def test_a_change_link_comes_back_to_the_results(client):
    full = answers("pension_credit", need="broadband", provider="sky")
    results = client.get(url("results", *full))
    change = re.search(r'href="(/cheaper-internet/need\?[^"]+)"', results.text)[1]
    page = client.get(change.replace("&amp;", "&"))
    assert 'value="broadband" checked' in page.text
    action, hidden = form_of(page)
    assert action == "/cheaper-internet/results"
    assert ("provider", "sky") in hidden and ("benefits", "pension_credit") in hidden
    again = submit(client, page, ("need", "both"))
    assert h1(again) == "Social tariffs you could get"
    assert "You are with Sky. Ask them about moving to this tariff." in text_of(again)


@pytest.mark.parametrize(
    ("target", "pairs", "question", "message"),
    [
        ("need", [], "Do you get any of these benefits?", CHOOSE_BENEFITS),
        ("need", [("benefits", "lottery")], "Do you get any", CHOOSE_BENEFITS),
        ("need", [("benefits", "x" * 10_000)], "Do you get any", CHOOSE_BENEFITS),
        ("need", [("benefits", "pip")] * 30, "Do you get any", CHOOSE_BENEFITS),
        ("need", [("benefits", "none"), ("benefits", "pip")], "Do you get any", "on its own"),
        ("provider", answers("pip"), "Do you need home broadband", CHOOSE_NEED),
        ("provider", answers("pip", need="fibre"), "Do you need home broadband", CHOOSE_NEED),
        (
            "provider",
            [*answers("pip", need="both"), ("need", "mobile")],
            "Do you need home broadband",
            CHOOSE_NEED,
        ),
        ("results", answers("pip", need="both"), "Do you already have", CHOOSE_PROVIDER),
        (
            "results",
            answers("pip", need="both", provider="talktalk"),
            "Do you already have",
            CHOOSE_PROVIDER,
        ),
        ("results", answers("none", provider="no"), "Do you need home broadband", CHOOSE_NEED),
        ("results", answers(need="both", provider="no"), "Do you get any", CHOOSE_BENEFITS),
    ],
)
def test_anything_that_is_not_an_answer_is_asked_again(client, target, pairs, question, message):
    page = client.get(url(target, *pairs))
    assert page.status_code == 200
    assert h1(page).startswith(question)
    assert "govuk-error-summary" in page.text
    assert message in page.text
    assert re.search(r"<title>Error: ", page.text)


@pytest.mark.parametrize(
    "query",
    [
        "benefits=%FF%FE&need=%00&provider=%F0%9F%99%82",
        "benefits=pip&need=both&provider=" + "b" * 10_000,
        "benefits[]=pip&need[0]=both",
        "benefits=pip&benefits=&need=&provider=",
        "benefits=%25%32%35&need=both%0Aprovider=bt",
        "&&&=&=x&benefits",
    ],
)
def test_hand_made_queries_never_break_the_page(client, query):
    page = client.get(f"{START}/results?{query}")
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text


def test_an_error_keeps_what_was_chosen(client):
    page = client.get(url("provider", *answers("pip", "housing_benefit")))
    assert CHOOSE_NEED in page.text
    action, hidden = form_of(page)
    assert action == "/cheaper-internet/provider"
    assert hidden == [("benefits", "pip"), ("benefits", "housing_benefit")]
    both = client.get(url("need", *answers("none", "pip")))
    assert re.search(r'value="pip" checked', both.text)
    assert re.search(r'value="none" checked', both.text)
    # A later answer that is not one is dropped, and its question asked in turn.
    wrong_later = client.get(url("need", *answers("pip", need="both", provider="talktalk")))
    assert 'value="both" checked' in wrong_later.text
    assert form_of(wrong_later) == ("/cheaper-internet/provider", [("benefits", "pip")])


def test_back_links_carry_the_earlier_answers(client):
    provider = client.get(url("provider", *answers("pip", need="mobile")))
    assert (
        '<a href="/cheaper-internet/need?benefits=pip&amp;need=mobile" class="govuk-back-link">'
        in provider.text
    )
    benefits = client.get(url("benefits"))
    assert '<a href="/cheaper-internet" class="govuk-back-link">' in benefits.text


def test_results_in_arabic_format_prices_and_mark_english_data(client):
    page = client.get(
        url("results", *answers("universal_credit", need="broadband", provider="bt")) + "&lang=ar"
    )
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl"' in page.text
    assert "12.50" in page.text and "UK£" in page.text
    assert '<bdi lang="en">BT: Home Essentials Unlimited Fibre</bdi>' in page.text
    assert '<bdi lang="en">For Pension Credit, you need Guarantee Credit.</bdi>' in page.text


def _every_page():
    every = answers(
        "universal_credit",
        "pension_credit",
        "esa_income_related",
        "jsa_income_based",
        "income_support",
        "pip",
        "attendance_allowance",
        "housing_benefit",
        need="both",
        provider="bt",
    )
    return [
        START,
        url("benefits"),
        url("need"),  # with its error
        url("need", *every[:8]),
        url("provider", *every[:9]),
        url("results", *every),  # every tariff: the heaviest page
        url("results", *answers("none", need="both", provider="no")),
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_is_within_the_weight_budget(client, language):
    sizes = {}
    for address in _every_page():
        joiner = "&" if "?" in address else "?"
        page = client.get(f"{address}{joiner}lang={language}")
        assert page.status_code == 200
        sizes[address] = len(gzip.compress(page.content))
    assert max(sizes.values()) <= PAGE_BUDGET, sizes


def _row_counts(db_session) -> dict[str, int]:
    connection = db_session.connection()
    return {
        name: connection.scalar(select(func.count()).select_from(table(name)))
        for name in inspect(connection).get_table_names()
    }


def test_nothing_is_stored(client, db_session):
    home_cookies = _cookie_names(client.get("/"))
    before = _row_counts(db_session)
    for address in _every_page():
        page = client.get(address)
        assert _cookie_names(page) <= home_cookies, address
        if address != START:  # answers are in the URL: never cache the page
            assert page.headers["cache-control"] == "no-store", address
    after = _row_counts(db_session)
    assert {**after, "daily_counts": 0} == {**before, "daily_counts": 0}
    # A completed check is only one more in the day's anonymous count, without its answers.
    counts = db_session.execute(text("SELECT metric, key FROM daily_counts")).all()
    assert {tuple(row) for row in counts} <= {("tariff_check_completed", "")}


def _cookie_names(response) -> set[str]:
    return {header.split("=", 1)[0] for header in response.headers.get_list("set-cookie") if header}


class TestAReplacementFile:
    @pytest.fixture
    def settings(self, settings, tmp_path):
        """Staff's own reviewed copy, with a tariff of their own and no code change."""
        own = tmp_path / "tariffs.yaml"
        own.write_text(
            PACKAGED_FILE.read_text(encoding="utf-8")
            .replace("provider: Grain", "provider: Tyneside Fibre")
            .replace(
                "how_to_apply:\n      url: https://grainconnect.com",
                "how_to_apply:\n      phone: 0191 000 0000",
            )
            .replace("    name: For Now\n", "    name: For Now\n    data: 20GB a month\n"),
            encoding="utf-8",
        )
        return replace(settings, tariffs_file=own)

    def test_is_what_residents_see(self, client):
        provider = client.get(url("provider", *answers("housing_benefit", need="both")))
        assert '<bdi lang="en">Tyneside Fibre</bdi>' in provider.text
        assert '<bdi lang="en">Grain</bdi>' not in provider.text
        page = submit(client, provider, ("provider", "tyneside-fibre"))
        text = text_of(page)
        assert "Tyneside Fibre: Social tariff" in text
        assert "You are with Tyneside Fibre. Ask them about moving to this tariff." in text
        assert 'href="tel:01910000000"' in page.text
        mobile = client.get(
            url("results", *answers("universal_credit", need="mobile", provider="no"))
        )
        assert '<bdi lang="en">20GB a month</bdi>' in mobile.text


class TestABrokenReplacementFile:
    @pytest.fixture
    def settings(self, settings, tmp_path):
        """A staff-supplied replacement file with a mistake in it."""
        broken = tmp_path / "tariffs.yaml"
        broken.write_text(
            PACKAGED_FILE.read_text(encoding="utf-8").replace(
                "monthly_price: 12.50", "monthly_price: -12.50"
            ),
            encoding="utf-8",
        )
        return replace(settings, tariffs_file=broken)

    def test_never_breaks_the_pages(self, client, caplog):
        page = client.get(url("results", *answers("universal_credit", need="both", provider="no")))
        assert page.status_code == 200
        assert "£12.50 a month" in text_of(page)  # the packaged file's price
        assert "virgin-media-essential-broadband', monthly_price: must be 0 or more" in caplog.text
