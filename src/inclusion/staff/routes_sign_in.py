"""Signing in and out, setting up an account, and resetting a password.

These are the only /staff routes open without a session (PUBLIC_STAFF_ROUTES).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from inclusion.i18n import _
from inclusion.notify.outbox import enqueue
from inclusion.staff import mfa, queries, signing_in
from inclusion.staff.auth import now_for
from inclusion.staff.crypto import decrypt, encrypt
from inclusion.staff.forms import parse_code, parse_email, parse_new_password, parse_sign_in
from inclusion.staff.models import TokenPurpose
from inclusion.staff.passwords import hash_password
from inclusion.staff.sessions import Stage
from inclusion.web.rendering import render_page

FORM = Body(media_type=RequestEncodingType.URL_ENCODED)
PUBLIC_STAFF_ROUTES = {
    "staff:sign-in",
    "staff:sign-in-post",
    "staff:code",
    "staff:code-post",
    "staff:set-up",
    "staff:set-up-post",
    "staff:set-up-mfa",
    "staff:set-up-mfa-post",
    "staff:reset",
    "staff:reset-post",
    "staff:reset-password",
    "staff:reset-password-post",
    "staff:sign-out",
}


def _locked_message() -> str:
    return _(
        "There have been too many attempts to sign in. Wait 15 minutes and try again, "
        "or reset your password."
    )


class SignInController(Controller):
    path = "/staff"

    @get("/sign-in", name="staff:sign-in", sync_to_thread=False)
    def sign_in(self, request: Request) -> Template:
        return render_page(
            request,
            "staff/sign_in.html",
            {
                "form": parse_sign_in({}),
                "errors": [],
                "signed_out": request.query_params.get("signed-out") == "1",
                "password_changed": request.query_params.get("password-changed") == "1",
                "next": signing_in.safe_next(request.query_params.get("next")),
            },
        )

    @post("/sign-in", name="staff:sign-in-post", sync_to_thread=True)
    def sign_in_post(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        form = parse_sign_in(data)
        next_path = signing_in.safe_next(str(data.get("next", "")))
        if not form.errors and signing_in.is_locked(request, form.email):
            form.errors.add("email", _locked_message())
        elif not form.errors:
            user = signing_in.check_password(db_session, form.email, form.password)
            if user is None:
                signing_in.count_failure(request, form.email)
                account = queries.user_by_email(db_session, form.email)
                signing_in.audit(
                    request,
                    db_session,
                    "sign_in_failed",
                    account.id if account else None,
                    details={"step": "password"},
                )
                form.errors.add("email", _("Enter a correct email address and password"))
            elif not user.mfa_enabled:
                cookie = signing_in.start_mfa_set_up(request, user.id)
                return Redirect("/staff/set-up-mfa", status_code=303, cookies=[cookie])
            else:
                cookie = signing_in.start_session(request, user.id, Stage.PASSWORD_OK)
                return Redirect(
                    f"/staff/sign-in/code?next={next_path}", status_code=303, cookies=[cookie]
                )
        form.password = ""
        return render_page(
            request,
            "staff/sign_in.html",
            {"form": form, "errors": form.errors.summary, "next": next_path},
        )

    @get("/sign-in/code", name="staff:code", sync_to_thread=True)
    def code(self, request: Request) -> Template | Redirect:
        if signing_in.pending_session(request, Stage.PASSWORD_OK) is None:
            return Redirect("/staff/sign-in", status_code=303)
        return render_page(
            request,
            "staff/code.html",
            {
                "form": parse_code({}),
                "errors": [],
                "next": signing_in.safe_next(request.query_params.get("next")),
            },
        )

    @post("/sign-in/code", name="staff:code-post", sync_to_thread=True)
    def code_post(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        pending = signing_in.pending_session(request, Stage.PASSWORD_OK)
        if pending is None:
            return Redirect("/staff/sign-in", status_code=303)
        next_path = signing_in.safe_next(str(data.get("next", "")))
        user = queries.user_by_id(db_session, pending.user_id)
        form = parse_code(data)
        if user is None or not user.is_active:
            return Redirect("/staff/sign-in", status_code=303)
        if not form.errors and signing_in.is_locked(request, user.email):
            form.errors.add("code", _locked_message())
        elif not form.errors:
            how = signing_in.check_code(request, db_session, user, form.code)
            if how:
                cookie = signing_in.complete_sign_in(request, db_session, user, how)
                return Redirect(next_path, status_code=303, cookies=[cookie])
            signing_in.count_failure(request, user.email)
            signing_in.audit(
                request, db_session, "sign_in_failed", user.id, details={"step": "code"}
            )
            form.errors.add("code", _("The code is not right. Enter the code your app shows now"))
        form.code = ""
        return render_page(
            request,
            "staff/code.html",
            {"form": form, "errors": form.errors.summary, "next": next_path},
        )

    @post("/sign-out", name="staff:sign-out", sync_to_thread=True)
    def sign_out(self, request: Request, db_session: Session) -> Redirect:
        found = signing_in.pending_session(request, Stage.SIGNED_IN)
        if found:
            signing_in.audit(request, db_session, "sign_out", found.user_id)
        cookie = signing_in.end_session(request)
        return Redirect("/staff/sign-in?signed-out=1", status_code=303, cookies=[cookie])

    @get("/set-up/{token:str}", name="staff:set-up", sync_to_thread=True)
    def set_up(self, request: Request, db_session: Session, token: str) -> Template:
        found = queries.usable_token(db_session, token, TokenPurpose.SET_UP, now_for(request))
        return _password_page(request, found, "set_up", token, errors=None)

    @post("/set-up/{token:str}", name="staff:set-up-post", sync_to_thread=True)
    def set_up_post(
        self, request: Request, db_session: Session, token: str, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        found, refusal = _set_password_from_link(request, db_session, token, "set_up", data)
        if refusal:
            return refusal
        signing_in.audit(request, db_session, "password_set", found.user.id)
        cookie = signing_in.start_mfa_set_up(request, found.user.id)
        return Redirect("/staff/set-up-mfa", status_code=303, cookies=[cookie])

    @get("/set-up-mfa", name="staff:set-up-mfa", sync_to_thread=True)
    def set_up_mfa(self, request: Request, db_session: Session) -> Template | Redirect:
        pending = signing_in.pending_session(request, Stage.SET_UP_MFA)
        if pending is None or not pending.pending_totp_secret:
            return Redirect("/staff/sign-in", status_code=303)
        user = queries.user_by_id(db_session, pending.user_id)
        secret = decrypt(request.app.state.settings.secret_key, pending.pending_totp_secret)
        return _mfa_page(request, user.email, secret, errors=None)

    @post("/set-up-mfa", name="staff:set-up-mfa-post", sync_to_thread=True)
    def set_up_mfa_post(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        pending = signing_in.pending_session(request, Stage.SET_UP_MFA)
        if pending is None or not pending.pending_totp_secret:
            return Redirect("/staff/sign-in", status_code=303)
        key = request.app.state.settings.secret_key
        secret = decrypt(key, pending.pending_totp_secret)
        user = queries.user_by_id(db_session, pending.user_id)
        form = parse_code(data)
        step = None if form.errors else mfa.accepted_step(secret, form.code, now_for(request), None)
        if step is None:
            if not form.errors:
                form.errors.add(
                    "code", _("The code is not right. Enter the code your app shows now")
                )
            return _mfa_page(request, user.email, secret, errors=form.errors)
        user.totp_secret = encrypt(key, secret)
        user.totp_last_step = step
        user.mfa_enabled = True
        codes = mfa.new_recovery_codes()
        queries.replace_recovery_codes(db_session, user, [mfa.hash_recovery_code(c) for c in codes])
        signing_in.audit(request, db_session, "mfa_set_up", user.id)
        cookie = signing_in.complete_sign_in(request, db_session, user, "totp")
        # Shown once, in the response to the post, and never stored in the clear.
        response = render_page(
            request,
            "staff/recovery_codes.html",
            {"codes": [mfa.format_recovery_code(c) for c in codes]},
        )
        response.cookies.append(cookie)
        return response

    @get("/password-reset", name="staff:reset", sync_to_thread=False)
    def reset(self, request: Request) -> Template:
        return render_page(
            request,
            "staff/reset_request.html",
            {"form": parse_email({}), "errors": [], "sent": False},
        )

    @post("/password-reset", name="staff:reset-post", sync_to_thread=True)
    def reset_post(
        self, request: Request, db_session: Session, data: dict[str, Any] = FORM
    ) -> Template:
        form = parse_email(data)
        if form.errors:
            return render_page(
                request,
                "staff/reset_request.html",
                {"form": form, "errors": form.errors.summary, "sent": False},
            )
        user = queries.user_by_email(db_session, form.email)
        if user is not None and user.is_active and user.password_hash:
            token = queries.issue_token(
                db_session,
                user,
                TokenPurpose.RESET_PASSWORD,
                now_for(request),
                signing_in.RESET_LINK_LIFETIME,
            )
            base_url = request.app.state.settings.base_url
            enqueue(
                db_session,
                channel="email",
                recipient=user.email,
                template="password_reset",
                locale=user.locale,
                context={"reset_url": f"{base_url}/staff/password-reset/{token}"},
            )
            signing_in.audit(request, db_session, "password_reset_requested", user.id)
        # The same answer whether or not the account exists.
        return render_page(
            request, "staff/reset_request.html", {"form": form, "errors": [], "sent": True}
        )

    @get("/password-reset/{token:str}", name="staff:reset-password", sync_to_thread=True)
    def reset_password(self, request: Request, db_session: Session, token: str) -> Template:
        found = queries.usable_token(
            db_session, token, TokenPurpose.RESET_PASSWORD, now_for(request)
        )
        return _password_page(request, found, "reset", token, errors=None)

    @post("/password-reset/{token:str}", name="staff:reset-password-post", sync_to_thread=True)
    def reset_password_post(
        self, request: Request, db_session: Session, token: str, data: dict[str, Any] = FORM
    ) -> Template | Redirect:
        found, refusal = _set_password_from_link(request, db_session, token, "reset", data)
        if refusal:
            return refusal
        signing_in.sign_out_everywhere(found.user, now_for(request))
        signing_in.clear_failures(request, found.user.email)
        signing_in.audit(request, db_session, "password_reset", found.user.id)
        return Redirect("/staff/sign-in?password-changed=1", status_code=303)


LINK_PURPOSES = {"set_up": TokenPurpose.SET_UP, "reset": TokenPurpose.RESET_PASSWORD}


def _set_password_from_link(request: Request, db_session: Session, token: str, purpose: str, data):
    """Spend a set-up or reset link on a new password: (the token row, None) when done,
    or (row or None, the page to show again) when the link or the password will not do."""
    now = now_for(request)
    found = queries.usable_token(db_session, token, LINK_PURPOSES[purpose], now)
    if found is None:
        return None, _password_page(request, None, purpose, token, errors=None)
    form = parse_new_password(data, found.user.email)
    if form.errors:
        return found, _password_page(request, found, purpose, token, errors=form.errors)
    found.used_at = now
    found.user.password_hash = hash_password(form.password)
    return found, None


def _password_page(request: Request, token_row, purpose: str, token: str, errors) -> Template:
    return render_page(
        request,
        "staff/new_password.html",
        {
            "valid": token_row is not None,
            "purpose": purpose,
            "token": token,
            "errors": errors.summary if errors else [],
            "field_errors": errors,
        },
    )


def _mfa_page(request: Request, email: str, secret: str, errors) -> Template:
    uri = mfa.provisioning_uri(secret, email)
    return render_page(
        request,
        "staff/set_up_mfa.html",
        {
            "qr_code": mfa.qr_svg_data_uri(uri),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "errors": errors.summary if errors else [],
            "field_errors": errors,
        },
    )
