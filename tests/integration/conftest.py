"""The HTTP test client: every HTML page it fetches goes through the page checker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from litestar.testing import TestClient

from inclusion.app import create_app
from inclusion.settings import Settings
from tests.conftest import WEDNESDAY_MORNING
from tests.pagecheck import check_fragment, check_page


class PageClient:
    """A test client whose HTML responses must pass `check_page`."""

    def __init__(self, client: TestClient):
        self.client = client

    def get(self, url: str, check: bool = True, **kwargs):
        response = self.client.get(url, **kwargs)
        if check and response.headers.get("content-type", "").startswith("text/html"):
            if response.request.headers.get("HX-Request"):
                check_fragment(response.text)
            else:
                check_page(response.text)
        return response


@pytest.fixture
def app(db, database_url):
    settings = replace(Settings.from_environment(), database_url=database_url)
    app = create_app(settings, db=db)
    app.state.clock = lambda: WEDNESDAY_MORNING
    return app


@pytest.fixture
def client(app) -> Iterator[PageClient]:
    with TestClient(app=app, raise_server_exceptions=False) as test_client:
        yield PageClient(test_client)
