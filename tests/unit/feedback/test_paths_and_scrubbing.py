"""Where a page answer may send someone back to, and what retention takes out of text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inclusion.feedback.forms import page_path
from inclusion.feedback.retention import months_before, scrub_contact_details
from inclusion.feedback.routes_page import same_site_url, thanked_url


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("/", "/"),
        ("/find", "/find"),
        ("/find?postcode=NE29+6TE&need=wifi", "/find"),
        ("/online-safety/spotting-scams#passwords", "/online-safety/spotting-scams"),
        ("/places/مكتبة", "/places/مكتبة"),
        ("/" + "a" * 299, "/" + "a" * 299),
        ("/ /not-a-host", "/ /not-a-host"),
    ],
)
def test_a_same_site_path_is_kept_without_its_query(typed, kept):
    assert page_path(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "find",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\x00/evil.example",
        "?/find",
        "/" + "a" * 300,
    ],
)
def test_anything_that_could_lead_off_the_site_is_refused(typed):
    assert page_path(typed) is None


def test_the_way_back_is_a_relative_url_with_the_thank_you_marker():
    assert thanked_url("/find") == "/find?page-feedback=thanks#page-feedback"
    assert same_site_url("/places/مكتبة") == "/places/%D9%85%D9%83%D8%AA%D8%A8%D8%A9"
    assert same_site_url('/a b"<c>') == "/a%20b%22%3Cc%3E"


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("Email me at ann.example+fb@example.org please", "Email me at [removed] please"),
        ("Call 0191 643 2075 or 07700 900982.", "Call [removed] or [removed]."),
        ("My number is +44 (0)7700-900-982", "My number is [removed]"),
        ("Ring (0191) 6432075 after 5pm", "Ring [removed] after 5pm"),
        ("It was on 12.03.2026 at 10.30, room 2", "It was on 12.03.2026 at 10.30, room 2"),
        ("It cost £12.50 and took 45 minutes", "It cost £12.50 and took 45 minutes"),
        ("Reference KM7Q-4XTP", "Reference KM7Q-4XTP"),
        ("", ""),
    ],
)
def test_email_addresses_and_phone_numbers_are_taken_out(text, scrubbed):
    assert scrub_contact_details(text) == scrubbed


def test_the_full_name_is_taken_out_but_not_its_parts():
    text = "Ann Example here. Will Ann come? ann example again"
    assert scrub_contact_details(text, "Ann Example") == (
        "[removed] here. Will Ann come? [removed] again"
    )
    assert scrub_contact_details(None, "Ann") is None


def test_scrubbing_twice_changes_nothing_more():
    once = scrub_contact_details("ann@example.org 07700 900982", "Ann")
    assert scrub_contact_details(once, "Ann") == once == "[removed] [removed]"


def test_months_before_counts_calendar_months():
    assert months_before(datetime(2026, 11, 25, 11, tzinfo=UTC), 24) == datetime(
        2024, 11, 25, 11, tzinfo=UTC
    )
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    a_year_and_a_month_earlier = datetime(2024, 12, 15, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == a_year_and_a_month_earlier
