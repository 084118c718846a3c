"""Signing in with a password and a second factor; lockout; timeouts; signing out."""

from __future__ import annotations

from sqlalchemy import select

from inclusion.staff import mfa
from inclusion.staff.models import AuditEvent
from tests.factories.staff import sign_in


def actions(db_session) -> list[str]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_password_then_code_reaches_the_dashboard(client, librarian, clock, db_session):
    response = sign_in(client, librarian, clock())
    assert response.headers["location"] == "/staff"
    page = client.get("/staff")
    assert page.status_code == 200
    assert librarian.email in page.text
    assert "sign_in" in actions(db_session)


def test_the_session_cookie_is_httponly_and_lax(client, librarian, clock):
    client.get("/staff/sign-in")
    response = client.post(
        "/staff/sign-in", {"email": librarian.email, "password": librarian.password}
    )
    cookie = response.headers["set-cookie"]
    assert "staff-session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie


def test_session_id_changes_at_each_step(client, librarian, clock):
    client.get("/staff/sign-in")
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    before = client.client.cookies["staff-session"]
    client.post("/staff/sign-in/code", {"code": mfa.code_at(librarian.secret, clock())})
    assert client.client.cookies["staff-session"] != before


def test_wrong_password_is_a_generic_error_and_audited(client, librarian, db_session):
    client.get("/staff/sign-in")
    response = client.post("/staff/sign-in", {"email": librarian.email, "password": "wrong" * 3})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.text
    assert f'value="{librarian.email}"' in response.text  # input kept
    assert "wrongwrong" not in response.text  # a password is never sent back
    assert actions(db_session)[-1] == "sign_in_failed"


def test_unknown_email_gets_exactly_the_same_answer(client, librarian):
    client.get("/staff/sign-in")
    known = client.post("/staff/sign-in", {"email": librarian.email, "password": "x" * 12})
    unknown = client.post("/staff/sign-in", {"email": "nobody@example.org", "password": "x" * 12})
    assert unknown.status_code == known.status_code == 200
    error = "Enter a correct email address and password"
    assert error in known.text and error in unknown.text


def test_password_alone_does_not_sign_in(client, librarian):
    client.get("/staff/sign-in")
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    response = client.get("/staff", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/sign-in")


def test_wrong_code_is_refused_and_a_code_cannot_be_replayed(client, librarian, clock):
    client.get("/staff/sign-in")
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    wrong = client.post("/staff/sign-in/code", {"code": "000000"})
    assert "The code is not right" in wrong.text
    code = mfa.code_at(librarian.secret, clock())
    assert client.post("/staff/sign-in/code", {"code": code}).status_code == 303
    client.post("/staff/sign-out", {})
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    replay = client.post("/staff/sign-in/code", {"code": code})
    assert replay.status_code == 200
    assert "The code is not right" in replay.text


def test_a_recovery_code_works_once(client, librarian, clock, db_session):
    from inclusion.staff import queries

    user = queries.user_by_id(db_session, librarian.id)
    codes = mfa.new_recovery_codes()
    queries.replace_recovery_codes(db_session, user, [mfa.hash_recovery_code(c) for c in codes])
    db_session.commit()
    typed = mfa.format_recovery_code(codes[0]).lower()
    client.get("/staff/sign-in")
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    assert client.post("/staff/sign-in/code", {"code": typed}).status_code == 303
    client.post("/staff/sign-out", {})
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    again = client.post("/staff/sign-in/code", {"code": typed})
    assert again.status_code == 200
    assert "The code is not right" in again.text


def test_ten_failures_lock_the_account_for_15_minutes(client, librarian, clock):
    client.get("/staff/sign-in")
    for _ in range(10):
        client.post("/staff/sign-in", {"email": librarian.email, "password": "not it at all"})
    locked = client.post(
        "/staff/sign-in", {"email": librarian.email, "password": librarian.password}
    )
    assert "too many attempts to sign in" in locked.text
    # The same words for an address that has no account, so nothing is revealed.
    for _ in range(10):
        client.post("/staff/sign-in", {"email": "ghost@example.org", "password": "not it at all"})
    ghost = client.post("/staff/sign-in", {"email": "ghost@example.org", "password": "x" * 12})
    assert "too many attempts to sign in" in ghost.text
    clock.advance(minutes=15, seconds=1)
    sign_in(client, librarian, clock())
    assert client.get("/staff").status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, librarian, clock):
    client.get("/staff/sign-in")
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    for _ in range(10):
        client.post("/staff/sign-in/code", {"code": "123456"})
    right = client.post("/staff/sign-in/code", {"code": mfa.code_at(librarian.secret, clock())})
    assert "too many attempts to sign in" in right.text


def test_idle_timeout_is_30_minutes(client, librarian, clock):
    sign_in(client, librarian, clock())
    clock.advance(minutes=29)
    assert client.get("/staff").status_code == 200
    clock.advance(minutes=29)  # active 29 minutes ago: still fine
    assert client.get("/staff").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/staff", follow_redirects=False)
    assert response.status_code == 303


def test_absolute_timeout_is_12_hours_however_active(client, librarian, clock):
    sign_in(client, librarian, clock())
    for _ in range(35):  # 35 x 20 minutes = 11 hours 40 minutes
        clock.advance(minutes=20)
        assert client.get("/staff").status_code == 200
    clock.advance(minutes=25)
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session(client, librarian, clock, db_session):
    sign_in(client, librarian, clock())
    response = client.post("/staff/sign-out", {})
    assert response.headers["location"] == "/staff/sign-in?signed-out=1"
    assert client.get("/staff", follow_redirects=False).status_code == 303
    assert "sign_out" in actions(db_session)


def test_sign_out_everywhere_ends_other_sessions(app, librarian, clock):
    from litestar.testing import TestClient

    from tests.integration.conftest import PageClient

    with TestClient(app=app) as first, TestClient(app=app) as second:
        one, two = PageClient(first), PageClient(second)
        sign_in(one, librarian, clock())
        clock.advance(seconds=31)  # a fresh TOTP step for the second sign-in
        sign_in(two, librarian, clock())
        clock.advance(seconds=1)
        assert two.post("/staff/sign-out-everywhere", {}).status_code == 303
        assert one.get("/staff", follow_redirects=False).status_code == 303


def test_posts_without_a_csrf_token_are_refused(client, librarian):
    client.get("/staff/sign-in")
    response = client.post(
        "/staff/sign-in",
        {"email": librarian.email, "password": librarian.password},
        csrf=False,
    )
    assert response.status_code == 403


def test_next_keeps_people_inside_the_back_office(client, librarian, clock):
    client.get("/staff/sign-in")
    first = client.post(
        "/staff/sign-in",
        {"email": librarian.email, "password": librarian.password, "next": "https://evil.example"},
    )
    assert first.headers["location"] == "/staff/sign-in/code?next=/staff"
    second = client.post(
        "/staff/sign-in/code",
        {"code": mfa.code_at(librarian.secret, clock()), "next": "//evil.example/staff"},
    )
    assert second.headers["location"] == "/staff"


def test_staff_pages_are_never_cached_and_carry_no_inline_script_or_style(client, librarian, clock):
    import re

    sign_in(client, librarian, clock())
    for url in [
        "/staff/sign-in",
        "/staff",
        "/staff/venues/wallsend-library",
        "/staff/venues/wallsend-library/hours",
    ]:
        response = client.get(url)
        assert response.headers["cache-control"] == "no-store", url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), url
        assert " style=" not in response.text and "<style" not in response.text, url


def test_signing_in_again_after_sign_out_everywhere_works_in_summer_time(client, librarian, clock):
    from datetime import datetime

    from inclusion.i18n.formatting import LONDON

    clock.now = datetime(2026, 7, 15, 11, 0, tzinfo=LONDON)  # British Summer Time
    sign_in(client, librarian, clock())
    client.post("/staff/sign-out-everywhere", {})
    clock.advance(seconds=31)
    sign_in(client, librarian, clock())
    assert client.get("/staff").status_code == 200
