"""Housekeeping deletes contact details from feedback closed more than the retention
period ago; what the person said stays, without their address, number or name, and
open or recently closed items keep theirs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta

from click.testing import CliRunner

from inclusion.feedback.models import FeedbackItem, FeedbackNote, FeedbackStatus, NoteKind
from inclusion.housekeeping import run_housekeeping
from tests.conftest import WEDNESDAY_MORNING
from tests.factories.feedback import make_item

NOW = WEDNESDAY_MORNING.astimezone(UTC)


def closed(session, closed_at, status=FeedbackStatus.DONE, **fields) -> FeedbackItem:
    item = make_item(session, closed_at - timedelta(days=20), status=status, **fields)
    item.closed_at = closed_at
    return item


def test_contact_details_go_24_months_after_closing_and_the_text_stays(db, settings):
    settings = replace(settings, feedback_retention_months=24)
    with db.session() as session:
        old = closed(
            session,
            NOW - timedelta(days=24 * 31),
            contact_method="email",
            name="Ann Example",
            email="ann@example.org",
            what_happened="Ann Example here: call me on 07700 900982 or ann@example.org",
        )
        old.notes.append(
            FeedbackNote(
                at=old.closed_at,
                kind=NoteKind.REPLY,
                text="Dear Ann Example, we added a second session.",
            )
        )
        old.notes.append(
            FeedbackNote(at=old.closed_at, kind=NoteKind.NOTE, text="Spoke to the branch.")
        )
        recent = closed(
            session, NOW - timedelta(days=30), contact_method="phone", phone="07700 900111"
        )
        still_open = make_item(
            session,
            NOW - timedelta(days=3 * 365),
            status=FeedbackStatus.IN_REVIEW,
            contact_method="email",
            email="open@example.org",
        )
        ids = old.id, recent.id, still_open.id

    results = run_housekeeping(db, settings, NOW)
    again = run_housekeeping(db, settings, NOW)

    assert results["feedback_contact_erased"] == 1
    assert again["feedback_contact_erased"] == 0
    with db.session() as session:
        old, recent, still_open = (session.get(FeedbackItem, key) for key in ids)
        assert (old.name, old.email, old.phone, old.contact_method) == (None, None, None, "none")
        assert old.contact_erased_at == NOW
        assert old.what_happened == "[removed] here: call me on [removed] or [removed]"
        reply, note = sorted(old.notes, key=lambda n: n.kind != NoteKind.REPLY)
        assert reply.text == "Dear [removed], we added a second session."
        assert note.text == "Spoke to the branch."
        assert old.status == FeedbackStatus.DONE and old.rating == 4  # the figures stay
        assert recent.phone == "07700 900111" and recent.contact_erased_at is None
        assert still_open.email == "open@example.org"


def test_the_purge_command_says_how_many_feedback_items_it_cleared(db, settings, monkeypatch):
    from inclusion import cli

    with db.session() as session:
        closed(session, NOW - timedelta(days=800), contact_method="email", email="a@example.org")
    monkeypatch.setattr(cli, "_database", lambda: db)
    monkeypatch.setattr(cli, "_settings", lambda: settings)
    monkeypatch.setattr(cli, "_now", lambda: NOW)

    result = CliRunner().invoke(cli.main, ["purge"])

    assert result.exit_code == 0, result.output
    assert "Feedback contact details deleted: 1 (kept for 24 months" in result.output
