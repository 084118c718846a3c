"""Staff run lending at the desk: the queue, reservations, lending and taking back,
the device register, data SIMs, and only where their role lets them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from inclusion.loans import queries, services
from inclusion.loans.models import Device, DeviceStatus, EventKind, LoanRequest, LoanStatus
from inclusion.notify.models import OutboxMessage
from inclusion.sessions.models import Booking
from inclusion.staff.models import AuditEvent
from tests.factories.loans import make_device, make_device_type, make_request, place_id
from tests.factories.sessions import make_session
from tests.factories.staff import sign_in


@pytest.fixture
def laptop(db_session):
    return make_device_type(db_session, loan_days=28)


def fresh(db_session, model, record_id):
    db_session.expire_all()
    return db_session.get(model, record_id)


def last_audit(db_session) -> AuditEvent:
    db_session.expire_all()
    return db_session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def commit(db_session, *records):
    db_session.commit()
    return records


def request_url(loan: LoanRequest, step: str = "") -> str:
    return f"/staff/loans/requests/{loan.reference}" + (f"/{step}" if step else "")


def test_the_queue_shows_priority_first_then_first_come(
    client, clock, db_session, librarian, laptop
):
    first = make_request(db_session, laptop, clock(), name="First")
    clock.advance(minutes=5)
    second = make_request(db_session, laptop, clock(), name="Second")
    commit(db_session)
    sign_in(client, librarian, clock())

    answer = client.post(
        request_url(second, "priority"), {"priority": "3", "priority-reason": "job_seeking"}
    )
    assert answer.status_code == 303
    assert fresh(db_session, LoanRequest, second.id).priority == 3
    event = last_audit(db_session)
    assert (event.action, event.target_id) == ("loan_priority_set", str(second.id))
    assert "Second" not in str(event.details)

    page = client.get(f"/staff/loans/venues/wallsend-library/queue/{laptop.slug}").text
    assert page.index(second.reference[:4]) < page.index(first.reference[:4])
    assert "Looking for work" in page and "Low income:" in page

    wrong = client.post(request_url(first, "priority"), {"priority": "12", "priority-reason": ""})
    assert wrong.status_code == 200
    assert "The priority must be a whole number from 0 to 9" in wrong.text
    assert 'value="12"' in wrong.text  # what was typed is kept
    no_reason = client.post(request_url(first, "priority"), {"priority": "2"})
    assert "Choose the reason for the priority" in no_reason.text


def test_a_device_kept_for_a_later_date_is_not_lent_before_then(
    client, clock, db_session, librarian, laptop
):
    device = make_device(db_session, laptop)
    loan = make_request(db_session, laptop, clock())
    commit(db_session)
    sign_in(client, librarian, clock())
    later = services.local_date(clock()) + timedelta(days=2)

    past = client.post(
        request_url(loan, "reserve"),
        {"device": str(device.id), "from-day": "1", "from-month": "1", "from-year": "2020"},
    )
    assert "The date must be today or in the future" in past.text
    answer = client.post(
        request_url(loan, "reserve"),
        {
            "device": str(device.id),
            "from-day": str(later.day),
            "from-month": str(later.month),
            "from-year": str(later.year),
        },
    )
    assert answer.status_code == 303
    assert fresh(db_session, Device, device.id).status == DeviceStatus.RESERVED
    assert last_audit(db_session).action == "loan_device_reserved"

    assert client.post(request_url(loan, "ready")).status_code == 303
    assert fresh(db_session, LoanRequest, loan.id).status == LoanStatus.READY
    assert db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "loan_ready")
    ).first()

    early = client.post(
        request_url(loan, "check-out"), {"device": str(device.id), "condition": "good"}
    )
    assert early.status_code == 200
    assert "It cannot be collected before then" in early.text
    assert fresh(db_session, Device, device.id).status == DeviceStatus.RESERVED

    clock.advance(days=2)
    sign_in(client, librarian, clock())  # the staff session lapsed meanwhile
    lent = client.post(
        request_url(loan, "check-out"), {"device": str(device.id), "condition": "good"}
    )
    assert lent.headers["location"] == request_url(loan) + "?done=checked-out"
    assert fresh(db_session, LoanRequest, loan.id).due_on == later + timedelta(days=28)


def test_lend_and_take_back_with_a_missing_charger(client, clock, db_session, librarian, laptop):
    device = make_device(db_session, laptop, asset_tag="NTC-WA-LT09")
    loan = make_request(db_session, laptop, clock())
    commit(db_session)
    sign_in(client, librarian, clock())

    form = client.get(request_url(loan, "check-out")).text
    due = services.local_date(clock()) + timedelta(days=28)
    assert "NTC-WA-LT09" in form and "(28 days)" in form
    assert "Due back on Wednesday 23 December" in form and due.day == 23

    missing = client.post(request_url(loan, "check-out"), {"device": str(device.id)})
    assert "Choose the condition of the device" in missing.text
    assert (
        client.post(request_url(loan, "check-out"), {"device": str(device.id), "condition": "worn"})
        .headers["location"]
        .endswith("?done=checked-out")
    )
    event = last_audit(db_session)
    assert (event.action, event.details["device_id"]) == ("loan_checked_out", device.id)
    # The same form sent again lends nothing more and is no error.
    again = client.post(
        request_url(loan, "check-out"), {"device": str(device.id), "condition": "worn"}
    )
    assert again.status_code == 303

    clock.advance(days=10)
    sign_in(client, librarian, clock())
    check_in = client.get(request_url(loan, "check-in")).text
    assert "Charger" in check_in and "Case" in check_in and "Data wiped" in check_in
    answer = client.post(
        request_url(loan, "check-in"), {"condition": "worn", "returned": ["case", "data_wiped"]}
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/staff/loans/devices/{device.id}?done=checked-in"
    assert fresh(db_session, Device, device.id).status == DeviceStatus.BEING_RESET
    assert last_audit(db_session).details["missing"] == ["charger"]

    history = client.get(f"/staff/loans/devices/{device.id}").text
    assert "Not back or not done: Charger" in history
    assert "Ann Example" not in history  # never who had it
    assert client.post(f"/staff/loans/devices/{device.id}/ready").status_code == 303
    assert fresh(db_session, Device, device.id).status == DeviceStatus.AVAILABLE


def test_lending_a_device_in_repair_is_refused_with_a_message(
    client, clock, db_session, librarian, laptop
):
    device = make_device(db_session, laptop, asset_tag="NTC-REPAIR-1")
    loan = make_request(db_session, laptop, clock())
    commit(db_session)
    sign_in(client, librarian, clock())
    answer = client.post(f"/staff/loans/devices/{device.id}/repair", {"repair-note": "Cracked"})
    assert answer.status_code == 303

    refused = client.post(
        request_url(loan, "check-out"), {"device": str(device.id), "condition": "good"}
    )

    assert refused.status_code == 200
    assert "NTC-REPAIR-1 is in repair. Choose another device." in refused.text
    assert refused.text.count("govuk-error-summary") >= 1
    assert fresh(db_session, LoanRequest, loan.id).status == LoanStatus.REQUESTED


def test_a_device_kept_for_someone_else_is_refused(client, clock, db_session, librarian, laptop):
    device = make_device(db_session, laptop, asset_tag="NTC-HELD-1")
    holder = make_request(db_session, laptop, clock())
    other = make_request(db_session, laptop, clock(), name="Bob")
    services.reserve(db_session, device, holder, services.local_date(clock()), clock())
    commit(db_session)
    sign_in(client, librarian, clock())

    refused = client.post(
        request_url(other, "check-out"), {"device": str(device.id), "condition": "good"}
    )

    assert "NTC-HELD-1 is kept for someone else" in refused.text


def test_lending_with_a_getting_started_session(client, clock, db_session, librarian, laptop):
    device = make_device(db_session, laptop)
    loan = make_request(db_session, laptop, clock())
    induction = make_session(db_session, clock() + timedelta(days=3), capacity=4)
    commit(db_session)
    sign_in(client, librarian, clock())
    assert induction.title in client.get(request_url(loan, "check-out")).text

    unchosen = client.post(
        request_url(loan, "check-out"),
        {"device": str(device.id), "condition": "good", "induction": "yes"},
    )
    assert "Choose a getting started session" in unchosen.text
    answer = client.post(
        request_url(loan, "check-out"),
        {
            "device": str(device.id),
            "condition": "good",
            "induction": "yes",
            "induction-session": str(induction.id),
        },
    )

    assert answer.headers["location"].endswith("?done=checked-out-with-induction")
    booking = db_session.scalars(select(Booking).where(Booking.session_id == induction.id)).one()
    assert (booking.name, booking.email) == ("Ann Example", "ann@example.org")


def test_a_full_getting_started_session_still_lends_the_device(
    client, clock, db_session, librarian, laptop
):
    device = make_device(db_session, laptop)
    loan = make_request(db_session, laptop, clock())
    induction = make_session(db_session, clock() + timedelta(days=3), capacity=1)
    commit(db_session)
    sign_in(client, librarian, clock())
    form = {
        "device": str(device.id),
        "condition": "good",
        "induction": "yes",
        "induction-session": str(induction.id),
    }
    client.get(request_url(loan, "check-out"))
    induction.booked = 1  # the last place goes while the form is filled in
    commit(db_session)

    answer = client.post(request_url(loan, "check-out"), form)

    assert answer.headers["location"].endswith("?done=checked-out-session-full")
    assert fresh(db_session, LoanRequest, loan.id).status == LoanStatus.ON_LOAN


def test_cancelling_puts_a_kept_device_back_in_stock(client, clock, db_session, librarian, laptop):
    device = make_device(db_session, laptop)
    loan = make_request(db_session, laptop, clock())
    services.reserve(db_session, device, loan, services.local_date(clock()), clock())
    commit(db_session)
    sign_in(client, librarian, clock())

    assert client.post(request_url(loan, "cancel")).status_code == 303

    assert fresh(db_session, LoanRequest, loan.id).status == LoanStatus.CANCELLED
    assert fresh(db_session, Device, device.id).status == DeviceStatus.AVAILABLE
    assert last_audit(db_session).action == "loan_request_cancelled"
    assert client.post(request_url(loan, "cancel")).status_code == 303  # sent twice


def test_devices_are_added_once_per_tag_noted_and_retired(
    client, clock, db_session, librarian, laptop
):
    commit(db_session)
    sign_in(client, librarian, clock())
    new = "/staff/loans/venues/wallsend-library/devices/new"

    blank = client.post(new, {})
    assert "Enter the asset tag" in blank.text and "Choose the type of device" in blank.text
    too_long = client.post(new, {"asset-tag": "A" * 41, "device-type": laptop.slug})
    assert "The asset tag must be 40 characters or fewer" in too_long.text
    added = client.post(new, {"asset-tag": "ntc-wa-new1", "device-type": laptop.slug})
    assert added.status_code == 303
    device = queries.device_by_asset_tag(db_session, "NTC-WA-NEW1")
    assert device.place_id == place_id(db_session)
    assert last_audit(db_session).action == "device_added"
    twice = client.post(new, {"asset-tag": "NTC-WA-NEW1", "device-type": laptop.slug})
    assert "A device with this asset tag is already registered" in twice.text

    notes = f"/staff/loans/devices/{device.id}/notes"
    assert "1,000 characters or fewer" in client.post(notes, {"condition-notes": "x" * 1001}).text
    client.post(notes, {"condition-notes": "Scratch on the lid"})
    assert "Scratch on the lid" in client.get("/staff/loans/venues/wallsend-library/devices").text
    assert (
        "Enter what needs repairing"
        in client.post(f"/staff/loans/devices/{device.id}/repair", {}).text
    )

    assert client.post(f"/staff/loans/devices/{device.id}/retire", {}).status_code == 303
    retired = fresh(db_session, Device, device.id)
    assert retired.status == DeviceStatus.RETIRED
    assert retired.events[-1].kind == EventKind.RETIRED


def test_data_sims_are_given_added_and_run_out(client, clock, db_session, librarian):
    queries.add_data_sims(db_session, place_id(db_session), 1)
    commit(db_session)
    sign_in(client, librarian, clock())
    sims = "/staff/loans/venues/wallsend-library/sims"

    assert client.post(f"{sims}/give").status_code == 303
    assert last_audit(db_session).action == "data_sim_given"
    out = client.post(f"{sims}/give")
    assert out.status_code == 200
    assert "There are no data SIMs left here" in out.text

    for wrong in ("0", "501", "2.5", "lots"):
        answer = client.post(f"{sims}/add", {"count": wrong})
        assert "a whole number from 1 to 500" in answer.text, wrong
    assert client.post(f"{sims}/add", {"count": "25"}).status_code == 303
    assert queries.data_sims_left(db_session, place_id(db_session)) == 25
    event = last_audit(db_session)
    assert (event.action, event.details) == ("data_sims_added", {"count": 25})
    assert "25 SIMs left to give" in client.get(sims).text


def test_the_overview_and_overdue_list(client, clock, db_session, librarian, laptop):
    device = make_device(db_session, laptop, asset_tag="NTC-LATE-1")
    loan = make_request(db_session, laptop, clock(), name="Late Larry")
    services.check_out(db_session, device, loan, "good", clock())
    make_request(db_session, laptop, clock())
    commit(db_session)
    clock.advance(days=30)
    sign_in(client, librarian, clock())

    overview = client.get("/staff/loans").text
    assert "Wallsend" in overview and "Cullercoats" not in overview
    assert "1 overdue" in overview and "On loan: 1" in overview
    overdue = client.get("/staff/loans/overdue").text
    assert "NTC-LATE-1" in overdue and "2 days overdue" in overdue and "Late Larry" in overdue

    found = client.get(
        f"/staff/loans/find?reference={loan.reference[:4]}-{loan.reference[4:]}",
        follow_redirects=False,
    )
    assert found.headers["location"] == request_url(loan)
    assert (
        client.get("/staff/loans/find?reference=nothing", follow_redirects=False)
        .headers["location"]
        .endswith("not-found")
    )


def test_officers_look_but_do_not_change(client, clock, db_session, officer, laptop):
    device = make_device(db_session, laptop)
    loan = make_request(db_session, laptop, clock())
    commit(db_session)
    sign_in(client, officer, clock())

    page = client.get(request_url(loan))
    assert page.status_code == 200 and "Lend a device" not in page.text
    assert client.get(f"/staff/loans/devices/{device.id}").status_code == 200
    for url, data in (
        (request_url(loan, "check-out"), {"device": str(device.id), "condition": "good"}),
        (f"/staff/loans/devices/{device.id}/retire", {}),
        ("/staff/loans/venues/wallsend-library/sims/add", {"count": "5"}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert fresh(db_session, Device, device.id).status == DeviceStatus.AVAILABLE


def test_library_staff_cannot_act_at_another_venue(client, clock, db_session, librarian, laptop):
    device = make_device(db_session, laptop, place_slug="whitley-bay-library")
    loan = make_request(db_session, laptop, clock(), place_slug="whitley-bay-library")
    commit(db_session)
    sign_in(client, librarian, clock())

    assert client.get(request_url(loan)).status_code == 403
    assert (
        client.post(request_url(loan, "check-out"), {"device": str(device.id), "condition": "good"})
    ).status_code == 403
    assert client.post("/staff/loans/venues/whitley-bay-library/sims/give").status_code == 403
    assert client.get(f"/staff/loans/devices/{device.id}").status_code == 403
    assert fresh(db_session, LoanRequest, loan.id).status == LoanStatus.REQUESTED
