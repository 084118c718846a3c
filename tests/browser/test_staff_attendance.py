"""A librarian takes attendance on a phone; every staff sessions page passes axe."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from inclusion.i18n.formatting import LONDON
from inclusion.places.models import Place
from inclusion.sessions import services
from inclusion.sessions.models import Booking, SkillSession
from inclusion.sessions.references import Links
from inclusion.settings import Settings
from tests.browser.conftest import assert_accessible, assert_reflows
from tests.browser.test_staff_journey import sign_in
from tests.factories.staff import make_staff

pytestmark = pytest.mark.browser

TITLE = "Phone basics for attendance"


@pytest.fixture(scope="module")
def librarians(site_database):
    """Two accounts, one per test: a code cannot be used twice in its 30 seconds."""
    key = Settings.from_environment().secret_key
    with site_database.session() as session:
        now = datetime.now(UTC)
        return [
            make_staff(session, key, now, email=f"sessions.{name}@example.org")
            for name in ("phone", "desk")
        ]


@pytest.fixture(scope="module")
def session_id(site_database) -> int:
    """Tomorrow at 10am at Wallsend, with two people booked."""
    settings = Settings.from_environment()
    links = Links(settings.base_url, settings.secret_key)
    now = datetime.now(LONDON)
    starts_at = (now + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    with site_database.session() as session:
        place = session.scalars(select(Place).where(Place.slug == "wallsend-library")).one()
        skill_session = SkillSession(
            place=place,
            title=TITLE,
            topic="smartphones",
            level="beginner",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            capacity=6,
            booked=0,
            created_at=now,
        )
        session.add(skill_session)
        session.flush()
        for name in ("Ada Lovelace", "Grace Hopper"):
            services.book(session, skill_session, services.Details(name, "none"), now, links)
        return skill_session.id


@pytest.fixture
def phone(browser, base_url):
    """360 CSS pixels wide: a small Android phone."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_a_librarian_takes_attendance_on_a_phone(phone, librarians, session_id, site_database):
    page = phone
    sign_in(page, librarians[0])
    page.get_by_role("link", name="Sessions").click()
    page.wait_for_url(re.compile(r"/staff/sessions$"))
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/staff/sessions/{session_id}$"))
    assert_accessible(page)
    page.get_by_role("button", name="Take attendance").click()
    page.wait_for_url(re.compile(r"/attendance$"))
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_role("group", name="Ada Lovelace").get_by_label("Attended").click()
    # Grace by keyboard alone: into her choices, arrow to the second, tab to Save.
    page.get_by_role("group", name="Grace Hopper").get_by_label("Attended").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attendance\?saved=1$"))
    assert "Attendance is saved" in page.content()
    assert_accessible(page)
    assert_reflows(page)

    ada = page.get_by_role("group", name="Ada Lovelace")
    grace = page.get_by_role("group", name="Grace Hopper")
    assert ada.get_by_label("Attended").is_checked()
    assert grace.get_by_label("Did not attend").is_checked()
    assert not grace.get_by_label("Attended").is_checked()
    with site_database.session() as session:
        marks = dict(
            session.execute(
                select(Booking.name, Booking.attendance).where(Booking.session_id == session_id)
            ).all()
        )
    assert marks == {"Ada Lovelace": "attended", "Grace Hopper": "did_not_attend"}


def test_every_staff_sessions_page_passes_axe(page, librarians, session_id):
    sign_in(page, librarians[1])
    for path in [
        "/staff/sessions",
        "/staff/sessions/new",
        f"/staff/sessions/{session_id}",
        f"/staff/sessions/{session_id}/edit",
        f"/staff/sessions/{session_id}/cancel",
        f"/staff/sessions/{session_id}/book",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)

    page.goto("/staff/sessions/new")
    page.get_by_role("button", name="Add session").click()  # nothing filled in
    page.locator(".govuk-error-summary").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.goto(f"/staff/sessions/{session_id}/book")
    page.get_by_role("button", name="Book a place").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_accessible(page)
    page.get_by_label("Their name").fill("Edna Smith")
    page.get_by_label("No contact").check()
    page.get_by_role("button", name="Book a place").click()
    page.wait_for_url(re.compile(r"/staff/bookings/\w+/slip\?new=1$"))
    assert "The place is booked" in page.content()
    assert page.locator(".govuk-\\!-font-size-48").inner_text().count("-") == 1
    assert_accessible(page)
