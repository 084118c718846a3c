"""What officers and administrators see: the audit log, and staff accounts."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.staff import queries, signing_in
from inclusion.staff.auth import SignedIn, now_for, provide_signed_in, role_required, staff_required
from inclusion.staff.forms import parse_new_user
from inclusion.staff.models import Role, TokenPurpose
from inclusion.web.forms import field_text, whole_number

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


def _date_or_none(text: str) -> date | None:
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is None or day.year < 2100 else None


def set_up_link(base_url: str, token: str) -> str:
    return f"{base_url}/staff/set-up/{token}"


class AuditController(Controller):
    path = "/staff/audit"
    guards = [staff_required, role_required(Role.OFFICER, Role.ADMIN)]

    @get("/", name="staff:audit", sync_to_thread=True)
    def audit_log(self, request: Request, db_session: Session) -> Template:
        params = request.query_params
        page_text = field_text(params, "page", 6)
        audit_filter = queries.AuditFilter(
            action=field_text(params, "action", 60),
            actor_email=field_text(params, "actor", 254),
            from_date=_date_or_none(field_text(params, "from", 10)),
            to_date=_date_or_none(field_text(params, "to", 10)),
            page=min(max(whole_number(page_text) or 1, 1), 99999),
        )
        events, total = queries.audit_events(db_session, audit_filter)
        return Template(
            "staff/audit.html",
            context={
                "events": events,
                "total": total,
                "filter": audit_filter,
                "actions": queries.audit_actions(db_session),
                "page_size": queries.AUDIT_PAGE_SIZE,
            },
        )


class UsersController(Controller):
    path = "/staff/users"
    guards = [staff_required, role_required(Role.ADMIN)]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/", name="staff:users", sync_to_thread=True)
    def users(self, request: Request, db_session: Session) -> Template:
        return Template("staff/users.html", context={"users": queries.all_users(db_session)})

    @get("/new", name="staff:user-new", sync_to_thread=True)
    def new_user(self, request: Request, db_session: Session, signed_in: SignedIn) -> Template:
        return _new_user_page(db_session, signed_in, parse_new_user({}, set()), [])

    @post("/new", name="staff:user-new-post", sync_to_thread=True)
    def new_user_post(
        self,
        request: Request,
        db_session: Session,
        signed_in: SignedIn,
        data: dict[str, Any] = FORM,
    ) -> Template:
        user = queries.user_by_id(db_session, signed_in.user_id)
        venues = queries.venues_for(db_session, user)
        form = parse_new_user(data, {v.slug for v in venues})
        if not form.errors and queries.user_by_email(db_session, form.email):
            form.errors.add("email", _("There is already an account with that email address"))
        if form.errors:
            return _new_user_page(db_session, signed_in, form, form.errors.summary)
        now = now_for(request)
        chosen = [v for v in venues if v.slug in form.venues]
        created = queries.create_user(
            db_session,
            form.email,
            form.role,
            chosen if form.role == Role.LIBRARY_STAFF else [],
            now,
        )
        token = queries.issue_token(
            db_session, created, TokenPurpose.SET_UP, now, signing_in.SET_UP_LINK_LIFETIME
        )
        signing_in.audit(
            request,
            db_session,
            "staff_user_created",
            signed_in.user_id,
            "staff_user",
            created.id,
            details={"role": created.role, "venue_ids": sorted(created.venue_ids)},
        )
        return Template(
            "staff/user_created.html",
            context={
                "created": created,
                "link": set_up_link(request.app.state.settings.base_url, token),
            },
        )

    @post("/{user_id:int}/deactivate", name="staff:user-deactivate", sync_to_thread=True)
    def deactivate(
        self, request: Request, db_session: Session, signed_in: SignedIn, user_id: int
    ) -> Redirect:
        target = queries.user_by_id(db_session, user_id)
        if target is None or target.id == signed_in.user_id:
            raise NotFoundException()
        target.is_active = False
        signing_in.sign_out_everywhere(target, now_for(request))
        signing_in.audit(
            request,
            db_session,
            "staff_user_deactivated",
            signed_in.user_id,
            "staff_user",
            target.id,
        )
        return Redirect("/staff/users", status_code=303)


def _new_user_page(db_session: Session, signed_in: SignedIn, form, errors) -> Template:
    user = queries.user_by_id(db_session, signed_in.user_id)
    return Template(
        "staff/user_new.html",
        context={
            "form": form,
            "errors": errors,
            "venues": queries.venues_for(db_session, user),
            "roles": list(Role),
        },
    )
