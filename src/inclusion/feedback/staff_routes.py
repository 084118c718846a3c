"""Feedback triage in the back office (strategy goal C4): the queue with its filters and
counts, changes to many items at once, and the queue as a spreadsheet. One item's page
and its actions are in staff_routes_item.py; the two make one controller.

Who may do what is in staff_support.py. Every change is in the audit log by the item's
reference, never with what a resident wrote or how to reach them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import MultiDict
from litestar.di import Provide
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.feedback import staff_export, staff_queries, triage
from inclusion.feedback.staff_forms import BulkForm, FilterForm, parse_bulk, parse_queue_filter
from inclusion.feedback.staff_queries import NO_VENUE, PAGE_SIZE
from inclusion.feedback.staff_routes_item import ItemRoutes, audit
from inclusion.feedback.staff_support import (
    OFFICERS,
    is_officer,
    label_maps,
    local_date,
    render,
    scope_of,
    to_queue,
)
from inclusion.staff import queries as staff_data
from inclusion.staff.auth import SignedIn, now_for, provide_signed_in, role_required, staff_required
from inclusion.staff.routes import FORM
from inclusion.web.forms import Errors, field_text

MAX_RETURN_QUERY = 2000


def filter_form(
    db_session: Session, signed_in: SignedIn, params: Mapping[str, Any]
) -> tuple[FilterForm, list]:
    """The queue's filter from `params`, and the venues this person may pick from."""
    venues = staff_data.venues_for(db_session, staff_data.user_by_id(db_session, signed_in.user_id))
    choices = {place.slug: place.id for place in venues}
    return parse_queue_filter(params, choices, everything=is_officer(signed_in)), venues


def queue_page(
    request: Request,
    db_session: Session,
    signed_in: SignedIn,
    form: FilterForm,
    venues: list,
    bulk: BulkForm | None = None,
) -> Template:
    scope = scope_of(signed_in)
    queue_filter = form.queue_filter
    rows, total = staff_queries.queue_page(db_session, queue_filter, scope)
    errors = Errors({**form.errors.by_field, **(bulk.errors.by_field if bulk else {})})
    by_status = {
        status: [("status", status), *[p for p in queue_filter.params() if p[0] != "status"]]
        for status in labels_order()
    }
    return render(
        request,
        "queue.html",
        {
            "errors": errors.summary,
            "field_errors": errors,
            "rows": rows,
            "total": total,
            "counts": staff_queries.status_counts(db_session, queue_filter, scope),
            "status_links": by_status,
            "filter": queue_filter,
            "values": form.values,
            "bulk_values": bulk.values if bulk else {},
            "venues": venues,
            "no_venue": NO_VENUE,
            "staff": staff_queries.assignable_staff(db_session) if is_officer(signed_in) else [],
            "page_size": PAGE_SIZE,
            "changed": field_text(request.query_params, "changed", 4),
        },
    )


def labels_order() -> list[str]:
    return list(label_maps()["status"])


class StaffFeedbackController(ItemRoutes, Controller):
    path = "/staff"
    guards = [staff_required]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/feedback", name="staff:feedback", sync_to_thread=True)
    def queue(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        form, venues = filter_form(db_session, signed_in, request.query_params)
        return queue_page(request, db_session, signed_in, form, venues)

    @post(
        "/feedback/bulk",
        name="staff:feedback-bulk",
        guards=[role_required(*OFFICERS)],
        sync_to_thread=True,
    )
    def bulk(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        data: dict[str, Any] = FORM,
    ) -> Template | Redirect:
        """Set a status, an assignee or a goal tag on every ticked item."""
        # The queue's filter comes back with the form, so the officer returns to it.
        kept = parse_qsl(field_text(data, "return-query", MAX_RETURN_QUERY))
        form, venues = filter_form(db_session, signed_in, MultiDict(kept))
        staff = {person.id: person.email for person in staff_queries.assignable_staff(db_session)}
        bulk = parse_bulk(data, list(staff), signed_in.user_id)
        if bulk.errors:
            return queue_page(request, db_session, signed_in, form, venues, bulk)
        now = now_for(request)
        items = staff_queries.items_by_references(db_session, bulk.references, scope_of(signed_in))
        changed = 0
        for item in items:
            changes = []
            if bulk.status:
                previous = triage.change_status(
                    db_session, item, bulk.status, signed_in.user_id, now
                )
                if previous:
                    changes.append(("status_changed", {"from": previous, "to": bulk.status}))
            if bulk.assignee:
                email = staff.get(bulk.assignee_id) if bulk.assignee_id else None
                if triage.assign(db_session, item, bulk.assignee_id, email, signed_in.user_id, now):
                    changes.append(("assigned", {"assignee_id": bulk.assignee_id}))
            if bulk.goal and triage.add_goal(db_session, item, bulk.goal, now):
                changes.append(("goals_changed", {"added": [bulk.goal], "removed": []}))
            for action, details in changes:
                audit(
                    request, db_session, signed_in, f"feedback_{action}", item, bulk=True, **details
                )
            changed += bool(changes)
        return to_queue(request, form.queue_filter, done="bulk", changed=str(changed))

    @get(
        "/feedback/export.csv",
        name="staff:feedback-export",
        guards=[role_required(*OFFICERS)],
        sync_to_thread=True,
    )
    def export(self, request: Request, db_session: Session, signed_in: SignedIn) -> Response:
        """Every item the filter matches, not just one page; an audit entry says who
        took which filter away, and how many rows."""
        form, _venues = filter_form(db_session, signed_in, request.query_params)
        rows = staff_queries.export_rows(db_session, form.queue_filter, scope_of(signed_in))
        body = staff_export.feedback_csv(rows, label_maps())
        # A GET's unit of work only reads: the entry gets one of its own, which on SQLite
        # takes the write lock at its start rather than after reads (see db/engine.py).
        with request.app.state.db.session(write=True) as audit_session:
            audit(
                request,
                audit_session,
                signed_in,
                "feedback_exported",
                None,
                rows=len(rows),
                filter=form.queue_filter.for_audit(),
            )
        day = local_date(now_for(request)).isoformat()
        return Response(
            content=body,
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="feedback-{day}.csv"',
                "Cache-Control": "no-store",
            },
        )
