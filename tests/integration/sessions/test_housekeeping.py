"""Housekeeping: offers expire and pass on, reminders go once, old bookings are
anonymised, and one job's failure leaves the others running."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from litestar import Litestar
from litestar.datastructures import State
from litestar.testing import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from inclusion import housekeeping
from inclusion.cli import main
from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.housekeeping import run_housekeeping, run_loop, start_in_app, stop_in_app
from inclusion.notify.models import OutboxMessage
from inclusion.places.demo import load_demo
from inclusion.places.models import Place
from inclusion.sessions.models import (
    Attendance,
    Booking,
    BookingStatus,
    ContactMethod,
    Level,
    SkillSession,
    Topic,
)
from inclusion.sessions.references import new_reference
from inclusion.settings import Settings
from tests.conftest import WEDNESDAY_MORNING

NOW = WEDNESDAY_MORNING.astimezone(UTC)
SETTINGS = replace(Settings(), base_url="https://getonline.example", booking_retention_days=365)


def add_session(session: Session, starts_at: datetime, capacity: int = 8, booked: int = 0):
    place = session.scalars(select(Place).where(Place.slug == "wallsend-library")).one()
    skill_session = SkillSession(
        place=place,
        title="Get started with a computer",
        topic=Topic.GETTING_STARTED,
        level=Level.BEGINNER,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=capacity,
        booked=booked,
        created_at=starts_at - timedelta(days=60),
    )
    session.add(skill_session)
    session.flush()
    return skill_session


def add_booking(
    session: Session,
    skill_session: SkillSession,
    name: str,
    status: str = BookingStatus.CONFIRMED,
    contact_method: str = ContactMethod.EMAIL,
    created_at: datetime | None = None,
    **fields,
) -> Booking:
    contact = {
        "email": f"{name.lower()}@example.org" if contact_method == ContactMethod.EMAIL else None,
        "phone": "07700 900123"
        if contact_method in (ContactMethod.SMS, ContactMethod.PHONE)
        else None,
    }
    booking = Booking(
        reference=new_reference(),
        session=skill_session,
        status=status,
        name=name,
        contact_method=contact_method,
        created_at=created_at or skill_session.created_at,
        **(contact | fields),
    )
    session.add(booking)
    session.flush()
    return booking


def reload(db: Database, model, row_id: int):
    with db.session() as session:
        return session.get(model, row_id)


def messages(db: Database, template: str) -> list[OutboxMessage]:
    with db.session() as session:
        return list(
            session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.template == template)
                .order_by(OutboxMessage.id)
            )
        )


def test_bookings_are_anonymised_once_the_retention_period_has_passed(db):
    with db.session() as session:
        thirteen_months_ago = add_session(session, NOW - timedelta(days=395))
        eleven_months_ago = add_session(session, NOW - timedelta(days=335))
        old = add_booking(
            session,
            thirteen_months_ago,
            "Sam",
            phone="07700 900456",
            access_needs="Large print, please",
            attendance=Attendance.ATTENDED,
        )
        recent = add_booking(session, eleven_months_ago, "Alex", access_needs="A quiet seat")

    results = run_housekeeping(db, SETTINGS, NOW)

    assert results["bookings_anonymised"] == 1
    old = reload(db, Booking, old.id)
    assert (old.name, old.email, old.phone, old.access_needs) == (None, None, None, None)
    assert (old.status, old.attendance) == (BookingStatus.CONFIRMED, Attendance.ATTENDED)
    assert old.anonymised_at == NOW
    recent = reload(db, Booking, recent.id)
    assert (recent.name, recent.email, recent.access_needs) == (
        "Alex",
        "alex@example.org",
        "A quiet seat",
    )
    assert recent.anonymised_at is None


def test_an_unanswered_offer_expires_and_the_place_goes_to_the_next_person(db):
    with db.session() as session:
        full = add_session(session, NOW + timedelta(days=3), capacity=1, booked=1)
        queued = full.created_at
        offered = add_booking(
            session,
            full,
            "Sam",
            status=BookingStatus.OFFERED,
            created_at=queued,
            offer_expires_at=NOW - timedelta(minutes=1),
        )
        next_in_line = add_booking(
            session, full, "Alex", BookingStatus.WAITING, created_at=queued + timedelta(hours=1)
        )
        after_them = add_booking(
            session, full, "Jo", BookingStatus.WAITING, created_at=queued + timedelta(hours=2)
        )
        still_open = add_session(session, NOW + timedelta(days=3), capacity=1, booked=1)
        not_yet = add_booking(
            session,
            still_open,
            "Kim",
            status=BookingStatus.OFFERED,
            offer_expires_at=NOW + timedelta(hours=1),
        )

    results = run_housekeeping(db, SETTINGS, NOW)

    assert results["offers_expired"] == 1
    offered = reload(db, Booking, offered.id)
    assert (offered.status, offered.offer_expires_at) == (BookingStatus.EXPIRED, None)
    next_in_line = reload(db, Booking, next_in_line.id)
    assert next_in_line.status == BookingStatus.OFFERED
    assert next_in_line.offer_expires_at == NOW + timedelta(hours=24)
    assert reload(db, Booking, after_them.id).status == BookingStatus.WAITING
    assert reload(db, Booking, not_yet.id).status == BookingStatus.OFFERED
    # The place moved from one person to the next: still taken, never released.
    assert reload(db, SkillSession, full.id).booked == 1
    assert [m.recipient for m in messages(db, "waiting_list_offer")] == ["alex@example.org"]


def test_reminders_go_once_to_people_who_chose_email_or_text(db):
    with db.session() as session:
        tomorrow = add_session(session, NOW + timedelta(hours=20))
        emailed = add_booking(session, tomorrow, "Sam")
        texted = add_booking(session, tomorrow, "Alex", contact_method=ContactMethod.SMS)
        phoned = add_booking(session, tomorrow, "Jo", contact_method=ContactMethod.PHONE)
        add_booking(session, tomorrow, "Kim", contact_method=ContactMethod.NONE)
        add_booking(session, tomorrow, "Lee", status=BookingStatus.WAITING)
        later = add_session(session, NOW + timedelta(hours=30))
        add_booking(session, later, "Pat")

    first = run_housekeeping(db, SETTINGS, NOW)
    again = run_housekeeping(db, SETTINGS, NOW + timedelta(minutes=1))

    assert first["reminders_sent"] == 4  # everyone confirmed; only two have a channel
    assert again["reminders_sent"] == 0
    reminders = messages(db, "booking_reminder")
    assert [(m.channel, m.recipient) for m in reminders] == [
        ("email", "sam@example.org"),
        ("sms", "07700 900123"),
    ]
    assert "Get started with a computer" in reminders[1].body
    assert reload(db, Booking, emailed.id).reminded_at == NOW
    assert reload(db, Booking, texted.id).reminded_at == NOW
    assert reload(db, Booking, phoned.id).reminded_at == NOW

    run_housekeeping(db, SETTINGS, NOW + timedelta(hours=7))

    assert [m.recipient for m in messages(db, "booking_reminder")][2:] == ["pat@example.org"]


def test_a_failing_job_is_rolled_back_and_logged_and_the_others_still_run(db, monkeypatch, caplog):
    with db.session() as session:
        tomorrow = add_session(session, NOW + timedelta(hours=20))
        due = add_booking(session, tomorrow, "Sam")
        old = add_booking(session, add_session(session, NOW - timedelta(days=400)), "Alex")
    real_send_reminders = housekeeping.send_reminders

    def half_then_fail(session, links, now):
        real_send_reminders(session, links, now)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(housekeeping, "send_reminders", half_then_fail)

    with caplog.at_level(logging.ERROR, logger="inclusion.housekeeping"):
        results = run_housekeeping(db, SETTINGS, NOW)

    assert results == {
        "offers_expired": 0,
        "loan_reminders_sent": 0,
        "bookings_anonymised": 1,
        "loans_anonymised": 0,
        "feedback_contact_erased": 0,
        "messages_deleted": 0,
    }
    assert "reminders_sent failed" in caplog.text
    assert reload(db, Booking, due.id).reminded_at is None
    assert messages(db, "booking_reminder") == []
    assert reload(db, Booking, old.id).anonymised_at == NOW


def test_a_job_running_elsewhere_is_skipped_on_postgresql(db, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes its write lock at BEGIN and needs no advisory lock")
    with db.session() as session:
        add_booking(session, add_session(session, NOW + timedelta(hours=20)), "Sam")

    with engine.connect() as elsewhere:
        elsewhere.execute(
            text("SELECT pg_advisory_lock(:key)"),
            {"key": housekeeping._LOCK_KEYS["reminders_sent"]},
        )
        while_locked = run_housekeeping(db, SETTINGS, NOW)
        elsewhere.execute(text("SELECT pg_advisory_unlock_all()"))
    afterwards = run_housekeeping(db, SETTINGS, NOW)

    assert while_locked["reminders_sent"] == 0
    assert afterwards["reminders_sent"] == 1


@pytest.fixture(scope="module")
def own_database(tmp_path_factory) -> str:
    """A database of its own, since the command line and the app's thread commit."""
    url = f"sqlite:///{tmp_path_factory.mktemp('housekeeping') / 'own.sqlite3'}"
    migrate.upgrade(url)
    db = Database.from_url(url)
    with db.session() as session:
        load_demo(session)
    db.engine.dispose()
    return url


def test_purge_anonymises_old_bookings_and_says_how_many(own_database):
    db = Database.from_url(own_database)
    with db.session() as session:
        ended = add_session(session, datetime.now(UTC) - timedelta(days=400))
        add_booking(session, ended, "Sam")
    runner = CliRunner()
    env = {"DATABASE_URL": own_database, "INCLUSION_BOOKING_RETENTION_DAYS": "365"}

    first = runner.invoke(main, ["purge"], env=env)
    again = runner.invoke(main, ["purge"], env=env)

    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        "Bookings anonymised: 1 (personal details are kept for 365 days after a session).",
        "Loan requests anonymised: 0 (personal details are kept for 365 days after a loan ends).",
        "Feedback contact details deleted: 0 (kept for 24 months after an item is closed).",
    ]
    assert again.output.startswith("Bookings anonymised: 0 ")
    db.engine.dispose()


def test_housekeeping_once_runs_every_job_and_fails_when_one_does(own_database, monkeypatch):
    runner = CliRunner()
    env = {"DATABASE_URL": own_database}

    result = runner.invoke(main, ["housekeeping", "--once"], env=env)

    assert result.exit_code == 0, result.output
    assert (
        "Offers expired: 0\nReminders sent: 0\nLoan reminders sent: 0\n"
        "Bookings anonymised: 0\nLoans anonymised: 0\n"
    ) in result.output

    def fail(*_):
        raise RuntimeError("boom")

    monkeypatch.setattr(housekeeping, "anonymise_old_bookings", fail)
    failed = runner.invoke(main, ["housekeeping", "--once"], env=env)

    assert failed.exit_code == 1
    assert "Bookings anonymised: failed (see the log)" in failed.output


def test_the_loop_runs_a_pass_at_once_and_stops_when_told(monkeypatch):
    stop_event = threading.Event()
    passes = []

    def one_pass(db, settings, now):
        passes.append(now)
        stop_event.set()
        return {}

    monkeypatch.setattr(housekeeping, "run_housekeeping", one_pass)

    run_loop(None, SETTINGS, stop_event, interval_seconds=3600)

    assert len(passes) == 1


@pytest.mark.parametrize("in_app", [True, False])
def test_the_app_runs_housekeeping_in_a_thread_only_when_told_to(own_database, in_app):
    db = Database.from_url(own_database)
    app = Litestar(
        route_handlers=[],
        on_startup=[start_in_app],
        on_shutdown=[stop_in_app],
        state=State({"settings": replace(SETTINGS, run_worker_in_app=in_app), "db": db}),
    )

    with TestClient(app=app):
        loop = app.state.get("housekeeping")
        assert (loop is not None) == in_app
        if in_app:
            assert loop.thread.is_alive()

    assert "housekeeping" not in app.state
    if in_app:
        assert not loop.thread.is_alive()
    db.engine.dispose()


def test_sent_messages_are_deleted_after_30_days(db):
    from inclusion.housekeeping import run_housekeeping
    from inclusion.notify.models import OutboxMessage
    from inclusion.notify.outbox import enqueue
    from inclusion.settings import Settings

    now = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    with db.session() as session:
        for age_days, status in ((31, "sent"), (31, "pending"), (29, "sent"), (40, "failed")):
            message = enqueue(
                session,
                channel="email",
                recipient="a@example.org",
                template="password_reset",
                locale="en",
                context={"reset_url": "https://example.org/x"},
                now=now - timedelta(days=age_days),
            )
            message.status = status
    results = run_housekeeping(db, Settings(), now)
    assert results["messages_deleted"] == 2
    with db.session() as session:
        left = sorted(m.status for m in session.query(OutboxMessage))
    assert left == ["pending", "sent"]
