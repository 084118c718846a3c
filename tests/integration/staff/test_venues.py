"""Staff keep their venue right, and residents see the change at once."""

from __future__ import annotations

from sqlalchemy import select

from inclusion.staff.models import AuditEvent
from tests.factories.staff import sign_in
from tests.integration.places.test_finder import result_names


def last_audit(db_session) -> AuditEvent:
    db_session.expire_all()
    return db_session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_staff_see_the_facts_to_check_and_residents_do_not(client, clock, librarian):
    public = client.get("/places/wallsend-library").text
    assert "check before use" not in public.lower()
    sign_in(client, librarian, clock())
    staff_page = client.get("/staff/venues/wallsend-library").text
    assert "Facts to check before use" in staff_page
    assert "check before use" in staff_page.lower()


def test_closing_for_a_day_shows_on_the_place_page_and_in_the_finder(
    client, clock, librarian, db_session
):
    sign_in(client, librarian, clock())
    today = clock().date()
    response = client.post(
        "/staff/venues/wallsend-library/closures",
        {
            "starts-day": str(today.day),
            "starts-month": str(today.month),
            "starts-year": str(today.year),
            "reason": "Staff training",
        },
    )
    assert response.status_code == 303
    event = last_audit(db_session)
    assert event.action == "venue_closure_added"
    assert event.actor_id == librarian.id
    place_page = client.get("/places/wallsend-library").text
    assert "Closed now" in place_page
    assert "Staff training" in place_page
    open_now = result_names(client.get("/find?town=wallsend&open_now=1").text)
    assert not any(name.startswith("Wallsend Library") for name in open_now)


def test_removing_a_closure(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    today = clock().date()
    client.post(
        "/staff/venues/wallsend-library/closures",
        {
            "starts-day": str(today.day),
            "starts-month": str(today.month),
            "starts-year": str(today.year),
            "reason": "Heating failed",
        },
    )
    page = client.get("/staff/venues/wallsend-library").text
    closure_id = int(page.split("/closures/")[1].split("/remove")[0])
    assert (
        client.post(f"/staff/venues/wallsend-library/closures/{closure_id}/remove", {}).status_code
        == 303
    )
    assert "Heating failed" not in client.get("/places/wallsend-library").text
    assert last_audit(db_session).action == "venue_closure_removed"


def test_closure_form_errors_keep_the_input(client, clock, librarian):
    sign_in(client, librarian, clock())
    response = client.post(
        "/staff/venues/wallsend-library/closures",
        {"starts-day": "31", "starts-month": "2", "starts-year": "2027", "reason": ""},
    )
    assert response.status_code == 200
    assert "The first day closed must be a real date" in response.text
    assert "Enter the reason" in response.text
    assert 'value="31"' in response.text


def test_changing_opening_hours(client, clock, librarian, db_session):
    sign_in(client, librarian, clock())
    data = {"day-2-opens-1": "10:00", "day-2-closes-1": "4pm"}  # Wednesday only
    assert client.post("/staff/venues/wallsend-library/hours", data).status_code == 303
    page = client.get("/places/wallsend-library").text
    assert "10am to 4pm" in page
    assert last_audit(db_session).action == "venue_hours_changed"


def test_hours_errors_are_explained(client, clock, librarian):
    sign_in(client, librarian, clock())
    response = client.post(
        "/staff/venues/wallsend-library/hours",
        {
            "day-0-opens-1": "25:00",
            "day-0-closes-1": "17:00",
            "day-1-opens-1": "17:00",
            "day-1-closes-1": "9:00",
            "day-2-opens-1": "9:00",
            "day-2-closes-1": "13:00",
            "day-2-opens-2": "12:00",
            "day-2-closes-2": "17:00",
        },
    )
    assert response.status_code == 200
    assert "Enter an opening time" in response.text
    assert "The closing time must be after the opening time" in response.text
    assert "The second opening must start after the first ends" in response.text
    assert 'value="25:00"' in response.text


def test_wifi_not_working_today_shows_at_once_and_ends_at_midnight(
    client, clock, librarian, db_session
):
    sign_in(client, librarian, clock())
    response = client.post(
        "/staff/venues/wallsend-library/wifi",
        {"network-name": "NTC-Public", "time-limit": "120", "out-of-order": "yes"},
    )
    assert response.status_code == 303
    place_page = client.get("/places/wallsend-library").text
    assert "The Wi-Fi is not working today." in place_page
    assert "NTC-Public" in place_page
    assert "120 minutes a day" in place_page
    assert "The Wi-Fi is not working today." in client.get("/find?town=wallsend").text
    clock.advance(days=1)
    assert "not working today" not in client.get("/places/wallsend-library").text


def test_wifi_form_rejects_a_silly_time_limit(client, clock, librarian):
    sign_in(client, librarian, clock())
    response = client.post(
        "/staff/venues/wallsend-library/wifi", {"network-name": "x", "time-limit": "lots"}
    )
    assert "Enter the time limit as a number of minutes" in response.text
    assert 'value="lots"' in response.text
