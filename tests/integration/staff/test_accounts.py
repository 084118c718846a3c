"""Accounts: set-up links, MFA set-up, password reset by email, the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from inclusion.notify.senders import SmtpSender
from inclusion.notify.worker import process_once
from inclusion.staff import mfa
from inclusion.staff.models import AuditEvent, StaffUser
from tests.factories.staff import sign_in
from tests.integration.notify.conftest import smtp_server  # noqa: F401 - a fixture

NEW_PASSWORD = "a new and rather long passphrase"


def send_outbox(db, server) -> list:
    sender = SmtpSender(server.hostname, server.port, "getonline@example.org")
    process_once(db, sender, "test-worker")
    return server.handler.messages


def reset_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/staff/password-reset/[\w-]+)", body)[1]


def test_password_reset_by_email_through_a_real_smtp_server(
    client,
    db,
    clock,
    librarian,
    smtp_server,  # noqa: F811
):
    client.get("/staff/password-reset")
    answer = client.post("/staff/password-reset", {"email": librarian.email.upper()})
    assert "Check your email" in answer.text
    messages = send_outbox(db, smtp_server)
    assert len(messages) == 1
    assert messages[0]["To"] == librarian.email
    path = reset_link(messages[0])

    form = client.get(path)
    assert "Choose a new password" in form.text
    weak = client.post(path, {"password": "password", "confirm-password": "password"})
    assert "at least 12 characters" in weak.text
    common = "1qaz2wsx3edc"  # long enough, but one of the most common
    too_common = client.post(path, {"password": common, "confirm-password": common})
    assert "That password is too common" in too_common.text
    done = client.post(path, {"password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD})
    assert done.headers["location"] == "/staff/sign-in?password-changed=1"

    assert "This link does not work" in client.get(path).text  # single use
    client.get("/staff/sign-in")
    old = client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    assert "Enter a correct email address and password" in old.text
    librarian.password = NEW_PASSWORD
    sign_in(client, librarian, clock())  # the second factor is still required
    assert client.get("/staff").status_code == 200


def test_reset_link_expires_after_30_minutes(client, db, clock, librarian, smtp_server):  # noqa: F811
    client.get("/staff/password-reset")
    client.post("/staff/password-reset", {"email": librarian.email})
    path = reset_link(send_outbox(db, smtp_server)[0])
    clock.advance(minutes=31)
    assert "This link does not work" in client.get(path).text


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client,
    db,
    smtp_server,  # noqa: F811
):
    client.get("/staff/password-reset")
    answer = client.post("/staff/password-reset", {"email": "nobody@example.org"})
    assert "Check your email" in answer.text
    assert send_outbox(db, smtp_server) == []


def test_a_password_reset_signs_out_everywhere(client, app, db, clock, librarian, smtp_server):  # noqa: F811
    from litestar.testing import TestClient

    from tests.integration.conftest import PageClient

    sign_in(client, librarian, clock())
    with TestClient(app=app) as other:
        stranger = PageClient(other)
        stranger.get("/staff/password-reset")
        stranger.post("/staff/password-reset", {"email": librarian.email})
        path = reset_link(send_outbox(db, smtp_server)[0])
        clock.advance(seconds=1)
        stranger.get(path)
        stranger.post(path, {"password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD})
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_admin_adds_an_account_and_the_new_person_sets_it_up(app, client, clock, admin, db_session):
    from litestar.testing import TestClient

    from tests.integration.conftest import PageClient

    sign_in(client, admin, clock())
    created = client.post(
        "/staff/users/new",
        {
            "email": "new.librarian@example.org",
            "role": "library_staff",
            "venues": ["cullercoats-library", "not-a-venue"],
        },
    )
    assert created.status_code == 200
    path = re.search(r"https?://[^/\s]+(/staff/set-up/[\w-]+)", created.text)[1]

    with TestClient(app=app) as browser:
        newcomer = PageClient(browser)
        assert "Create your password" in newcomer.get(path).text
        response = newcomer.post(path, {"password": NEW_PASSWORD, "confirm-password": NEW_PASSWORD})
        assert response.headers["location"] == "/staff/set-up-mfa"
        page = newcomer.get("/staff/set-up-mfa").text
        assert 'src="data:image/svg+xml;base64,' in page
        secret = re.search(r'<code class="app-secret" lang="en">([A-Z2-7 ]+)</code>', page)[1]
        secret = secret.replace(" ", "")
        wrong = newcomer.post("/staff/set-up-mfa", {"code": "000000"})
        assert "The code is not right" in wrong.text
        codes_page = newcomer.post("/staff/set-up-mfa", {"code": mfa.code_at(secret, clock())})
        assert "Save your recovery codes" in codes_page.text
        codes = re.findall(r"<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>", codes_page.text)
        assert len(set(codes)) == 10
        dashboard = newcomer.get("/staff")
        assert "Cullercoats Library" in dashboard.text
        assert "new.librarian@example.org" in dashboard.text
        assert "This link does not work" in newcomer.get(path).text

    user = db_session.scalars(
        select(StaffUser).where(StaffUser.email == "new.librarian@example.org")
    ).one()
    assert user.mfa_enabled and user.totp_secret and secret not in user.totp_secret
    actions = set(db_session.scalars(select(AuditEvent.action)))
    assert {"staff_user_created", "password_set", "mfa_set_up", "sign_in"} <= actions


def test_library_staff_need_a_venue_and_emails_are_unique(client, clock, admin, librarian):
    sign_in(client, admin, clock())
    no_venue = client.post("/staff/users/new", {"email": "x@example.org", "role": "library_staff"})
    assert "Choose at least one venue" in no_venue.text
    taken = client.post("/staff/users/new", {"email": librarian.email, "role": "officer"})
    assert "There is already an account with that email address" in taken.text


def test_deactivated_staff_are_signed_out_and_cannot_sign_in(app, client, clock, admin, librarian):
    from litestar.testing import TestClient

    from tests.integration.conftest import PageClient

    with TestClient(app=app) as other:
        their_browser = PageClient(other)
        sign_in(their_browser, librarian, clock())
        clock.advance(seconds=31)
        sign_in(client, admin, clock())
        client.post(f"/staff/users/{librarian.id}/deactivate", {})
        assert their_browser.get("/staff", follow_redirects=False).status_code == 303
        their_browser.get("/staff/sign-in")
        again = their_browser.post(
            "/staff/sign-in", {"email": librarian.email, "password": librarian.password}
        )
        assert "Enter a correct email address and password" in again.text


def test_officers_read_and_filter_the_audit_log(client, clock, officer, librarian):
    sign_in(client, librarian, clock())
    client.post("/staff/sign-out", {})
    clock.advance(seconds=31)
    sign_in(client, officer, clock())
    everything = client.get("/staff/audit").text
    assert librarian.email in everything and officer.email in everything
    only = client.get(f"/staff/audit?actor={librarian.email}&action=sign_out").text
    assert "sign_out" in only
    assert "1 event" in only


def test_the_audit_log_cannot_be_changed(db_session, librarian):
    import pytest
    from sqlalchemy import update
    from sqlalchemy.exc import DatabaseError

    db_session.add(
        AuditEvent(at=datetime(2026, 1, 1, tzinfo=UTC), actor_id=librarian.id, action="test")
    )
    db_session.flush()
    with pytest.raises(DatabaseError), db_session.begin_nested():
        db_session.execute(update(AuditEvent).values(action="rewritten"))
    with pytest.raises(DatabaseError), db_session.begin_nested():
        db_session.execute(AuditEvent.__table__.delete())
