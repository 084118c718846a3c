"""Officers publish "You said, we did" linked to the feedback behind each change, and
residents see it by strategy goal with the public status of every linked reference."""

from __future__ import annotations

import gzip
import random
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from inclusion.feedback.models import (
    FeedbackItem,
    FeedbackNote,
    FeedbackStatus,
    NoteKind,
    PublishedChange,
)
from inclusion.sessions.references import format_reference
from inclusion.staff.models import AuditEvent
from tests.factories.feedback import make_change, make_item
from tests.factories.loans import place_id
from tests.factories.staff import sign_in

STAFF_URL = "/staff/you-said-we-did"
PUBLIC_URL = "/you-said-we-did"
PAGE_BUDGET = 14 * 1024  # gzip-compressed HTML for 20 changes
SCRIPT = "<script>alert(1)</script>"


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def shows_status(text: str, item: FeedbackItem, status: str) -> bool:
    """The item's reference is on the page with this public status next to it."""
    return f"{format_reference(item.reference)} : {status}" in text


def audits(db_session, action: str) -> list[AuditEvent]:
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def the_changes(db_session) -> list[PublishedChange]:
    db_session.expire_all()
    return list(db_session.scalars(select(PublishedChange).order_by(PublishedChange.id)))


def a_change(**fields) -> dict[str, str]:
    """A valid form for 25 November 2026, the test clock's day."""
    return {
        "goal": "P2",
        "you-said": "The Saturday drop-in at Wallsend was always full.",
        "we-did": "We added a second Saturday drop-in.",
        "venue": "wallsend-library",
        "published-day": "25",
        "published-month": "11",
        "published-year": "2026",
        "references": "",
        **fields,
    }


@pytest.fixture
def items(db_session, clock):
    """Three pieces of feedback, one being looked at and one already done."""
    found = [
        make_item(db_session, clock() - timedelta(days=9), what_happened="Private words one"),
        make_item(
            db_session,
            clock() - timedelta(days=8),
            what_happened="Private words two",
            status=FeedbackStatus.IN_REVIEW,
        ),
        make_item(db_session, clock() - timedelta(days=7), status=FeedbackStatus.DONE),
    ]
    db_session.commit()
    return found


def test_an_officer_publishes_a_change_and_residents_see_each_reference_s_status(
    client, clock, db_session, officer, items
):
    sign_in(client, officer, clock())
    form = client.get(f"{STAFF_URL}/new")
    assert form.status_code == 200
    # Published today unless the officer says otherwise.
    assert 'name="published-day" type="text" value="25"' in form.text
    assert 'value="2026"' in form.text

    new, in_review, _done = items
    # As people copy them: with a hyphen, without, lower case, split by a space.
    typed = f"{format_reference(new.reference).lower()},\n{in_review.reference[:4]} "
    typed += f"{in_review.reference[4:]}  {new.reference}"
    answer = client.post(f"{STAFF_URL}/new", a_change(references=typed))
    assert answer.status_code == 303, words(answer.text)
    assert answer.headers["location"] == f"{STAFF_URL}?done=published"

    [change] = the_changes(db_session)
    assert (change.goal, change.published_on.isoformat()) == ("P2", "2026-11-25")
    assert change.place_id == place_id(db_session, "wallsend-library")
    assert change.created_by_id == officer.id
    assert sorted(item.id for item in change.items) == sorted([new.id, in_review.id])
    [event] = audits(db_session, "change_published")
    assert (event.actor_id, event.target_type, event.target_id) == (
        officer.id,
        "published_change",
        str(change.id),
    )
    assert sorted(event.details["item_ids"]) == sorted([new.id, in_review.id])
    # Linking is not closing: their statuses stay as they were.
    assert db_session.get(FeedbackItem, new.id).status == FeedbackStatus.NEW

    listing = client.get(f"{STAFF_URL}?done=published")
    assert "The change is published." in listing.text
    assert "always full" in listing.text

    page = client.get(PUBLIC_URL)
    assert page.status_code == 200
    text = words(page.text)
    assert "P2: basic digital skills" in text
    assert "The Saturday drop-in at Wallsend was always full." in text
    assert "We added a second Saturday drop-in." in text
    assert "25 November 2026" in text
    assert "Wallsend Library" in text
    assert f'id="change-{change.id}"' in page.text
    assert shows_status(text, new, "Received: nobody has looked at it yet")
    assert shows_status(text, in_review, "Being looked at")
    # References and statuses only: never what anyone wrote.
    assert "Private words" not in page.text


def test_marking_the_items_done_closes_them_with_a_history_note_each(
    client, clock, db_session, officer, items
):
    new, in_review, done = items
    done_at = db_session.get(FeedbackItem, done.id).closed_at
    sign_in(client, officer, clock())
    references = " ".join(item.reference for item in items)
    form = a_change(references=references, **{"mark-done": "yes"})
    answer = client.post(f"{STAFF_URL}/new", form)
    assert answer.headers["location"] == f"{STAFF_URL}?done=published&marked=2"
    assert "2 feedback items are marked done." in client.get(answer.headers["location"]).text

    db_session.expire_all()
    for item in (new, in_review):
        closed = db_session.get(FeedbackItem, item.id)
        assert closed.status == FeedbackStatus.DONE
        assert closed.closed_at == clock() and closed.first_response_at == clock()
        notes = db_session.scalars(select(FeedbackNote).where(FeedbackNote.item_id == item.id))
        assert [(note.kind, note.author_id) for note in notes] == [(NoteKind.STATUS, officer.id)]
    # The one already done keeps its own history.
    assert db_session.get(FeedbackItem, done.id).closed_at == done_at
    changed = audits(db_session, "feedback_status_changed")
    assert sorted(event.target_id for event in changed) == sorted(
        [new.reference, in_review.reference]
    )
    assert {(event.details["from"], event.details["to"]) for event in changed} == {
        ("new", "done"),
        ("in_review", "done"),
    }

    page = words(client.get(PUBLIC_URL).text)
    for item in items:
        assert shows_status(page, item, "Done: we made a change")


def test_unknown_and_mistyped_references_are_named_and_what_was_typed_is_kept(
    client, clock, db_session, officer, items
):
    sign_in(client, officer, clock())
    typed = f"{items[0].reference}, ABCD-EFGH, HJKL-MNPQ"
    unknown = client.post(f"{STAFF_URL}/new", a_change(references=typed))
    assert unknown.status_code == 200
    assert (
        "There is no feedback with these references: ABCD-EFGH, HJKL-MNPQ. "
        "Check them and try again" in unknown.text
    )
    assert f"{items[0].reference}, ABCD-EFGH, HJKL-MNPQ</textarea>" in unknown.text
    assert '<a href="#references">' in unknown.text
    assert unknown.text.count("The Saturday drop-in at Wallsend was always full.") == 1

    one = client.post(f"{STAFF_URL}/new", a_change(references="ABCD-EFGH"))
    assert "There is no feedback with the reference ABCD-EFGH. Check it and try again" in one.text

    mistyped = client.post(f"{STAFF_URL}/new", a_change(references="KM7Q-4XT, hello 0000-OOOO"))
    assert "These are not feedback references: KM7Q-4XT, hello, 0000-OOOO." in mistyped.text
    too_many = " ".join(f"AAAA{n:04d}".replace("0", "A").replace("1", "B") for n in range(60))
    crowded = client.post(f"{STAFF_URL}/new", a_change(references=too_many))
    assert "You can link up to 50 feedback items to one change" in crowded.text
    assert the_changes(db_session) == []


def test_every_field_is_checked_with_a_plain_message(client, clock, db_session, officer):
    sign_in(client, officer, clock())
    empty = client.post(f"{STAFF_URL}/new", {})
    assert empty.status_code == 200
    assert "<title>Error: Publish a change" in empty.text
    for message in (
        "Choose the strategy goal this change helps with",
        "Enter what people told you",
        "Enter what you changed",
        "Enter the date it was published",
    ):
        assert message in empty.text

    tomorrow = client.post(f"{STAFF_URL}/new", a_change(**{"published-day": "26"}))
    assert "The date published must be today or in the past" in tomorrow.text
    assert (
        "The date published must be a real date"
        in client.post(
            f"{STAFF_URL}/new", a_change(**{"published-day": "31", "published-month": "2"})
        ).text
    )
    assert (
        "The year must have 4 numbers, like 2026"
        in client.post(f"{STAFF_URL}/new", a_change(**{"published-year": "26"})).text
    )
    long = client.post(f"{STAFF_URL}/new", a_change(**{"you-said": "x" * 10_000}))
    assert "What people told you must be 1,000 characters or fewer" in long.text
    assert "x" * 1001 in long.text  # kept, to be shortened rather than typed again
    assert (
        "Choose a venue from the list, or none"
        in client.post(f"{STAFF_URL}/new", a_change(venue="nowhere")).text
    )
    no_venue = client.post(f"{STAFF_URL}/new", a_change(venue=""))
    assert no_venue.status_code == 303
    assert the_changes(db_session)[0].place_id is None


def test_html_and_script_typed_in_any_field_are_shown_as_text(
    client, clock, db_session, officer, items
):
    sign_in(client, officer, clock())
    for field in (
        "goal",
        "you-said",
        "we-did",
        "venue",
        "published-day",
        "published-month",
        "published-year",
        "references",
        "mark-done",
    ):
        answer = client.post(f"{STAFF_URL}/new", a_change(**{field: SCRIPT}), check=False)
        assert answer.status_code in (200, 303), field
        assert "<script>alert" not in answer.text, field
    repeated = client.post(f"{STAFF_URL}/new", {**a_change(), "goal": ["P1", "P2"]})
    assert repeated.status_code == 303

    client.post(
        f"{STAFF_URL}/new",
        a_change(**{"you-said": f"{SCRIPT} <b>bold</b>", "we-did": f"{SCRIPT} & more"}),
    )
    for url in (PUBLIC_URL, STAFF_URL, f"{STAFF_URL}/{the_changes(db_session)[-1].id}"):
        page = client.get(url)
        assert "<script>alert" not in page.text and "<b>bold" not in page.text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, url


def test_an_officer_edits_then_withdraws_a_change(client, clock, db_session, officer, items):
    new, in_review, _done = items
    change = make_change(db_session, clock() - timedelta(days=3), items=[new])
    db_session.commit()
    change_id = change.id
    sign_in(client, officer, clock())

    form = client.get(f"{STAFF_URL}/{change_id}")
    assert form.status_code == 200 and "Edit a published change" in form.text
    assert format_reference(new.reference) in form.text
    assert 'value="22"' in form.text  # its own date, not today

    answer = client.post(
        f"{STAFF_URL}/{change_id}",
        a_change(goal="C4", references=in_review.reference, **{"published-day": "22"}),
    )
    assert answer.headers["location"] == f"{STAFF_URL}?done=saved"
    [saved] = the_changes(db_session)
    assert saved.goal == "C4" and [item.id for item in saved.items] == [in_review.id]
    assert audits(db_session, "change_edited")[0].target_id == str(change_id)

    confirm = client.get(f"{STAFF_URL}/{change_id}/withdraw")
    assert confirm.status_code == 200 and "Withdraw this change" in confirm.text
    unanswered = client.post(f"{STAFF_URL}/{change_id}/withdraw", {})
    assert "Select yes if you want to withdraw this change" in unanswered.text
    kept = client.post(f"{STAFF_URL}/{change_id}/withdraw", {"withdraw": "no"})
    assert kept.headers["location"] == STAFF_URL
    assert len(the_changes(db_session)) == 1

    gone = client.post(f"{STAFF_URL}/{change_id}/withdraw", {"withdraw": "yes"})
    assert gone.headers["location"] == f"{STAFF_URL}?done=withdrawn"
    assert the_changes(db_session) == []
    assert db_session.get(FeedbackItem, in_review.id) is not None  # the feedback stays
    [event] = audits(db_session, "change_withdrawn")
    assert event.details["item_ids"] == [in_review.id]
    assert "Nothing published yet" in client.get(PUBLIC_URL).text
    assert "It is no longer on the public page." in client.get(gone.headers["location"]).text

    # Sent twice, or an id that never was: a page, never an error.
    again = client.post(f"{STAFF_URL}/{change_id}/withdraw", {"withdraw": "yes"})
    assert again.headers["location"] == STAFF_URL
    for url in (f"{STAFF_URL}/{change_id}", f"{STAFF_URL}/99999999999/withdraw"):
        assert client.get(url).status_code == 404
    assert client.post(f"{STAFF_URL}/{change_id}", a_change()).status_code == 404


def test_library_staff_cannot_publish_and_do_not_see_the_link(
    client, clock, db_session, librarian, officer
):
    sign_in(client, librarian, clock())
    assert 'href="/staff/you-said-we-did"' not in client.get("/staff").text
    assert client.get(STAFF_URL).status_code == 403
    assert client.post(f"{STAFF_URL}/new", a_change()).status_code == 403
    assert the_changes(db_session) == []

    client.post("/staff/sign-out", {})
    clock.advance(seconds=31)
    sign_in(client, officer, clock())
    assert 'href="/staff/you-said-we-did"' in client.get("/staff").text


def test_the_public_page_groups_by_goal_in_strategy_order_newest_first(client, clock, db_session):
    older = make_change(db_session, clock() - timedelta(days=40), goal="C4", we_did="Older C4")
    newer = make_change(db_session, clock() - timedelta(days=2), goal="C4", we_did="Newer C4")
    make_change(db_session, clock() - timedelta(days=10), goal="P1", we_did="About laptops")
    make_change(db_session, clock() - timedelta(days=1), goal="L1", we_did="About Wi-Fi")
    db_session.commit()

    text = words(client.get(PUBLIC_URL).text)
    assert "4 changes so far." in text
    headings = [
        text.index(label)
        for label in ("P1: access to IT equipment", "L1: free connectivity", "C4: listening")
    ]
    assert headings == sorted(headings)
    assert text.index("Newer C4") < text.index("Older C4")
    assert "P2: basic digital skills Nothing" not in text  # empty goals have no heading

    for query in ("?goal=c4", "?goal=C4&goal=P1"):
        only = words(client.get(PUBLIC_URL + query).text)
        assert "2 changes for C4: listening to feedback." in only, query
        assert "About laptops" not in only and "Newer C4" in only
    assert f'id="change-{older.id}"' in client.get(PUBLIC_URL + "?goal=C4").text
    assert 'value="C4" selected' in client.get(PUBLIC_URL + "?goal=C4").text

    for junk in ("?goal=ZZ", "?goal=" + "x" * 10_000, "?goal=%3Cscript%3E", "?goal="):
        page = client.get(PUBLIC_URL + junk)
        assert page.status_code == 200, junk[:20]
        assert "4 changes so far." in words(page.text)

    empty = words(client.get(PUBLIC_URL + "?goal=P5").text)
    assert "Nothing published for this goal yet" in empty
    assert f'id="change-{newer.id}"' not in empty


def test_the_public_page_reads_well_when_nothing_is_published(client):
    text = words(client.get(PUBLIC_URL).text)
    assert "Nothing published yet" in text
    assert "When we change something because of what people told us" in text


def test_officers_words_stay_marked_as_english_on_translated_pages(client, clock, db_session):
    change = make_change(db_session, clock(), goal="P4", items=[make_item(db_session, clock())])
    db_session.commit()
    page = client.get(PUBLIC_URL + "?lang=ar")
    assert '<html lang="ar" dir="rtl"' in page.text
    assert '<p class="govuk-body" lang="en" dir="ltr">We added a second' in page.text
    assert f'id="change-{change.id}"' in page.text
    assert "2026" in page.text  # the date, in the locale's own format


# Words for made-up changes: varied text compresses about as well as real writing,
# where twenty copies of one sentence would flatter the figure.
VOCABULARY = (
    "library session drop-in laptop tablet Wi-Fi printer staff morning evening Saturday "
    "Wallsend Whitley Bay North Shields Killingworth queue booking form website phone "
    "email signs room computer password scam careers data SIM broadband help people "
    "waited long full early late hard find slow clear more second new extra moved added "
    "changed trained asked told wrote fixed opened longer shorter bigger quieter easier"
)


def made_up_text(seed: int, words: int = 35) -> str:
    chosen = random.Random(seed).choices(VOCABULARY.split(), k=words)
    return " ".join(chosen).capitalize() + "."


def test_twenty_changes_fit_the_page_budget(client, clock, db_session):
    """20 changes of about 250 characters each way, with three linked items each."""
    for number in range(20):
        linked = [make_item(db_session, clock() - timedelta(days=number + 30)) for _ in range(3)]
        change = make_change(
            db_session,
            clock() - timedelta(days=number),
            goal=("P1", "P2", "P4", "L1", "C4")[number % 5],
            you_said=made_up_text(number),
            we_did=made_up_text(number + 100),
            items=linked,
        )
        change.place_id = place_id(db_session, "wallsend-library")
    db_session.commit()
    page = client.get(PUBLIC_URL)
    size = len(gzip.compress(page.content))
    print(f"\n'You said, we did' with 20 changes: {len(page.content):,} bytes, {size:,} gzipped")
    assert page.text.count('class="govuk-summary-card"') == 20
    assert size <= PAGE_BUDGET, size
