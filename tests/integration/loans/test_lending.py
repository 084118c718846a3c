"""The lending rules: the queue, reservations, check-out and return, extensions,
overdue loans, retention and data SIMs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from inclusion.loans import queries, services
from inclusion.loans.models import (
    DeviceStatus,
    EventKind,
    LoanRequest,
    LoanStatus,
)
from tests.factories.loans import make_device, make_device_type, make_request, place_id


@pytest.fixture
def laptop(db_session):
    return make_device_type(db_session, loan_days=28)


@pytest.fixture
def device(db_session, laptop):
    return make_device(db_session, laptop)


def kinds(device):
    return [event.kind for event in device.events]


def test_a_request_keeps_only_the_contact_detail_for_the_chosen_method(db_session, laptop, clock):
    request = make_request(db_session, laptop, clock())

    assert request.status == LoanStatus.REQUESTED
    assert request.email == "ann@example.org" and request.phone is None
    assert len(request.reference) == 8
    assert queries.request_by_reference(db_session, request.reference) is request


def test_data_sims_are_not_requested_as_loans(db_session, clock):
    sim = make_device_type(db_session, is_data_sim=True)

    with pytest.raises(services.NotLendable):
        make_request(db_session, sim, clock())


def test_the_queue_puts_staff_priority_first_then_the_longest_waiting(db_session, laptop, clock):
    first = make_request(db_session, laptop, clock(), name="First")
    clock.advance(minutes=5)
    second = make_request(db_session, laptop, clock(), name="Second")
    clock.advance(minutes=5)
    urgent = make_request(db_session, laptop, clock(), name="Urgent", priority=2)
    clock.advance(minutes=5)
    elsewhere = make_request(db_session, laptop, clock(), place_slug="whitley-bay-library")
    tablet = make_device_type(db_session)
    make_request(db_session, tablet, clock())

    waiting = services.queue(db_session, place_id(db_session), laptop.id)

    assert [request.id for request in waiting] == [urgent.id, first.id, second.id]
    assert elsewhere.id not in [request.id for request in waiting]


def test_a_device_reserved_for_a_later_date_goes_out_on_that_date_only(
    db_session, laptop, device, clock
):
    request = make_request(db_session, laptop, clock())
    collect_on = services.local_date(clock()) + timedelta(days=3)

    services.reserve(db_session, device, request, collect_on, clock())

    assert device.status == DeviceStatus.RESERVED
    assert (request.status, request.device_id, request.reserved_from) == (
        LoanStatus.RESERVED,
        device.id,
        collect_on,
    )
    assert services.queue(db_session, request.place_id, laptop.id) == []
    with pytest.raises(services.TooEarly):
        services.check_out(db_session, device, request, "good", clock())
    assert device.status == DeviceStatus.RESERVED

    clock.advance(days=3)
    services.ready_for_collection(db_session, request)
    services.check_out(db_session, device, request, "good", clock())

    assert device.status == DeviceStatus.ON_LOAN
    assert request.status == LoanStatus.ON_LOAN
    assert request.due_on == collect_on + timedelta(days=28)
    assert kinds(device) == [EventKind.RESERVED, EventKind.CHECKED_OUT]


def test_a_reserved_device_cannot_go_to_someone_else(db_session, laptop, device, clock):
    holder = make_request(db_session, laptop, clock())
    other = make_request(db_session, laptop, clock(), name="Bob")
    services.reserve(db_session, device, holder, services.local_date(clock()), clock())

    with pytest.raises(services.DeviceUnavailable):
        services.check_out(db_session, device, other, "good", clock())
    with pytest.raises(services.DeviceUnavailable):
        services.reserve(db_session, device, other, services.local_date(clock()), clock())

    assert device.status == DeviceStatus.RESERVED
    assert other.status == LoanStatus.REQUESTED


def test_check_out_from_stock_sets_the_due_date_and_records_the_condition(
    db_session, laptop, device, clock
):
    request = make_request(db_session, laptop, clock())

    services.check_out(db_session, device, request, "worn", clock())

    assert device.status == DeviceStatus.ON_LOAN
    assert request.status == LoanStatus.ON_LOAN
    assert request.checked_out_at == clock()
    assert request.due_on == date(2026, 11, 25) + timedelta(days=28)
    assert [(event.kind, event.condition) for event in device.events] == [
        (EventKind.CHECKED_OUT, "worn")
    ]


def test_a_device_in_repair_cannot_be_checked_out(db_session, laptop, device, clock):
    services.send_for_repair(db_session, device, "cracked screen", clock())
    request = make_request(db_session, laptop, clock())

    with pytest.raises(services.DeviceUnavailable):
        services.check_out(db_session, device, request, "good", clock())

    assert device.status == DeviceStatus.REPAIR
    assert request.status == LoanStatus.REQUESTED
    assert [(event.kind, event.note) for event in device.events] == [
        (EventKind.REPAIR, "cracked screen")
    ]


def test_a_device_of_another_type_is_refused(db_session, device, clock):
    tablet = make_device_type(db_session)
    request = make_request(db_session, tablet, clock())

    with pytest.raises(services.WrongRequest):
        services.check_out(db_session, device, request, "good", clock())
    assert device.status == DeviceStatus.AVAILABLE


def test_the_second_check_out_of_one_device_is_refused(db_session, laptop, device, clock):
    first = make_request(db_session, laptop, clock())
    second = make_request(db_session, laptop, clock(), name="Bob")

    services.check_out(db_session, device, first, "good", clock())
    with pytest.raises(services.DeviceUnavailable):
        services.check_out(db_session, device, second, "good", clock())

    assert second.status == LoanStatus.REQUESTED and second.device_id is None
    assert kinds(device) == [EventKind.CHECKED_OUT]


def test_one_request_cannot_take_two_devices(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    other_device = make_device(db_session, laptop)
    services.check_out(db_session, device, request, "good", clock())

    with pytest.raises(services.WrongRequest):
        services.check_out(db_session, other_device, request, "good", clock())

    assert other_device.status == DeviceStatus.AVAILABLE
    assert request.device_id == device.id


def test_the_database_refuses_two_loans_of_one_device(db_session, laptop, device, clock):
    """The partial unique index holds even for writes that skip the services."""
    row = {
        "device_type_id": laptop.id,
        "place_id": device.place_id,
        "status": LoanStatus.ON_LOAN,
        "device_id": device.id,
        "contact_method": "none",
        "locale": "en",
        "in_north_tyneside": True,
        "no_device_or_connection": True,
        "low_income": False,
        "priority": 0,
        "extended": False,
        "created_at": clock(),
    }
    db_session.execute(insert(LoanRequest).values(reference="AAAA2222", **row))
    returned = {**row, "status": LoanStatus.RETURNED}
    db_session.execute(insert(LoanRequest).values(reference="AAAA3333", **returned))

    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(insert(LoanRequest).values(reference="AAAA4444", **row))


def test_check_in_with_a_missing_charger_is_kept_in_the_history(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    services.check_out(db_session, device, request, "good", clock())
    clock.advance(days=20)

    services.check_in(
        db_session, device, request, "worn", {"charger": False, "case": True}, clock()
    )

    assert device.status == DeviceStatus.BEING_RESET
    assert (request.status, request.finished_at) == (LoanStatus.RETURNED, clock())
    returned = device.events[-1]
    assert (returned.kind, returned.condition, returned.missing, returned.at) == (
        EventKind.CHECKED_IN,
        "worn",
        ["charger"],
        clock(),
    )
    with pytest.raises(services.WrongRequest):
        services.check_in(db_session, device, request, "worn", {}, clock())

    services.mark_ready(db_session, device, clock())
    assert device.status == DeviceStatus.AVAILABLE
    assert kinds(device)[-1] == EventKind.READY


def test_a_complete_return_records_nothing_missing(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    services.check_out(db_session, device, request, "good", clock())

    services.check_in(db_session, device, request, "good", {"charger": True}, clock())

    assert device.events[-1].missing is None


def test_a_device_still_on_loan_cannot_be_marked_ready(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    services.check_out(db_session, device, request, "good", clock())

    with pytest.raises(services.DeviceUnavailable):
        services.mark_ready(db_session, device, clock())
    assert device.status == DeviceStatus.ON_LOAN


def test_a_loan_is_extended_once(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    services.check_out(db_session, device, request, "good", clock())
    first_due = request.due_on

    new_due = services.extend(db_session, request, clock())

    assert new_due == request.due_on == first_due + timedelta(days=28)
    assert request.extended
    with pytest.raises(services.ExtensionRefused) as refused:
        services.extend(db_session, request, clock())
    assert refused.value.reason == "already_extended"
    assert request.due_on == new_due


def test_no_extension_while_someone_waits_for_that_type_there(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    services.check_out(db_session, device, request, "good", clock())
    make_request(db_session, laptop, clock(), place_slug="whitley-bay-library")
    make_request(db_session, make_device_type(db_session), clock())
    assert services.extend(db_session, request, clock())  # those wait for other things

    second_device = make_device(db_session, laptop)
    second = make_request(db_session, laptop, clock(), name="Bob")
    services.check_out(db_session, second_device, second, "good", clock())
    make_request(db_session, laptop, clock(), name="Cara")

    with pytest.raises(services.ExtensionRefused) as refused:
        services.extend(db_session, second, clock())
    assert refused.value.reason == "someone_waiting"
    assert not second.extended


def test_overdue_loans_are_those_due_before_today(db_session, laptop, clock):
    early = make_request(db_session, laptop, clock())
    services.check_out(db_session, make_device(db_session, laptop), early, "good", clock())
    clock.advance(days=7)
    late = make_request(db_session, laptop, clock(), name="Bob")
    services.check_out(db_session, make_device(db_session, laptop), late, "good", clock())
    start = clock.now

    clock.now = start + timedelta(days=21)  # the day `early` is due: not yet overdue
    assert services.overdue(db_session, clock()) == []

    clock.now = start + timedelta(days=22)
    assert [loan.id for loan in services.overdue(db_session, clock())] == [early.id]

    clock.now = start + timedelta(days=29)
    assert [loan.id for loan in services.overdue(db_session, clock())] == [early.id, late.id]

    services.check_in(db_session, early.device, early, "good", {}, clock())
    assert [loan.id for loan in services.overdue(db_session, clock())] == [late.id]


def test_anonymising_finished_requests_keeps_the_device_history(db_session, laptop, device, clock):
    returned = make_request(db_session, laptop, clock())
    services.check_out(db_session, device, returned, "good", clock())
    services.check_in(db_session, device, returned, "good", {"charger": False}, clock())
    cancelled = make_request(db_session, laptop, clock(), name="Bob")
    services.cancel(db_session, cancelled, clock())
    waiting = make_request(db_session, laptop, clock(), name="Cara")
    history = [(event.kind, event.at, event.missing) for event in device.events]

    clock.advance(days=366)
    assert services.anonymise_finished(db_session, clock(), timedelta(days=365)) == 2

    for request in (returned, cancelled):
        assert (request.name, request.email, request.phone) == (None, None, None)
        assert request.anonymised_at == clock()
        assert request.low_income is True  # kept for the figures, no longer anyone's
    assert waiting.name == "Cara"
    db_session.expire_all()
    assert [(event.kind, event.at, event.missing) for event in device.events] == history
    assert services.anonymise_finished(db_session, clock()) == 0


def test_cancelling_a_reservation_puts_the_device_back_in_stock(db_session, laptop, device, clock):
    request = make_request(db_session, laptop, clock())
    services.reserve(db_session, device, request, services.local_date(clock()), clock())

    services.cancel(db_session, request, clock())

    assert request.status == LoanStatus.CANCELLED
    assert device.status == DeviceStatus.AVAILABLE
    assert kinds(device) == [EventKind.RESERVED, EventKind.RESERVATION_ENDED]
    with pytest.raises(services.WrongRequest):
        services.cancel(db_session, request, clock())


def test_data_sims_come_from_a_venue_stock_and_leave_only_a_date(db_session, clock):
    wallsend = place_id(db_session)
    queries.add_data_sims(db_session, wallsend, 2)
    queries.add_data_sims(db_session, wallsend, 1)

    issues = [services.issue_data_sim(db_session, wallsend, clock()) for _ in range(3)]

    assert {(issue.place_id, issue.issued_on) for issue in issues} == {
        (wallsend, date(2026, 11, 25))
    }
    assert queries.data_sims_left(db_session, wallsend) == 0
    with pytest.raises(services.OutOfStock):
        services.issue_data_sim(db_session, wallsend, clock())
    with pytest.raises(services.OutOfStock):
        services.issue_data_sim(db_session, place_id(db_session, "whitley-bay-library"), clock())
