"""Whatever residents and staff type, officers see it as text: HTML and script escaped in
every field, very long text whole, and over-long notes refused with a message."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from inclusion.feedback.models import FeedbackItem
from inclusion.sessions.references import format_reference, normalise_reference
from tests.factories.feedback import make_item
from tests.factories.staff import sign_in
from tests.integration.feedback.triage_support import (
    ESCAPED_SCRIPT,
    QUEUE,
    SCRIPT,
    fresh,
    item_url,
    notes,
)

RAW_MARKUP = ("<script>alert", "<img src=x")
SHORT_SCRIPT = "<img src=x onerror=y>"  # fits a phone number's 30 characters


def assert_escaped(html: str, at_least: int) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html
    assert html.count(ESCAPED_SCRIPT) >= at_least


def test_script_a_resident_typed_is_text_to_officers(client, db_session, clock, officer):
    given = client.post(
        "/feedback",
        {
            "topic": "website",
            "rating": "2",
            "what-happened": SCRIPT,
            "what-would-help": SCRIPT,
            "contact-method": "email",
            "email": "resident@example.org",
            "name": SCRIPT,
            "consent": "yes",
        },
    )
    assert given.status_code == 303
    reference = normalise_reference(given.headers["location"].split("reference=")[1][:9])
    item = db_session.scalars(select(FeedbackItem).where(FeedbackItem.reference == reference)).one()
    sign_in(client, officer, clock())
    client.post(item_url(item, "notes"), {"note": SCRIPT})
    client.post(item_url(item, "reply"), {"reply": SCRIPT})
    client.post(
        item_url(item, "status"),
        {"status": "in_review", "seen-status": "new", "status-note": SCRIPT + " why"},
    )
    page = client.get(item_url(item))
    # What happened, what would help, the name, the note, the reply, the status note.
    assert_escaped(page.text, at_least=6)
    assert_escaped(client.get(QUEUE).text, at_least=0)


def test_script_in_stored_fields_is_text_too(client, db_session, clock, officer):
    """Fields the form checks (an address, a number, a label) may still hold anything
    after an import or an older version of the form."""
    item = make_item(
        db_session,
        clock(),
        what_happened=SCRIPT,
        contact_method="sms",
        name=SCRIPT,
        phone=SHORT_SCRIPT,
        email=SCRIPT,
    )
    item.about_label = SCRIPT
    db_session.commit()
    sign_in(client, officer, clock())
    page = client.get(item_url(item))
    assert_escaped(page.text, at_least=4)  # what happened, about (twice), the name, email
    assert "&lt;img src=x onerror=y&gt;" in page.text
    queue = client.get(QUEUE)
    assert_escaped(queue.text, at_least=1)  # what it is about
    export = client.get(f"{QUEUE}/export.csv").content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(export)))
    assert row["What happened"] == SCRIPT  # a spreadsheet shows it as text


def test_script_in_the_filters_is_shown_back_as_text(client, clock, officer):
    sign_in(client, officer, clock())
    page = client.get(QUEUE, params={"from": SCRIPT, "to": SCRIPT, "venue": SCRIPT})
    assert page.status_code == 200
    for raw in RAW_MARKUP:
        assert raw not in page.text


def test_ten_thousand_characters_are_shown_whole(client, db_session, clock, officer):
    # One unbroken "word" too, which must wrap rather than widen the page.
    text = ("A" * 2_000 + " ") + "long feedback " * 572
    assert len(text) >= 10_000
    item = make_item(db_session, clock(), what_happened=text)
    db_session.commit()
    sign_in(client, officer, clock())
    page = client.get(item_url(item))
    assert text.strip() in page.text
    assert 'class="govuk-body govuk-!-text-break-word">' + "A" * 2_000 in page.text
    assert format_reference(item.reference) in client.get(QUEUE).text
    assert text.strip() in client.get(f"{QUEUE}/export.csv").content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("action", "field", "message"),
    [
        ("notes", "note", "The note must be 2,000 characters or fewer"),
        ("status", "status-note", "The note must be 2,000 characters or fewer"),
        ("called", "call-note", "The note must be 2,000 characters or fewer"),
    ],
)
def test_ten_thousand_characters_of_notes_are_refused_and_kept_to_shorten(
    client, db_session, clock, officer, action, field, message
):
    item = make_item(db_session, clock(), contact_method="phone", phone="0191 643 2075")
    db_session.commit()
    sign_in(client, officer, clock())
    typed = "x" * 10_000
    form = {field: typed, "status": "done", "seen-status": "new"}
    response = client.post(item_url(item, action), form)
    assert response.status_code == 200
    assert message in response.text and f"#{field}" in response.text  # in the summary
    assert "x" * 2_001 in response.text  # what they typed is there to shorten
    assert notes(db_session, item) == []
    assert fresh(db_session, item).status == "new"
