"""An officer publishes "You said, we did" on a phone, linked to a resident's feedback
reference; the resident finds it under its goal with what happened to their feedback.
Every page passes axe and fits 320 px; the public page in English and Arabic."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from inclusion.feedback.models import FeedbackStatus
from inclusion.sessions.references import format_reference
from inclusion.settings import Settings
from tests.browser.conftest import assert_accessible, assert_reflows
from tests.browser.test_staff_journey import sign_in
from tests.factories.feedback import make_item
from tests.factories.staff import make_staff

pytestmark = pytest.mark.browser

YOU_SAID = "The Saturday drop-in at Wallsend was always full."
WE_DID = "We added a second Saturday drop-in, from 2pm to 4pm."


@pytest.fixture(scope="module")
def officer(site_database):
    key = Settings.from_environment().secret_key
    with site_database.session() as session:
        return make_staff(
            session, key, datetime.now(UTC), "officer", email="changes.officer@example.org"
        )


@pytest.fixture(scope="module")
def references(site_database) -> list[str]:
    """Two residents' feedback about Wallsend: one new, one being looked at."""
    with site_database.session() as session:
        now = datetime.now(UTC)
        items = [
            make_item(session, now, what_happened="The drop-in was full again"),
            make_item(session, now, status=FeedbackStatus.IN_REVIEW),
        ]
        return [format_reference(item.reference) for item in items]


def check(page) -> None:
    assert page.locator("h1").count() == 1, page.url
    assert_accessible(page)
    assert_reflows(page)


def test_an_officer_publishes_a_change_and_the_resident_sees_it(
    phone_page, no_js_page, officer, references
):
    page = phone_page
    sign_in(page, officer)
    page.get_by_role("link", name="You said, we did").click()
    page.wait_for_url(re.compile(r"/staff/you-said-we-did$"))
    check(page)

    page.get_by_role("button", name="Publish a change").click()
    page.wait_for_url(re.compile(r"/staff/you-said-we-did/new$"))
    check(page)
    page.get_by_role("button", name="Publish change").click()  # nothing filled in
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    check(page)

    page.get_by_label("P2: basic digital skills").check()
    page.get_by_label("You said").fill(YOU_SAID)
    page.get_by_label("We did").fill(WE_DID)
    page.get_by_label("Venue (optional)").select_option("wallsend-library")
    reference_box = page.get_by_label("Feedback references behind this change (optional)")
    reference_box.fill(f"{references[0]}, ZZZZ-ZZZZ")
    page.get_by_role("button", name="Publish change").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "There is no feedback with the reference ZZZZ-ZZZZ" in page.content()
    assert reference_box.input_value() == f"{references[0]}, ZZZZ-ZZZZ"  # kept to correct
    check(page)

    reference_box.fill(references[0])
    page.get_by_label("Mark these feedback items as done").check()
    page.get_by_role("button", name="Publish change").click()
    page.wait_for_url(re.compile(r"\?done=published&marked=1$"))
    assert "1 feedback item is marked done." in page.content()
    check(page)

    card = page.locator(".govuk-summary-card", has_text=YOU_SAID)
    card.get_by_role("link", name=re.compile("^Edit")).click()
    page.wait_for_url(re.compile(r"/staff/you-said-we-did/\d+$"))
    assert page.get_by_label("You said").input_value() == YOU_SAID
    check(page)
    page.go_back()
    card.get_by_role("link", name=re.compile("^Withdraw")).click()
    page.wait_for_url(re.compile(r"/withdraw$"))
    check(page)
    page.get_by_role("button", name="Continue").click()  # neither yes nor no
    page.locator(".govuk-error-summary").wait_for()
    check(page)
    page.get_by_label("No, keep it").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/staff/you-said-we-did$"))

    # The resident, on a library PC with JavaScript off.
    resident = no_js_page
    resident.goto("/you-said-we-did")
    assert resident.locator("h1").count() == 1  # axe runs on this page below, with JS on
    change = resident.locator(".govuk-summary-card", has_text=YOU_SAID)
    goal = change.locator("xpath=preceding-sibling::h2[1]")
    assert goal.inner_text() == "P2: basic digital skills"
    assert re.fullmatch(r"change-\d+", change.get_attribute("id"))
    text = " ".join(change.inner_text().split())
    assert WE_DID in text and "Wallsend Library" in text
    assert f"{references[0]}: Done: we made a change" in text
    assert references[1] not in resident.content()  # not linked, not shown
    assert "The drop-in was full again" not in resident.content()  # never the feedback

    resident.get_by_label("Goal in the council's Digital Strategy").select_option("P1")
    resident.get_by_role("button", name="Show changes").click()
    resident.wait_for_url(re.compile(r"\?goal=P1$"))
    assert YOU_SAID not in resident.content()
    assert resident.locator("h1").count() == 1  # axe runs on this page below, with JS on
    resident.get_by_label("Goal in the council's Digital Strategy").select_option("P2")
    resident.get_by_role("button", name="Show changes").click()
    resident.wait_for_url(re.compile(r"\?goal=P2$"))
    assert YOU_SAID in resident.content()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_page_passes_axe_and_fits_a_phone(phone_page, language, references):
    page = phone_page
    for query in ("", "&goal=P2", "&goal=P5"):
        page.goto(f"/you-said-we-did?lang={language}{query}")
        check(page)
