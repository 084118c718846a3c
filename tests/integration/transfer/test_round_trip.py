"""Moving a site from SQLite to PostgreSQL (or another SQLite file) through one file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inclusion.db import migrate
from inclusion.db.engine import build_engine
from inclusion.feedback.models import FeedbackItem
from inclusion.places.models import Place
from inclusion.sessions import services
from inclusion.sessions.models import Booking
from inclusion.sessions.references import Links
from inclusion.transfer.importing import import_data
from tests.conftest import fresh_postgresql_database
from tests.factories.feedback import make_item
from tests.factories.sessions import make_session
from tests.integration.transfer.conftest import SECRET_KEY, table_rows

# What the fixture site must hold for the round trip to prove anything.
FILLED_TABLES = {
    "places",
    "opening_hours",
    "skill_sessions",
    "bookings",
    "devices",
    "loan_requests",
    "device_events",
    "feedback_items",
    "feedback_goals",
    "change_feedback_items",
    "page_feedback",
    "published_changes",
    "staff_users",
    "audit_events",
    "outbox_messages",
}


def test_the_source_site_has_something_in_every_kind_of_table(source_url):
    rows = table_rows(source_url)
    assert {name for name in FILLED_TABLES if not rows[name]} == set()


def test_an_export_imported_into_sqlite_holds_the_same_rows(source_url, export_file, tmp_path):
    target = f"sqlite:///{tmp_path / 'copy.sqlite3'}"
    migrate.upgrade(target)

    counts = import_data(target, export_file)

    source_rows = table_rows(source_url)
    assert counts == {name: len(rows) for name, rows in source_rows.items()}
    assert table_rows(target) == source_rows


@pytest.mark.postgres
def test_an_export_imported_into_postgresql_holds_the_same_rows_and_takes_new_ones(
    source_url, export_file
):
    with fresh_postgresql_database() as target:
        migrate.upgrade(target)

        counts = import_data(target, export_file)

        source_rows = table_rows(source_url)
        assert counts == {name: len(rows) for name, rows in source_rows.items()}
        assert table_rows(target) == source_rows
        _new_rows_get_fresh_ids(target)


def _new_rows_get_fresh_ids(url: str) -> None:
    """The sequences were moved past the imported ids: new rows do not collide."""
    engine = build_engine(url)
    now = datetime.now(UTC)
    try:
        with Session(engine) as session:
            highest = {
                model: session.scalar(select(func.max(model.id)))
                for model in (Place, Booking, FeedbackItem)
            }
            skill_session = make_session(session, now + timedelta(days=5))
            booking = services.book(
                session,
                skill_session,
                services.Details("New Resident", "none"),
                now,
                Links("https://getonline.example", SECRET_KEY),
            )
            item = make_item(session, now)
            session.commit()
            assert booking.id > highest[Booking]
            assert item.id > highest[FeedbackItem]
            assert skill_session.place_id <= highest[Place]
    finally:
        engine.dispose()
