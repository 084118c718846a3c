"""Every staff route is guarded: walked from the app's route list, so a new route that
is not in this table, or not behind `staff_required`, fails the suite.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from litestar.routes import HTTPRoute

from inclusion.loans import services as loans
from inclusion.sessions import services
from inclusion.sessions.models import SkillSession
from inclusion.sessions.references import Links
from inclusion.sessions.services import Details
from inclusion.staff import queries
from inclusion.staff.auth import staff_required
from inclusion.staff.routes_sign_in import PUBLIC_STAFF_ROUTES
from tests.factories.feedback import make_change, make_item
from tests.factories.loans import make_device, make_device_type, make_request
from tests.factories.staff import sign_in

# Which roles may use each guarded route. Library staff may use venue routes only for
# their own venues: these tests aim them at another venue, so they must be refused.
ALLOWED = {
    "staff:dashboard": {"library_staff", "officer", "admin"},
    "staff:sign-out-everywhere": {"library_staff", "officer", "admin"},
    "staff:venues": {"library_staff", "officer", "admin"},
    "staff:venue": {"officer", "admin"},
    "staff:venue-hours": {"admin"},
    "staff:venue-hours-post": {"admin"},
    "staff:venue-closures": {"admin"},
    "staff:venue-closures-post": {"admin"},
    "staff:venue-closure-remove": {"admin"},
    "staff:venue-wifi": {"admin"},
    "staff:venue-wifi-post": {"admin"},
    "staff:audit": {"officer", "admin"},
    "staff:guidance": {"library_staff", "officer", "admin"},
    "staff:users": {"admin"},
    "staff:user-new": {"admin"},
    "staff:user-new-post": {"admin"},
    "staff:user-deactivate": {"admin"},
    "staff:sessions": {"library_staff", "officer", "admin"},
    "staff:session-new": {"library_staff", "admin"},
    "staff:session-new-post": {"library_staff", "admin"},
    "staff:session": {"officer", "admin"},
    "staff:session-edit": {"admin"},
    "staff:session-edit-post": {"admin"},
    "staff:session-cancel": {"admin"},
    "staff:session-cancel-post": {"admin"},
    "staff:session-offer": {"admin"},
    "staff:session-book": {"admin"},
    "staff:session-book-post": {"admin"},
    "staff:booking-slip": {"admin"},
    "staff:session-attendance": {"admin"},
    "staff:session-attendance-post": {"admin"},
    "staff:loans": {"library_staff", "officer", "admin"},
    "staff:loan-find": {"library_staff", "officer", "admin"},
    "staff:loans-overdue": {"library_staff", "officer", "admin"},
    "staff:loan-queue": {"officer", "admin"},
    "staff:loan-request": {"officer", "admin"},
    "staff:loan-priority": {"admin"},
    "staff:loan-reserve": {"admin"},
    "staff:loan-ready": {"admin"},
    "staff:loan-cancel": {"admin"},
    "staff:loan-check-out": {"admin"},
    "staff:loan-check-out-post": {"admin"},
    "staff:loan-check-in": {"admin"},
    "staff:loan-check-in-post": {"admin"},
    "staff:loan-devices": {"officer", "admin"},
    "staff:loan-device-new": {"admin"},
    "staff:loan-device-new-post": {"admin"},
    "staff:loan-device": {"officer", "admin"},
    "staff:loan-device-notes": {"admin"},
    "staff:loan-device-repair": {"admin"},
    "staff:loan-device-ready": {"admin"},
    "staff:loan-device-retire": {"admin"},
    "staff:loan-sims": {"officer", "admin"},
    "staff:loan-sims-give": {"admin"},
    "staff:loan-sims-add": {"admin"},
    "staff:changes": {"officer", "admin"},
    "staff:changes-new": {"officer", "admin"},
    "staff:changes-new-post": {"officer", "admin"},
    "staff:changes-edit": {"officer", "admin"},
    "staff:changes-edit-post": {"officer", "admin"},
    "staff:changes-withdraw": {"officer", "admin"},
    "staff:changes-withdraw-post": {"officer", "admin"},
    # Library staff see their own venues' feedback; the item here is about another one.
    "staff:feedback": {"library_staff", "officer", "admin"},
    "staff:feedback-bulk": {"officer", "admin"},
    "staff:feedback-export": {"officer", "admin"},
    "staff:feedback-item": {"officer", "admin"},
    "staff:feedback-status": {"officer", "admin"},
    "staff:feedback-note": {"officer", "admin"},
    "staff:feedback-assign": {"officer", "admin"},
    "staff:feedback-goals": {"officer", "admin"},
    "staff:feedback-reply": {"officer", "admin"},
    "staff:feedback-called": {"officer", "admin"},
    "staff:impact": {"officer", "admin"},
    "staff:impact-csv": {"officer", "admin"},
}
OTHER_VENUE = "cullercoats-library"


def staff_handlers(app):
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/staff"):
            continue
        for handler in route.route_handlers:
            if handler.http_methods != {"OPTIONS"}:  # Litestar's own, answering CORS
                yield route.path, handler


@pytest.fixture
def path_values(db_session, officer, settings, clock):
    place = queries.venue_by_slug(db_session, OTHER_VENUE)
    closure = queries.add_closure(db_session, place, date(2026, 12, 1), None, "Test closure")
    # A full session there, with someone waiting: no request in these tests changes it.
    skill_session = SkillSession(
        place=place,
        title="Guarded session",
        topic="other",
        level="beginner",
        starts_at=clock() + timedelta(days=7),
        ends_at=clock() + timedelta(days=7, hours=2),
        capacity=1,
        created_at=clock(),
    )
    db_session.add(skill_session)
    db_session.flush()
    links = Links(settings.base_url, settings.secret_key)
    details = Details("Resident", "none")
    booking = services.book(db_session, skill_session, details, clock(), links)
    waiting = services.join_waiting_list(db_session, skill_session, details, clock(), links)
    # A device there on loan, so every lending page has something to show.
    device_type = make_device_type(db_session)
    device = make_device(db_session, device_type, OTHER_VENUE)
    loan = make_request(db_session, device_type, clock(), OTHER_VENUE)
    loans.check_out(db_session, device, loan, "good", clock())
    change = make_change(db_session, clock())
    feedback = make_item(db_session, clock(), place_slug=OTHER_VENUE)
    db_session.commit()
    return {
        "slug": OTHER_VENUE,
        "closure_id": closure.id,
        "user_id": officer.id,
        "session_id": skill_session.id,
        "booking_id": waiting.id,
        "reference": booking.reference,
        "type_slug": device_type.slug,
        "device_id": device.id,
        "loan_reference": loan.reference,
        "change_id": change.id,
        "feedback_reference": feedback.reference,
    }


def url_for(path: str, values: dict) -> str:
    for name, value in values.items():
        for kind in ("str", "int"):
            path = path.replace(f"{{{name}:{kind}}}", str(value))
    return path


def test_every_staff_route_is_public_by_name_or_guarded_and_listed(app):
    for path, handler in staff_handlers(app):
        if handler.name in PUBLIC_STAFF_ROUTES:
            continue
        assert staff_required in handler.resolve_guards(), f"{path} has no staff guard"
        assert handler.name in ALLOWED, f"{handler.name} ({path}) is missing from ALLOWED"


def requests_for(app, values):
    for path, handler in staff_handlers(app):
        if handler.name in PUBLIC_STAFF_ROUTES:
            continue
        for method in handler.http_methods:
            yield handler.name, method, url_for(path, values)


def test_without_a_session_every_guarded_route_sends_you_to_sign_in(app, client, path_values):
    for name, method, url in requests_for(app, path_values):
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post(url, {})
        assert response.status_code == 303, f"{method} {url}"
        assert response.headers["location"].startswith("/staff/sign-in"), name


@pytest.mark.parametrize("role", ["library_staff", "officer", "admin"])
def test_each_role_reaches_only_its_routes(
    app, client, clock, role, librarian, officer, admin, path_values
):
    staff = {"library_staff": librarian, "officer": officer, "admin": admin}[role]
    sign_in(client, staff, clock())
    for name, method, url in requests_for(app, path_values):
        if name == "staff:sign-out-everywhere":
            continue  # it would end this test's session
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post(url, {})
        if role in ALLOWED[name]:
            assert response.status_code in (200, 303), f"{role}: {method} {url}"
            if response.status_code == 303:
                assert not response.headers["location"].startswith("/staff/sign-in"), url
        else:
            assert response.status_code == 403, f"{role} should be refused {method} {url}"


def test_library_staff_can_change_their_own_venue(client, clock, librarian):
    sign_in(client, librarian, clock())
    assert client.get("/staff/venues/wallsend-library").status_code == 200
    assert client.get("/staff/venues/wallsend-library/hours").status_code == 200
    venues = client.get("/staff/venues").text
    assert "Wallsend" in venues and "Cullercoats" not in venues
