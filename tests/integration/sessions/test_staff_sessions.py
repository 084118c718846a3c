"""Staff add sessions and series at their venues, change and cancel them, and only
where their role lets them."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from inclusion.i18n.formatting import LONDON
from inclusion.notify.models import OutboxMessage
from inclusion.sessions.models import (
    Booking,
    BookingStatus,
    SessionSeries,
    SessionStatus,
    SkillSession,
)
from inclusion.staff.models import AuditEvent
from tests.factories.staff import make_staff, sign_in


def _staff(db_session, settings, clock, role):
    staff = make_staff(db_session, settings.secret_key, clock(), role)
    db_session.commit()
    return staff


@pytest.fixture
def librarian(db_session, settings, clock):
    return _staff(db_session, settings, clock, "library_staff")


@pytest.fixture
def officer(db_session, settings, clock):
    return _staff(db_session, settings, clock, "officer")


@pytest.fixture
def admin(db_session, settings, clock):
    return _staff(db_session, settings, clock, "admin")


def session_form(**changes) -> dict[str, str]:
    """A valid one-off session at Wallsend a week after the test clock's Wednesday."""
    form = {
        "title": "Using your smartphone",
        "topic": "smartphones",
        "level": "beginner",
        "venue": "wallsend-library",
        "date-day": "2",
        "date-month": "12",
        "date-year": "2026",
        "starts": "10:00",
        "ends": "12pm",
        "capacity": "8",
        "language": "en",
        "repeat": "none",
        "dates": "",
        "description": "Calls, messages and photos.",
        "what-to-bring": "Your phone and its charger",
        "accessibility-notes": "",
    }
    form.update(changes)
    return form


def created_id(response) -> int:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.endswith("?done=created"), location
    return int(location.split("/staff/sessions/")[1].split("?")[0])


def fresh(db_session, model, record_id):
    db_session.expire_all()
    return db_session.get(model, record_id)


def last_audit(db_session) -> AuditEvent:
    db_session.expire_all()
    return db_session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_a_one_off_session_is_created_and_listed(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    session_id = created_id(client.post("/staff/sessions/new", session_form()))

    created = fresh(db_session, SkillSession, session_id)
    assert created.series_id is None
    assert created.starts_at == datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)
    assert created.ends_at == datetime(2026, 12, 2, 12, 0, tzinfo=LONDON)
    assert (created.capacity, created.booked, created.topic) == (8, 0, "smartphones")
    assert created.what_to_bring == "Your phone and its charger"
    assert created.accessibility_notes is None  # left empty
    event = last_audit(db_session)
    assert (event.action, event.actor_id, event.target_id) == (
        "session_created",
        librarian.id,
        str(session_id),
    )

    page = client.get(f"/staff/sessions/{session_id}?done=created").text
    assert "The session is added" in page
    assert "Wednesday 2 December" in page and "10am to midday" in page
    listing = client.get("/staff/sessions").text
    assert "Using your smartphone" in listing and "0 of 8" in listing
    assert "Add a session" in listing


def test_a_fortnightly_series_keeps_its_wall_clock_time_across_the_clock_change(
    client, clock, librarian, db_session
):
    sign_in(client, librarian, clock())
    form = session_form(
        **{"date-day": "6", "date-month": "10", "date-year": "2027"},
        repeat="fortnightly",
        dates="6",
    )
    session_id = created_id(client.post("/staff/sessions/new", form))

    first = fresh(db_session, SkillSession, session_id)
    series = db_session.get(SessionSeries, first.series_id)
    assert series.frequency == "fortnightly"
    dates = db_session.scalars(
        select(SkillSession)
        .where(SkillSession.series_id == series.id)
        .order_by(SkillSession.starts_at)
    ).all()
    london_days = [s.starts_at.astimezone(LONDON) for s in dates]
    assert [(d.month, d.day) for d in london_days] == [
        (10, 6),
        (10, 20),
        (11, 3),
        (11, 17),
        (12, 1),
        (12, 15),
    ]
    assert {(d.hour, d.minute) for d in london_days} == {(10, 0)}
    # British Summer Time ends on 31 October 2027: 10am is 9:00 UTC before, 10:00 after.
    assert [s.starts_at.astimezone(LONDON).utcoffset().seconds // 3600 for s in dates] == [
        1,
        1,
        0,
        0,
        0,
        0,
    ]
    assert last_audit(db_session).action == "session_series_created"

    page = client.get(f"/staff/sessions/{session_id}").text
    assert "Other dates in this series" in page
    assert "Wednesday 3 November, 10am" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date-day": "24", "date-month": "11"}, "The date must be today or in the future"),
        ({"date-day": "25", "date-month": "11", "starts": "9am"}, "The start time has passed"),
        ({"date-day": "31", "date-month": "2"}, "The date must be a real date"),
        ({"date-year": "9999", "repeat": "weekly", "dates": "26"}, "within the next 2 years"),
        ({"starts": "14:00", "ends": "1pm"}, "The end time must be after the start time"),
        ({"starts": "25:00"}, "Enter a start time, like 10:00 or 2pm"),
        ({"capacity": "0"}, "The number of places must be 1 or more"),
        ({"capacity": "-4"}, "The number of places must be 1 or more"),
        ({"capacity": "500"}, "The number of places must be 100 or fewer"),
        ({"capacity": "lots"}, "Enter the number of places as a number, like 12"),
        ({"title": ""}, "Enter a title"),
        ({"title": "x" * 121}, "The title must be 120 characters or fewer"),
        ({"topic": ""}, "Choose a topic"),
        ({"venue": ""}, "Choose a venue"),
        ({"repeat": "weekly", "dates": ""}, "Enter how many dates, from 2 to 26"),
        ({"repeat": "weekly", "dates": "30"}, "The number of dates must be 26 or fewer"),
        ({"description": "x" * 2001}, "The description must be 2,000 characters or fewer"),
    ],
)
def test_new_session_errors_are_explained_and_the_input_kept(
    client, clock, librarian, db_session, changes, message
):
    sign_in(client, librarian, clock())
    before = db_session.scalar(select(func.count()).select_from(SkillSession))
    response = client.post("/staff/sessions/new", session_form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert "<title>Error:" in response.text
    assert "There is a problem" in response.text
    for value in changes.values():
        if value and len(value) < 50:
            assert f'value="{value}"' in response.text or f">{value}<" in response.text
    assert db_session.scalar(select(func.count()).select_from(SkillSession)) == before


def test_a_librarian_cannot_add_a_session_at_another_venue(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    new_page = client.get("/staff/sessions/new").text
    assert "Wallsend" in new_page and "Cullercoats" not in new_page
    response = client.post("/staff/sessions/new", session_form(venue="cullercoats-library"))
    assert response.status_code == 403
    assert db_session.scalar(select(func.count()).select_from(SkillSession)) == 0


def test_an_officer_can_look_but_not_change(client, clock, librarian, officer, db_session):
    sign_in(client, librarian, clock())
    session_id = created_id(client.post("/staff/sessions/new", session_form()))
    client.client.cookies.clear()

    sign_in(client, officer, clock())
    listing = client.get("/staff/sessions")
    assert listing.status_code == 200 and "Using your smartphone" in listing.text
    assert "Add a session" not in listing.text
    page = client.get(f"/staff/sessions/{session_id}")
    assert page.status_code == 200
    assert "Cancel this date" not in page.text and "Book for someone" not in page.text
    assert client.get("/staff/sessions/new").status_code == 403
    assert client.post("/staff/sessions/new", session_form()).status_code == 403
    assert client.get(f"/staff/sessions/{session_id}/edit").status_code == 403
    assert client.post(f"/staff/sessions/{session_id}/cancel", {"reason": "x"}).status_code == 403
    assert fresh(db_session, SkillSession, session_id).status == SessionStatus.SCHEDULED


def test_an_administrator_can_add_a_session_anywhere(client, clock, admin, db_session):
    sign_in(client, admin, clock())
    session_id = created_id(
        client.post("/staff/sessions/new", session_form(venue="cullercoats-library"))
    )
    assert fresh(db_session, SkillSession, session_id).place.slug == "cullercoats-library"


def book_for(client, session_id: int, name: str, **contact) -> str:
    """Book at the desk; the booking's reference, from the slip it leads to."""
    data = {"name": name, "contact-method": "none", "locale": "en", **contact}
    response = client.post(f"/staff/sessions/{session_id}/book", data)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/staff/bookings/")[1].split("/")[0]


def test_changing_a_date_keeps_places_already_taken(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    session_id = created_id(client.post("/staff/sessions/new", session_form(capacity="3")))
    book_for(client, session_id, "Ada")
    book_for(client, session_id, "Grace")

    edit_page = client.get(f"/staff/sessions/{session_id}/edit").text
    assert 'value="Using your smartphone"' in edit_page and 'value="10:00"' in edit_page
    assert "2 people have a place" in edit_page

    too_few = client.post(
        f"/staff/sessions/{session_id}/edit", session_form(capacity="1", title="Changed")
    )
    assert too_few.status_code == 200
    assert "cannot be fewer than the 2 already taken" in too_few.text
    assert fresh(db_session, SkillSession, session_id).title == "Using your smartphone"

    changed = client.post(
        f"/staff/sessions/{session_id}/edit",
        session_form(capacity="2", title="Smartphones: the basics", starts="2pm", ends="4pm"),
    )
    assert changed.headers["location"] == f"/staff/sessions/{session_id}?done=changed"
    updated = fresh(db_session, SkillSession, session_id)
    assert (updated.title, updated.capacity, updated.booked) == ("Smartphones: the basics", 2, 2)
    assert updated.starts_at == datetime(2026, 12, 2, 14, 0, tzinfo=LONDON)
    assert last_audit(db_session).action == "session_changed"


def test_cancelling_a_date_tells_everyone_booked_or_waiting(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    session_id = created_id(client.post("/staff/sessions/new", session_form(capacity="2")))
    book_for(client, session_id, "Ada", **{"contact-method": "email", "email": "ada@example.org"})
    book_for(client, session_id, "Grace", **{"contact-method": "sms", "mobile": "07700900982"})
    book_for(client, session_id, "Alan", **{"contact-method": "email", "email": "al@example.org"})
    book_for(client, session_id, "Joan")  # no contact: staff ring or tell her themselves

    missing = client.post(f"/staff/sessions/{session_id}/cancel", {"reason": ""})
    assert missing.status_code == 200 and "Enter the reason" in missing.text

    response = client.post(f"/staff/sessions/{session_id}/cancel", {"reason": "The trainer is ill"})
    assert response.headers["location"] == f"/staff/sessions/{session_id}?done=cancelled"

    cancelled = fresh(db_session, SkillSession, session_id)
    assert cancelled.status == SessionStatus.CANCELLED
    assert cancelled.cancelled_reason == "The trainer is ill"
    assert cancelled.booked == 0
    statuses = db_session.scalars(select(Booking.status).where(Booking.session_id == session_id))
    assert set(statuses) == {BookingStatus.CANCELLED}
    messages = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "session_cancelled")
    ).all()
    assert sorted(m.recipient for m in messages) == [
        "07700900982",
        "ada@example.org",
        "al@example.org",
    ]
    assert all("The trainer is ill" in m.body for m in messages)
    event = last_audit(db_session)
    assert event.action == "session_cancelled"
    assert "Ada" not in str(event.details)

    page = client.get(f"/staff/sessions/{session_id}?done=cancelled").text
    assert "The session is cancelled" in page and "The trainer is ill" in page
    assert (
        client.get(f"/staff/sessions/{session_id}/cancel", follow_redirects=False).status_code
        == 303
    )


def test_cancelling_the_rest_of_a_series(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    session_id = created_id(
        client.post("/staff/sessions/new", session_form(repeat="weekly", dates="4"))
    )
    series_id = fresh(db_session, SkillSession, session_id).series_id
    second = db_session.scalars(
        select(SkillSession)
        .where(SkillSession.series_id == series_id)
        .order_by(SkillSession.starts_at)
    ).all()[1]

    page = client.get(f"/staff/sessions/{second.id}/cancel").text
    assert "This date and the 2 later dates in the series" in page
    client.post(
        f"/staff/sessions/{second.id}/cancel", {"reason": "The room is closed", "scope": "later"}
    )
    db_session.expire_all()
    statuses = db_session.scalars(
        select(SkillSession.status)
        .where(SkillSession.series_id == series_id)
        .order_by(SkillSession.starts_at)
    ).all()
    assert statuses == ["scheduled", "cancelled", "cancelled", "cancelled"]
