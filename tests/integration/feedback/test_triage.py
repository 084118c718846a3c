"""Triage of one item: status changes, assignment, goal tags and internal notes, each in
the item's history and in the audit log by reference; forms sent twice or from a stale
page; and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inclusion.feedback.models import FeedbackStatus, NoteKind
from inclusion.sessions.references import format_reference
from tests.factories.feedback import make_item
from tests.factories.staff import make_staff, sign_in
from tests.integration.feedback.triage_support import (
    QUEUE,
    assert_nothing_personal,
    audits,
    fresh,
    item_url,
    notes,
    words,
)

PRIVATE = "My neighbour Mrs Example at 12 Some Street"


@pytest.fixture
def item(db_session, clock):
    found = make_item(
        db_session,
        clock() - timedelta(days=2),
        what_happened=PRIVATE,
        contact_method="email",
        name="Ann Resident",
        email="ann@example.org",
    )
    db_session.commit()
    return found


@pytest.fixture
def as_officer(client, officer, clock):
    sign_in(client, officer, clock())
    return client


def change_status(client, item, status, seen, **extra):
    return client.post(item_url(item, "status"), {"status": status, "seen-status": seen, **extra})


def test_an_item_moves_through_every_status_with_its_history_and_audit(
    as_officer, db_session, clock, item, officer
):
    steps = [
        ("new", "in_review"),
        ("in_review", "action_planned"),
        ("action_planned", "done"),
        ("done", "no_action"),
        ("no_action", "in_review"),
    ]
    started = clock()
    for seen, status in steps:
        response = change_status(as_officer, item, status, seen)
        assert response.status_code == 303, response.text
        assert response.headers["location"] == item_url(item) + "?done=status"
        current = fresh(db_session, item)
        assert current.status == status
        assert current.first_response_at == started  # leaving "new" was the first response
        if status == "done":
            assert current.closed_at == clock()
        if status == "no_action":
            assert current.closed_at is not None  # still closed, from the first closing
        if status == "in_review" and seen == "no_action":
            assert current.closed_at is None  # reopened
        clock.advance(minutes=1)

    assert [note.text for note in notes(db_session, item, NoteKind.STATUS)] == [
        status for _, status in steps
    ]
    entries = audits(db_session, "feedback_status_changed")
    assert [(e.details["from"], e.details["to"]) for e in entries] == steps
    for entry in entries:
        assert entry.actor_id == officer.id
        assert (entry.target_type, entry.target_id) == ("feedback_item", item.reference)
        assert_nothing_personal(entry, PRIVATE, "ann@example.org", "Ann Resident")

    page = as_officer.get(item_url(item) + "?done=status")
    assert "The status is changed." in page.text
    assert "Status changed: In review" in words(page.text)


def test_a_status_note_stays_inside_and_out_of_the_audit_log(as_officer, db_session, item):
    change_status(as_officer, item, "in_review", "new", **{"status-note": "Rang Wallsend"})
    [note] = notes(db_session, item, NoteKind.NOTE)
    assert note.text == "Rang Wallsend"
    [entry] = audits(db_session, "feedback_note_added")
    assert_nothing_personal(entry, "Rang Wallsend")
    public = as_officer.get(f"/feedback/status?reference={item.reference}")
    assert "Rang Wallsend" not in public.text and PRIVATE not in public.text
    assert "Being looked at" in public.text


def test_choosing_the_status_it_has_or_none_is_explained(as_officer, db_session, item):
    same = change_status(as_officer, item, "new", "new")
    assert same.status_code == 200
    assert "It has this status already" in same.text
    assert same.text.count("Error:") >= 1 and "govuk-error-summary" in same.text
    nothing = as_officer.post(item_url(item, "status"), {"seen-status": "new"})
    assert "Choose a status" in nothing.text
    made_up = change_status(as_officer, item, "closed_forever", "new")
    assert "Choose a status" in made_up.text
    assert fresh(db_session, item).status == "new"
    assert audits(db_session) == []


def test_the_same_status_form_sent_twice_changes_it_once(as_officer, db_session, item):
    form = {"status-note": "Looking into it"}
    first = change_status(as_officer, item, "in_review", "new", **form)
    second = change_status(as_officer, item, "in_review", "new", **form)
    assert first.status_code == second.status_code == 303
    assert len(notes(db_session, item, NoteKind.STATUS)) == 1
    assert len(notes(db_session, item, NoteKind.NOTE)) == 1
    assert len(audits(db_session, "feedback_status_changed")) == 1
    assert len(audits(db_session, "feedback_note_added")) == 1


def test_a_stale_page_does_not_overwrite_a_colleagues_change(
    client, db_session, clock, settings, item, officer
):
    colleague = make_staff(db_session, settings.secret_key, clock(), "officer", email="b@ex.org")
    db_session.commit()
    sign_in(client, colleague, clock())
    change_status(client, item, "no_action", "new")
    sign_in(client, officer, clock())
    # The officer's page still showed "new" when they chose "done".
    stale = change_status(client, item, "done", "new")
    assert stale.status_code == 200
    assert "Someone changed the status to ‘No action’ while you had this page open" in stale.text
    assert 'name="seen-status" value="no_action"' in stale.text  # the next try can go ahead
    assert fresh(db_session, item).status == "no_action"
    assert change_status(client, item, "done", "no_action").status_code == 303
    assert fresh(db_session, item).status == "done"


def test_assigning_and_unassigning(as_officer, db_session, clock, settings, item, librarian):
    colleague = make_staff(db_session, settings.secret_key, clock(), "officer", email="c@ex.org")
    db_session.commit()
    page = as_officer.get(item_url(item))
    assert "c@ex.org" in page.text and librarian.email not in page.text

    for _ in range(2):  # the second is the same form sent again
        given = as_officer.post(item_url(item, "assign"), {"assignee": str(colleague.id)})
        assert given.status_code == 303
    assert fresh(db_session, item).assigned_to_id == colleague.id
    assert as_officer.post(item_url(item, "assign"), {"assignee": "nobody"}).status_code == 303
    assert fresh(db_session, item).assigned_to_id is None

    refused = as_officer.post(item_url(item, "assign"), {"assignee": str(librarian.id)})
    assert refused.status_code == 200 and "Choose who to assign it to" in refused.text
    assert as_officer.post(item_url(item, "assign"), {"assignee": "12abc"}).status_code == 200

    entries = audits(db_session, "feedback_assigned")
    assert [entry.details["assignee_id"] for entry in entries] == [colleague.id, None]
    assert [note.text for note in notes(db_session, item, NoteKind.ASSIGNED)] == ["c@ex.org", ""]
    assert "Assigned: nobody" in words(as_officer.get(item_url(item)).text)


def test_goal_tags_are_set_exactly_as_ticked(as_officer, db_session, item):
    as_officer.post(item_url(item, "goals"), {"goals": ["P1", "C4", "Z9"]})
    page = as_officer.get(item_url(item))
    assert "P1: access to IT equipment" in page.text and "C4: listening to feedback" in page.text
    as_officer.post(item_url(item, "goals"), {"goals": ["C4", "P5"]})
    as_officer.post(item_url(item, "goals"), {"goals": ["C4", "P5"]})  # sent twice
    entries = audits(db_session, "feedback_goals_changed")
    assert [(e.details["added"], e.details["removed"]) for e in entries] == [
        (["P1", "C4"], []),
        (["P5"], ["P1"]),
    ]
    as_officer.post(item_url(item, "goals"), {})
    assert audits(db_session, "feedback_goals_changed")[-1].details["removed"] == ["P5", "C4"]
    assert "None yet" in as_officer.get(item_url(item)).text


def test_internal_notes(as_officer, db_session, item):
    empty = as_officer.post(item_url(item, "notes"), {"note": "   "})
    assert empty.status_code == 200 and "Enter the note" in empty.text
    long_note = "word " * 600
    too_long = as_officer.post(item_url(item, "notes"), {"note": long_note})
    assert "The note must be 2,000 characters or fewer" in too_long.text
    assert long_note.strip()[:1000] in too_long.text  # kept to correct
    assert notes(db_session, item) == []

    for _ in range(2):  # the second is the same form sent again
        done = as_officer.post(item_url(item, "notes"), {"note": "Asked the library"})
        assert done.status_code == 303
    assert [n.text for n in notes(db_session, item, NoteKind.NOTE)] == ["Asked the library"]
    [entry] = audits(db_session, "feedback_note_added")
    assert entry.target_id == item.reference and entry.details == {}
    page = as_officer.get(item_url(item) + "?done=note")
    assert "Your note is added." in page.text and "Asked the library" in page.text


@pytest.mark.parametrize("reference", ["ZZZZ-ZZZZ", "not-a-reference", "%3Cscript%3E"])
def test_a_reference_that_names_nothing_is_not_found(as_officer, reference):
    assert as_officer.get(f"{QUEUE}/{reference}").status_code == 404
    assert as_officer.post(f"{QUEUE}/{reference}/notes", {"note": "x"}).status_code == 404


def test_a_reference_works_as_residents_write_it(as_officer, item):
    written = format_reference(item.reference).lower()
    assert as_officer.get(f"{QUEUE}/{written}").status_code == 200


def test_library_staff_see_and_work_on_their_own_venues_only(
    client, db_session, clock, item, librarian
):
    theirs = item  # about Wallsend, where the librarian works
    elsewhere = make_item(db_session, clock(), place_slug="cullercoats-library")
    no_venue = make_item(db_session, clock(), place_slug=None, topic="website")
    db_session.commit()
    sign_in(client, librarian, clock())

    queue = client.get(QUEUE)
    assert format_reference(theirs.reference) in queue.text
    for hidden in (elsewhere, no_venue):
        assert format_reference(hidden.reference) not in queue.text
    asked = client.get(f"{QUEUE}?venue=cullercoats-library")
    assert format_reference(elsewhere.reference) not in asked.text
    assert "Download" not in queue.text and 'name="items"' not in queue.text

    page = client.get(item_url(theirs))
    assert page.status_code == 200
    assert PRIVATE in page.text
    # Reading and status, yes; the person's details and a reply, no.
    assert "ann@example.org" not in page.text and "Ann Resident" not in page.text
    assert 'name="reply"' not in page.text and 'name="assignee"' not in page.text
    assert change_status(client, theirs, "in_review", "new").status_code == 303
    assert client.post(item_url(theirs, "notes"), {"note": "Spoke to them"}).status_code == 303
    for action, form in (
        ("reply", {"reply": "Hello"}),
        ("assign", {"assignee": "nobody"}),
        ("goals", {"goals": "P1"}),
        ("called", {}),
    ):
        assert client.post(item_url(theirs, action), form).status_code == 403, action
    assert client.post(f"{QUEUE}/bulk", {"items": theirs.reference}).status_code == 403
    assert client.get(f"{QUEUE}/export.csv").status_code == 403

    for other in (elsewhere, no_venue):
        assert client.get(item_url(other)).status_code == 403
        assert change_status(client, other, "done", "new").status_code == 403
        assert client.post(item_url(other, "notes"), {"note": "x"}).status_code == 403
        assert fresh(db_session, other).status == FeedbackStatus.NEW
    assert {entry.target_id for entry in audits(db_session)} == {theirs.reference}
