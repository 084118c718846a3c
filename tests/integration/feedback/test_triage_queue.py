"""The triage queue: filters as a plain GET form, counts per status, paging, filter values
that make no sense, bulk changes and the export."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest

from inclusion.feedback.models import FeedbackStatus, NoteKind
from inclusion.i18n.formatting import LONDON
from inclusion.sessions.references import format_reference
from tests.factories.feedback import make_item
from tests.factories.staff import sign_in
from tests.integration.feedback.triage_support import (
    QUEUE,
    SCRIPT,
    assert_nothing_personal,
    audits,
    fresh,
    notes,
    words,
)


@pytest.fixture
def as_officer(client, officer, clock):
    sign_in(client, officer, clock())
    return client


ITEM_LINK = re.compile(r'href="/staff/feedback/[0-9A-Z]{8}"')
EVERY = {"plain", "elsewhere", "website", "tagged", "unhappy", "planned"}


@pytest.fixture
def mix(db_session, clock):
    """Six items that differ in one way each from the first."""
    day = clock() - timedelta(days=10)
    found = {
        "plain": make_item(db_session, day),
        "elsewhere": make_item(db_session, day, place_slug="whitley-bay-library"),
        "website": make_item(db_session, day, place_slug=None, topic="website"),
        "tagged": make_item(db_session, day, goals=("P2", "C4")),
        "unhappy": make_item(db_session, day, rating=1),
        "planned": make_item(db_session, day, status=FeedbackStatus.ACTION_PLANNED),
    }
    db_session.commit()
    return found


def shown(html: str, mix: dict) -> set[str]:
    """Which of the mix's items a queue page lists."""
    return {name for name, item in mix.items() if format_reference(item.reference) in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", EVERY),
        ("status=action_planned", {"planned"}),
        ("status=new&status=action_planned", EVERY),
        ("venue=whitley-bay-library", {"elsewhere"}),
        ("venue=none", {"website"}),
        ("topic=website", {"website"}),
        ("goal=C4", {"tagged"}),
        ("rating=1", {"unhappy"}),
        ("rating=1&status=action_planned", set()),
    ],
)
def test_each_filter(as_officer, mix, query, expected):
    page = as_officer.get(f"{QUEUE}?{query}")
    assert page.status_code == 200
    assert shown(page.text, mix) == expected


def test_days_are_london_days(as_officer, db_session):
    # 1 July 2026 is summer time: 00:30 in London is still 30 June in UTC.
    just_after_midnight = datetime(2026, 7, 1, 0, 30, tzinfo=LONDON)
    late = datetime(2026, 7, 31, 23, 30, tzinfo=LONDON)
    early = make_item(db_session, just_after_midnight)
    last = make_item(db_session, late)
    before = make_item(db_session, just_after_midnight - timedelta(hours=1))
    after = make_item(db_session, late + timedelta(hours=1))
    db_session.commit()
    july = as_officer.get(f"{QUEUE}?from=1/7/2026&to=2026-07-31").text
    for item in (early, last):
        assert format_reference(item.reference) in july
    for item in (before, after):
        assert format_reference(item.reference) not in july
    one_day = as_officer.get(f"{QUEUE}?from=01-07-2026&to=01.07.2026").text
    assert format_reference(early.reference) in one_day
    assert format_reference(last.reference) not in one_day


def test_counts_per_status_follow_the_other_filters(as_officer, mix):
    text = words(as_officer.get(f"{QUEUE}?status=new").text)
    assert "New : 5" in text and "Action planned : 1" in text
    text = words(as_officer.get(f"{QUEUE}?venue=wallsend-library&status=new").text)
    assert "New : 3" in text and "Action planned : 1" in text and "In review : 0" in text
    assert "3 items" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=31/02/2026", "Enter the first day as a real date"),
        ("to=yesterday", "Enter the last day as a real date"),
        ("from=1/1/1900", "Enter the first day as a real date"),
        ("from=10/11/2026&to=1/11/2026", "The last day must be the same as or after the first"),
        (f"from={SCRIPT}", "Enter the first day as a real date"),
    ],
)
def test_dates_that_are_not_dates_are_explained(as_officer, mix, query, message):
    page = as_officer.get(f"{QUEUE}?{query}")
    assert page.status_code == 200
    assert message in page.text and "govuk-error-summary" in page.text
    assert "<script>" not in page.text
    assert shown(page.text, mix) == set(mix)  # the filter that made no sense is ignored


@pytest.mark.parametrize(
    "query",
    [
        "rating=9",
        "rating=abc",
        "rating=%C2%B2",
        "status=closed",
        "venue=nowhere",
        "topic=%3Cscript%3E",
        "goal=P1%27%20OR%201=1",
        "page=-3",
        "page=99999999999999999999",
        "page=%00",
        "from=%00%01",
        "status=new&status=new&status=",
    ],
)
def test_filter_values_that_name_nothing_do_no_harm(as_officer, mix, query):
    page = as_officer.get(f"{QUEUE}?{query}")
    assert page.status_code == 200, query


def test_paging_keeps_the_filter(as_officer, db_session, clock):
    for minutes in range(55):
        make_item(db_session, clock() - timedelta(minutes=minutes + 1), rating=2)
    make_item(db_session, clock(), rating=5)
    db_session.commit()
    first = as_officer.get(f"{QUEUE}?rating=2")
    assert len(ITEM_LINK.findall(first.text)) == 50
    assert "55 items" in first.text
    assert "/staff/feedback?rating=2&amp;page=2" in first.text
    second = as_officer.get(f"{QUEUE}?rating=2&page=2")
    assert len(ITEM_LINK.findall(second.text)) == 5
    assert "Newer items" in second.text and "Older items" not in second.text
    beyond = as_officer.get(f"{QUEUE}?rating=2&page=40")
    assert "There are no more items." in beyond.text


def test_bulk_changes_every_ticked_item(as_officer, db_session, mix, officer):
    ticked = [mix["plain"], mix["elsewhere"], mix["planned"]]
    response = as_officer.post(
        f"{QUEUE}/bulk",
        {
            "items": [format_reference(item.reference) for item in ticked],
            "bulk-status": "in_review",
            "bulk-assignee": "me",
            "bulk-goal": "P2",
            "return-query": "rating=4&venue=wallsend-library",
        },
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"{QUEUE}?venue=wallsend-library&rating=4&")
    assert "done=bulk" in location and "changed=3" in location
    assert "3 items changed." in as_officer.get(location).text
    for item in ticked:
        current = fresh(db_session, item)
        assert (current.status, current.assigned_to_id) == ("in_review", officer.id)
        assert len(notes(db_session, item, NoteKind.STATUS)) == 1
    assert fresh(db_session, mix["unhappy"]).status == "new"  # not ticked
    for action in ("feedback_status_changed", "feedback_assigned", "feedback_goals_changed"):
        entries = audits(db_session, action)
        assert {entry.target_id for entry in entries} == {item.reference for item in ticked}
        assert all(entry.details["bulk"] is True for entry in entries)
    tagged = as_officer.get(f"{QUEUE}?goal=P2")
    assert shown(tagged.text, mix) == {"plain", "elsewhere", "planned", "tagged"}

    # The same form again changes nothing more.
    before = len(audits(db_session))
    again = as_officer.post(
        f"{QUEUE}/bulk",
        {
            "items": [item.reference for item in ticked],
            "bulk-status": "in_review",
            "bulk-assignee": "me",
            "bulk-goal": "P2",
        },
    )
    assert "changed=0" in again.headers["location"]
    assert len(audits(db_session)) == before


def test_bulk_needs_items_and_a_change(as_officer, db_session, mix):
    nothing_ticked = as_officer.post(f"{QUEUE}/bulk", {"bulk-status": "done"})
    assert nothing_ticked.status_code == 200
    assert "Select at least one item" in nothing_ticked.text
    no_change = as_officer.post(
        f"{QUEUE}/bulk", {"items": mix["plain"].reference, "bulk-status": "made-up"}
    )
    assert "Choose a status, someone to assign them to or a goal" in no_change.text
    assert "checked" in no_change.text  # the ticked item stays ticked
    unknown = as_officer.post(f"{QUEUE}/bulk", {"items": "ZZZZ-ZZZZ", "bulk-status": "done"})
    assert unknown.status_code == 303 and "changed=0" in unknown.headers["location"]
    assert audits(db_session) == []


def read_csv(response) -> list[dict[str, str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # a byte order mark for Excel
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_has_the_filtered_items_without_contact_details(
    as_officer, db_session, clock, mix, officer
):
    contact = make_item(
        db_session,
        clock(),
        rating=1,
        what_happened='=HYPERLINK("http://x.example","click")',
        contact_method="sms",
        name="Zed Person",
        phone="07700900982",
        goals=("P1",),
    )
    contact.what_would_help = "@SUM(1+1)\n-2+3"
    contact.about_label = "+cmd|' /C calc'!A0"
    db_session.commit()
    response = as_officer.get(f"{QUEUE}/export.csv?rating=1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="feedback-2026-11-25.csv"' in response.headers["content-disposition"]
    rows = read_csv(response)
    assert [row["Reference"] for row in rows] == [
        format_reference(contact.reference),
        format_reference(mix["unhappy"].reference),
    ]
    row = rows[0]
    assert row["What happened"] == '\'=HYPERLINK("http://x.example","click")'
    assert row["What would help"] == "'@SUM(1+1)\n-2+3"
    assert row["About"] == "'+cmd|' /C calc'!A0"
    assert (row["Status"], row["Strategy goals"], row["Wanted a reply"]) == ("New", "P1", "Yes")
    assert row["Venue"] == "Wallsend Library and Customer First Centre"
    body = response.content.decode("utf-8-sig")
    for private in ("Zed Person", "07700900982", "07700 900982"):
        assert private not in body
    [entry] = audits(db_session, "feedback_exported")
    assert entry.actor_id == officer.id and entry.target_id is None
    assert entry.details["rows"] == 2 and entry.details["filter"]["rating"] == "1"
    assert_nothing_personal(entry, "HYPERLINK", "Zed Person")


def test_the_export_link_carries_the_filter(as_officer, mix):
    page = as_officer.get(f"{QUEUE}?topic=website")
    assert "/staff/feedback/export.csv?topic=website" in page.text
    rows = read_csv(as_officer.get(f"{QUEUE}/export.csv?topic=website"))
    assert [row["Reference"] for row in rows] == [format_reference(mix["website"].reference)]
