"""A resident gives feedback without JavaScript; an officer on a phone finds it in the
triage queue, replies, plans a change, publishes it as "You said, we did" and closes
the feedback; the resident looks up their reference and sees what happened.

Every page visited passes axe and fits its width without sideways scrolling.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from inclusion.settings import Settings
from tests.browser.conftest import assert_accessible, assert_reflows
from tests.browser.test_staff_journey import sign_in
from tests.factories.staff import make_staff

pytestmark = pytest.mark.browser

WHAT_HAPPENED = "The computer class at Wallsend was full three weeks running."
WHAT_WOULD_HELP = "A second class on Thursday afternoons."
REPLY = "Thank you. We are adding a Thursday class at Wallsend from next month."
YOU_SAID = "The computer class at Wallsend was full every week."
WE_DID = "We added a second class on Thursday afternoons."


@pytest.fixture(scope="module")
def officer(site_database):
    key = Settings.from_environment().secret_key
    with site_database.session() as session:
        return make_staff(
            session, key, datetime.now(UTC), "officer", email="feedback.officer@example.org"
        )


@pytest.fixture
def mirror(browser, base_url):
    """A page with JavaScript, the same size as `no_js_page`, for axe to run in."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1024, "height": 800})
    yield context.new_page()
    context.close()


def check(page) -> None:
    assert page.locator("h1").count() == 1, page.url
    assert_accessible(page)
    assert_reflows(page)


def check_without_javascript(page, mirror) -> None:
    """axe needs JavaScript, which a page without it cannot run: the mirror loads the
    same document at the same address, with the site's scripts blocked so that it
    stays as a browser without JavaScript shows it, and axe checks it there."""
    assert_reflows(page)
    html, address = page.content(), page.url
    mirror.route(
        lambda url: url == address,
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    mirror.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    mirror.goto(address)
    check(mirror)
    mirror.unroute_all()


def give_feedback(page, mirror) -> str:
    """The resident's side, without JavaScript; returns their reference."""
    page.goto("/feedback")
    check_without_javascript(page, mirror)
    page.get_by_role("button", name="Send feedback").click()  # nothing filled in
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    check_without_javascript(page, mirror)

    page.get_by_label("A digital skills session").check()
    page.get_by_label("2 – ").check()
    page.get_by_label("What happened?").fill(WHAT_HAPPENED)
    page.get_by_label("What would make it better? (optional)").fill(WHAT_WOULD_HELP)
    page.get_by_label("Yes, by email").check()
    page.get_by_label("Email address").fill("resident.journey@example.org")
    page.get_by_label("Your name (optional)").fill("Sam")
    page.get_by_label("I agree that North Tyneside Council").check()
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_url(re.compile(r"/feedback/sent\?"))
    check_without_javascript(page, mirror)
    reference = page.locator(".govuk-panel strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", reference), reference
    return reference


def triage(page, officer, reference: str) -> None:
    """The officer's side, on a phone: find it, reply, plan a change."""
    sign_in(page, officer)
    page.get_by_role("navigation", name="Back office").get_by_role("link", name="Feedback").click()
    page.wait_for_url(re.compile(r"/staff/feedback$"))
    check(page)
    page.get_by_label("New", exact=True).check()
    page.get_by_label("Topic").select_option("session")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"status=new"))
    check(page)
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(r"/staff/feedback/[A-Z2-9]{8}$"))
    check(page)
    assert WHAT_HAPPENED in page.content() and "resident.journey@example.org" in page.content()

    page.get_by_role("button", name="Send reply").click()  # nothing written
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    check(page)
    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_url(re.compile(r"done=replied"))
    assert "Your reply is on its way" in page.content()
    check(page)

    page.get_by_label("Action planned").check()
    page.get_by_label("Why (optional)").fill("Thursday room booked")
    page.get_by_role("button", name="Change status").click()
    page.wait_for_url(re.compile(r"done=status"))
    assert "Status changed: Action planned" in " ".join(page.content().split())
    check(page)


def publish_change(page, reference: str) -> None:
    """The officer publishes the change, linked to the feedback, and closes it."""
    page.goto("/staff/you-said-we-did/new")
    check(page)
    page.get_by_label("P2: basic digital skills").check()
    page.get_by_label("You said").fill(YOU_SAID)
    page.get_by_label("We did").fill(WE_DID)
    page.get_by_label("Venue (optional)").select_option("wallsend-library")
    page.get_by_label("Feedback references behind this change (optional)").fill(reference)
    page.get_by_label("Mark these feedback items as done").check()
    page.get_by_role("button", name="Publish change").click()
    page.wait_for_url(re.compile(r"/staff/you-said-we-did\?done=published"))
    check(page)

    page.goto(f"/staff/feedback/{reference}")
    text = " ".join(page.locator("main").inner_text().split())
    assert "Status Done" in text
    check(page)
    page.goto("/staff/feedback?status=done")
    assert reference in page.content()
    check(page)


def see_what_happened(page, mirror, reference: str) -> None:
    """The resident's side again, without JavaScript."""
    page.goto("/feedback/status")
    check_without_javascript(page, mirror)
    page.get_by_label("Feedback reference").fill(reference.lower())
    page.get_by_role("button", name="Check feedback").click()
    page.wait_for_url(re.compile(r"reference="))
    text = " ".join(page.locator("main").inner_text().split())
    assert "Done: we made a change" in text
    assert WE_DID in text
    assert WHAT_HAPPENED not in text and REPLY not in text  # never what was written
    check_without_javascript(page, mirror)

    page.goto("/you-said-we-did")
    text = " ".join(page.locator("main").inner_text().split())
    assert YOU_SAID in text and WE_DID in text and reference in text
    check_without_javascript(page, mirror)


def test_feedback_from_a_resident_to_a_published_change(no_js_page, mirror, phone_page, officer):
    reference = give_feedback(no_js_page, mirror)
    triage(phone_page, officer, reference)
    publish_change(phone_page, reference)
    see_what_happened(no_js_page, mirror, reference)
