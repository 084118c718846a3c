"""The counts /metrics reports, read at scrape time: one GROUP BY a table."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inclusion.loans.models import LoanRequest, LoanStatus
from inclusion.notify.models import OutboxMessage, Status
from inclusion.sessions.models import Booking, BookingStatus

COUNTED = {
    "outbox_messages": (OutboxMessage, Status),
    "bookings": (Booking, BookingStatus),
    "loan_requests": (LoanRequest, LoanStatus),
}


def counts_by_status(session: Session) -> dict[str, dict[str, int]]:
    """For each counted table, how many rows have each status (every status, 0 too)."""
    counts = {}
    for name, (model, statuses) in COUNTED.items():
        rows = session.execute(select(model.status, func.count()).group_by(model.status))
        found = {status: count for status, count in rows}
        counts[name] = {status.value: found.get(status.value, 0) for status in statuses} | found
    return counts
