"""Two app instances on one PostgreSQL and one Redis behave as one service."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.orm import Session

from inclusion.db import migrate
from inclusion.db.engine import build_engine
from inclusion.staff import mfa
from tests.conftest import skip_or_fail
from tests.factories.staff import make_staff
from tests.servers import running_servers

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SECRET_KEY = "two-instances-test-secret-key-0123456789"


@pytest.fixture(scope="module")
def redis_env() -> Iterator[dict[str, str]]:
    """Redis, with the app's keys under a prefix of this module's own.

    Other test runs may use the same Redis at the same time: nothing is flushed, and
    only this prefix's keys are deleted afterwards.
    """
    from redis import Redis

    client = Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001 - any failure means Redis is absent
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}", "INCLUSION_REQUIRE_REDIS")
    prefix = f"inclusion-test-{uuid.uuid4().hex[:10]}"
    try:
        yield {"REDIS_URL": REDIS_URL, "INCLUSION_REDIS_PREFIX": prefix}
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        client.close()


@pytest.fixture(scope="module")
def instances(own_postgresql_url, redis_env) -> Iterator[tuple[str, str]]:
    migrate.upgrade(own_postgresql_url)
    env = {
        "DATABASE_URL": own_postgresql_url,
        **redis_env,
        "INCLUSION_SECRET_KEY": SECRET_KEY,
    }
    with running_servers(env, count=2) as (first, second):
        yield first, second


@pytest.fixture
def officer_on_postgres(own_postgresql_url):
    engine = build_engine(own_postgresql_url)
    with Session(engine) as session:
        staff = make_staff(
            session,
            SECRET_KEY,
            datetime.now(UTC),
            "officer",
            email=f"officer-{uuid.uuid4().hex[:8]}@example.org",
        )
        session.commit()
    engine.dispose()
    return staff


def csrf(client: httpx.Client, base: str) -> str:
    client.get(f"{base}/staff/sign-in")
    return client.cookies["csrftoken"]


def test_a_session_begun_on_one_instance_is_valid_on_the_other(instances, officer_on_postgres):
    first, second = instances
    staff = officer_on_postgres
    with httpx.Client() as browser:  # cookies are per host, not per port
        token = csrf(browser, first)
        step = browser.post(
            f"{first}/staff/sign-in",
            data={"email": staff.email, "password": staff.password, "_csrf_token": token},
        )
        assert step.status_code == 303, step.text
        code = mfa.code_at(staff.secret, datetime.now(UTC))
        done = browser.post(
            f"{second}/staff/sign-in/code", data={"code": code, "_csrf_token": token}
        )
        assert done.status_code == 303, done.text
        assert browser.get(f"{first}/staff").status_code == 200
        assert browser.get(f"{second}/staff").status_code == 200
        browser.post(f"{second}/staff/sign-out", data={"_csrf_token": token})
        assert browser.get(f"{first}/staff").status_code == 303


def test_the_sign_in_lockout_counts_failures_on_both_instances(instances, officer_on_postgres):
    first, second = instances
    staff = officer_on_postgres
    with httpx.Client() as browser:
        token = csrf(browser, first)
        for attempt in range(10):
            base = first if attempt % 2 else second
            response = browser.post(
                f"{base}/staff/sign-in",
                data={"email": staff.email, "password": "not the password", "_csrf_token": token},
            )
            assert "Enter a correct email address and password" in response.text
        for base in (first, second):
            locked = browser.post(
                f"{base}/staff/sign-in",
                data={"email": staff.email, "password": staff.password, "_csrf_token": token},
            )
            assert locked.status_code == 200
            assert "too many attempts to sign in" in locked.text
