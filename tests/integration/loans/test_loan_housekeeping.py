"""Housekeeping sends the loan reminders and anonymises finished loan requests on
schedule; the devices' history keeps its dates and conditions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta

from inclusion.housekeeping import run_housekeeping
from inclusion.loans import services
from inclusion.loans.models import Device, LoanRequest
from inclusion.settings import Settings
from tests.conftest import WEDNESDAY_MORNING
from tests.factories.loans import make_device, make_device_type, make_request

NOW = WEDNESDAY_MORNING.astimezone(UTC)
SETTINGS = replace(Settings(), base_url="https://getonline.example", loan_retention_days=365)


def test_a_pass_reminds_overdue_borrowers_and_anonymises_old_finished_loans(db):
    long_ago = NOW - timedelta(days=400)
    with db.session() as session:
        laptop = make_device_type(session, loan_days=28)
        returned_device = make_device(session, laptop)
        old = make_request(session, laptop, long_ago - timedelta(days=30), name="Old Borrower")
        services.check_out(session, returned_device, old, "good", long_ago - timedelta(days=30))
        checklist = {"charger": False, "case": True}
        services.check_in(session, returned_device, old, "worn", checklist, long_ago)
        late_device = make_device(session, laptop)
        late = make_request(session, laptop, NOW - timedelta(days=40), name="Late Borrower")
        services.check_out(session, late_device, late, "good", NOW - timedelta(days=40))
        recent = make_request(session, laptop, NOW - timedelta(days=10), name="Recent")
        services.cancel(session, recent, NOW - timedelta(days=5))
        ids = old.id, late.id, recent.id, returned_device.id

    results = run_housekeeping(db, SETTINGS, NOW)
    again = run_housekeeping(db, SETTINGS, NOW)

    assert results["loan_reminders_sent"] == 1 and results["loans_anonymised"] == 1
    assert again["loan_reminders_sent"] == 0 and again["loans_anonymised"] == 0
    with db.session() as session:
        old, late, recent, device = (
            session.get(LoanRequest, ids[0]),
            session.get(LoanRequest, ids[1]),
            session.get(LoanRequest, ids[2]),
            session.get(Device, ids[3]),
        )
        assert (old.name, old.email, old.phone) == (None, None, None)
        assert old.anonymised_at == NOW and old.due_on is not None  # dates stay
        assert late.overdue_told_at == NOW and late.name == "Late Borrower"
        assert recent.name == "Recent" and recent.anonymised_at is None
        returned = [event for event in device.events if event.kind == "checked_in"]
        assert returned[0].condition == "worn" and returned[0].missing == ["charger"]
