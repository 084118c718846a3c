"""Staff book for residents at the desk or on the phone, print their slip, give people
waiting a freed place, and take attendance."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from inclusion.i18n.formatting import LONDON
from inclusion.notify.models import OutboxMessage
from inclusion.places.models import Place
from inclusion.sessions.models import Booking, BookingStatus, SkillSession
from inclusion.sessions.references import format_reference, manage_token
from inclusion.staff.models import AuditEvent
from tests.factories.staff import make_staff, sign_in

STARTS_AT = datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)


@pytest.fixture
def librarian(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "library_staff")
    db_session.commit()
    return staff


def add_session(db_session, clock, capacity: int = 8, slug: str = "wallsend-library") -> int:
    place = db_session.scalars(select(Place).where(Place.slug == slug)).one()
    skill_session = SkillSession(
        place=place,
        title="Staying safe online",
        topic="online_safety",
        level="beginner",
        starts_at=STARTS_AT,
        ends_at=STARTS_AT + timedelta(hours=2),
        capacity=capacity,
        booked=0,
        created_at=clock(),
    )
    db_session.add(skill_session)
    db_session.commit()
    return skill_session.id


@pytest.fixture
def signed_in(client, clock, librarian):
    sign_in(client, librarian, clock())
    return client


def book(client, session_id: int, name: str, **contact):
    data = {"name": name, "contact-method": "none", "locale": "en", **contact}
    return client.post(f"/staff/sessions/{session_id}/book", data)


def reference_of(response) -> str:
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/staff/bookings/")[1].split("/")[0]


def booking(db_session, reference: str) -> Booking:
    db_session.expire_all()
    return db_session.scalars(select(Booking).where(Booking.reference == reference)).one()


def outbox(db_session, template: str) -> list[OutboxMessage]:
    db_session.expire_all()
    return db_session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def test_booking_with_no_contact_gives_a_slip_with_the_reference(
    signed_in, clock, librarian, db_session, settings
):
    session_id = add_session(db_session, clock)
    form = signed_in.get(f"/staff/sessions/{session_id}/book").text
    assert "They do not need an email address or a phone" in form

    response = book(signed_in, session_id, "Edna Smith", **{"access-needs": "Wheelchair user"})
    reference = reference_of(response)
    assert response.headers["location"] == f"/staff/bookings/{reference}/slip?new=1"

    made = booking(db_session, reference)
    assert (made.status, made.contact_method, made.booked_by_staff_id) == (
        BookingStatus.CONFIRMED,
        "none",
        librarian.id,
    )
    assert made.access_needs == "Wheelchair user"
    assert outbox(db_session, "booking_confirmed") == []  # nobody to send it to

    slip = signed_in.get(response.headers["location"]).text
    assert format_reference(reference) in slip
    assert "Staying safe online" in slip and "Wednesday 2 December" in slip
    assert "10am to midday" in slip
    assert "Wallsend" in slip
    assert manage_token(settings.secret_key, reference) in slip
    assert "The place is booked" in slip

    event = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.target_id) == ("booking_made_by_staff", str(made.id))
    assert "Edna" not in str(event.details)

    page = signed_in.get(f"/staff/sessions/{session_id}").text
    assert "Edna Smith" in page and "Wheelchair user" in page
    assert format_reference(reference) in page


def test_booking_with_an_email_address_sends_a_confirmation(signed_in, clock, db_session):
    session_id = add_session(db_session, clock)
    reference = reference_of(
        book(
            signed_in,
            session_id,
            "Jan Kowalski",
            **{"contact-method": "email", "email": "jan@example.org", "locale": "pl"},
        )
    )
    assert booking(db_session, reference).email == "jan@example.org"
    (message,) = outbox(db_session, "booking_confirmed")
    assert (message.channel, message.recipient, message.locale) == (
        "email",
        "jan@example.org",
        "pl",
    )
    assert format_reference(reference) in message.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter their name"),
        ({"contact-method": ""}, "Choose how they want to be contacted"),
        ({"contact-method": "email", "email": ""}, "Enter their email address"),
        ({"contact-method": "email", "email": "jan@"}, "Enter an email address in the correct"),
        ({"contact-method": "sms", "mobile": "0191 643 2000"}, "Enter a UK mobile number"),
        ({"contact-method": "phone", "phone": "12"}, "Enter a UK phone number"),
        ({"access-needs": "x" * 1001}, "Access needs must be 1,000 characters or fewer"),
    ],
)
def test_booking_form_errors_are_explained(signed_in, clock, db_session, data, message):
    session_id = add_session(db_session, clock)
    form = {"name": "Edna Smith", "contact-method": "none", "locale": "en", **data}
    response = signed_in.post(f"/staff/sessions/{session_id}/book", form)
    assert response.status_code == 200
    assert message in response.text
    assert db_session.scalars(select(Booking)).all() == []


def test_a_full_session_puts_them_on_the_waiting_list(signed_in, clock, db_session):
    session_id = add_session(db_session, clock, capacity=1)
    reference_of(book(signed_in, session_id, "First"))
    form = signed_in.get(f"/staff/sessions/{session_id}/book").text
    assert "This session is full" in form

    response = book(
        signed_in, session_id, "Second", **{"contact-method": "email", "email": "s@example.org"}
    )
    waiting = booking(db_session, reference_of(response))
    assert waiting.status == BookingStatus.WAITING
    assert len(outbox(db_session, "waiting_list_joined")) == 1
    slip = signed_in.get(response.headers["location"]).text
    assert "they are on the waiting list" in slip
    assert "You are on the waiting list: number 1" in slip


def test_offering_a_freed_place_confirms_the_first_person_waiting(signed_in, clock, db_session):
    session_id = add_session(db_session, clock, capacity=1)
    reference_of(book(signed_in, session_id, "Booked"))
    first = booking(
        db_session,
        reference_of(
            book(
                signed_in,
                session_id,
                "First waiting",
                **{"contact-method": "email", "email": "first@example.org"},
            )
        ),
    )
    second = booking(db_session, reference_of(book(signed_in, session_id, "Second waiting")))
    assert first.status == second.status == BookingStatus.WAITING

    page = signed_in.get(f"/staff/sessions/{session_id}").text
    assert "Offer this place" not in page  # no place is free
    full = signed_in.post(f"/staff/sessions/{session_id}/waiting/{first.id}/offer")
    assert full.status_code == 200
    assert "There is no free place to offer" in full.text
    assert booking(db_session, first.reference).status == BookingStatus.WAITING

    edit = signed_in.get(f"/staff/sessions/{session_id}/edit").text
    assert 'value="1"' in edit
    changed = signed_in.post(
        f"/staff/sessions/{session_id}/edit",
        {
            "title": "Staying safe online",
            "date-day": "2",
            "date-month": "12",
            "date-year": "2026",
            "starts": "10:00",
            "ends": "12:00",
            "capacity": "2",
        },
    )
    assert changed.status_code == 303
    # The added place goes to the first person waiting at once, as an offer they take
    # from their message; the second keeps waiting.
    assert booking(db_session, first.reference).status == BookingStatus.OFFERED
    assert booking(db_session, second.reference).status == BookingStatus.WAITING
    skill_session = db_session.get(SkillSession, session_id)
    assert (skill_session.booked, skill_session.capacity) == (2, 2)
    assert [m.recipient for m in outbox(db_session, "waiting_list_offer")] == ["first@example.org"]
    again = signed_in.post(f"/staff/sessions/{session_id}/waiting/{second.id}/offer")
    assert "There is no free place to offer" in again.text
    assert db_session.get(SkillSession, session_id).booked == 2


def test_attendance_is_saved_and_shown(signed_in, clock, librarian, db_session):
    session_id = add_session(db_session, clock)
    ada = booking(db_session, reference_of(book(signed_in, session_id, "Ada")))
    grace = booking(db_session, reference_of(book(signed_in, session_id, "Grace")))
    alan = booking(db_session, reference_of(book(signed_in, session_id, "Alan")))

    page = signed_in.get(f"/staff/sessions/{session_id}/attendance").text
    assert "Ada" in page and "Did not attend" in page
    assert "checked" not in page

    clock.advance(days=7)  # the session has started; staff sign in again on the day
    sign_in(signed_in, librarian, clock())
    response = signed_in.post(
        f"/staff/sessions/{session_id}/attendance",
        {f"attendance-{ada.id}": "attended", f"attendance-{grace.id}": "did_not_attend"},
    )
    assert response.headers["location"] == f"/staff/sessions/{session_id}/attendance?saved=1"
    assert booking(db_session, ada.reference).attendance == "attended"
    assert booking(db_session, grace.reference).attendance == "did_not_attend"
    assert booking(db_session, alan.reference).attendance is None

    shown = signed_in.get(response.headers["location"]).text
    assert "Attendance is saved" in shown
    assert (
        f'id="attendance-{ada.id}" name="attendance-{ada.id}" type="radio" value="attended" checked'
        in shown
    )
    assert f'name="attendance-{grace.id}" type="radio" value="did_not_attend" checked' in shown

    signed_in.post(
        f"/staff/sessions/{session_id}/attendance",
        {f"attendance-{alan.id}": "attended", f"attendance-{ada.id}": "nonsense"},
    )
    assert booking(db_session, ada.reference).attendance == "attended"  # kept
    assert booking(db_session, alan.reference).attendance == "attended"


def test_a_librarian_cannot_book_or_see_slips_at_another_venue(signed_in, clock, db_session):
    session_id = add_session(db_session, clock, slug="cullercoats-library")
    assert signed_in.get(f"/staff/sessions/{session_id}").status_code == 403
    assert book(signed_in, session_id, "Edna").status_code == 403
    assert db_session.scalars(select(Booking)).all() == []


NASTY = ["x" * 5000, "Zoë 日本語 🙂", "'; DROP TABLE bookings; --", "<script>alert(1)</script>", ""]


@pytest.mark.parametrize("value", NASTY)
def test_whatever_is_typed_gets_a_page_back(signed_in, clock, db_session, value):
    session_id = add_session(db_session, clock)
    forms = {
        "/staff/sessions/new": ["title", "venue", "date-day", "starts", "capacity", "dates"],
        f"/staff/sessions/{session_id}/edit": ["title", "date-year", "ends", "capacity"],
        f"/staff/sessions/{session_id}/book": ["name", "contact-method", "email", "locale"],
        f"/staff/sessions/{session_id}/attendance": [f"attendance-{session_id}"],
        f"/staff/sessions/{session_id}/cancel": ["scope", "reason"],
    }
    for url, fields in forms.items():
        for field in fields:
            response = signed_in.post(url, {field: value})
            assert response.status_code in (200, 303), (url, field, response.status_code)
            assert "<script>alert" not in response.text
