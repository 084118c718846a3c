"""The HTTP test client: every HTML page it fetches goes through the page checker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from litestar.testing import TestClient

from inclusion.app import create_app
from inclusion.settings import Settings
from tests.conftest import WEDNESDAY_MORNING
from tests.factories.staff import make_staff
from tests.pagecheck import check_fragment, check_page


class PageClient:
    """A test client whose HTML responses must pass `check_page`."""

    def __init__(self, client: TestClient):
        self.client = client

    def get(self, url: str, check: bool = True, **kwargs):
        return self._checked(self.client.get(url, **kwargs), check)

    def post(
        self, url: str, data: dict | None = None, check: bool = True, csrf: bool = True, **kwargs
    ):
        """POST a form; with `csrf`, the token comes from the cookie the site set."""
        data = dict(data or {})
        if csrf:
            data.setdefault("_csrf_token", self.csrf_token())
        kwargs.setdefault("follow_redirects", False)
        return self._checked(self.client.post(url, data=data, **kwargs), check)

    def csrf_token(self) -> str:
        if "csrftoken" not in self.client.cookies:
            self.client.get("/staff/sign-in")
        return self.client.cookies["csrftoken"]

    def _checked(self, response, check: bool):
        if check and response.headers.get("content-type", "").startswith("text/html"):
            if response.request.headers.get("HX-Request"):
                check_fragment(response.text)
            else:
                check_page(response.text)
        return response


class Clock:
    """The app's clock, which a test can move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(WEDNESDAY_MORNING)


@pytest.fixture
def settings(database_url) -> Settings:
    # Sessions and counters in memory: each test starts with none.
    return replace(
        Settings.from_environment(), database_url=database_url, session_dir=None, redis_url=None
    )


@pytest.fixture
def app(db, settings, clock):
    app = create_app(settings, db=db)
    app.state.clock = clock
    return app


@pytest.fixture
def client(app) -> Iterator[PageClient]:
    with TestClient(app=app, raise_server_exceptions=False) as test_client:
        yield PageClient(test_client)


@pytest.fixture
def librarian(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "library_staff")
    db_session.commit()
    return staff


@pytest.fixture
def officer(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "officer")
    db_session.commit()
    return staff


@pytest.fixture
def admin(db_session, settings, clock):
    staff = make_staff(db_session, settings.secret_key, clock(), "admin")
    db_session.commit()
    return staff
