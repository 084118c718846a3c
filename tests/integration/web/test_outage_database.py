"""When the database stops answering, residents get a friendly 503 page, the readiness
check says the database is down, and the app recovers by itself when it is back."""

from __future__ import annotations

from dataclasses import replace

from litestar.testing import TestClient
from sqlalchemy.orm import Session

from inclusion.app import create_app
from inclusion.db import migrate
from inclusion.db.engine import Database, build_engine
from inclusion.places.demo import load_demo
from inclusion.settings import Settings
from tests.integration.conftest import PageClient
from tests.integration.web.throwaway_servers import throwaway_postgres
from tests.servers import free_port

FIND = "/find?postcode=NE29"


def _settings(database_url: str) -> Settings:
    return replace(
        Settings.from_environment(), database_url=database_url, session_dir=None, redis_url=None
    )


def assert_unavailable_page(response, locale_tag: str = "en") -> None:
    assert response.status_code == 503
    assert response.headers["retry-after"] == "120"
    assert f'<html lang="{locale_tag}"' in response.text
    assert response.text.count("<h1") == 1
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    assert "psycopg" not in response.text


def test_a_closed_database_port_gives_the_friendly_503_page():
    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    app = create_app(_settings(url), db=Database.from_url(url))
    with TestClient(app=app, raise_server_exceptions=False) as test_client:
        client = PageClient(test_client)  # checks the page: parses, one h1, title
        page = client.get(FIND)
        assert_unavailable_page(page)
        assert "Sorry, the service is unavailable" in page.text
        assert "Try again in a few minutes." in page.text
        assert "Is this page useful?" not in page.text  # its form could not be saved

        in_polish = client.get(FIND + "&lang=pl")
        assert_unavailable_page(in_polish, "pl")

        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.text.splitlines() == ["not ready", "database unavailable"]
        assert client.get("/healthz").status_code == 200


def test_the_app_recovers_by_itself_when_postgresql_comes_back():
    with throwaway_postgres() as server:
        migrate.upgrade(server.url)
        engine = build_engine(server.url)
        with Session(engine) as session:
            load_demo(session)
            session.commit()
        engine.dispose()
        app = create_app(_settings(server.url))
        with TestClient(app=app, raise_server_exceptions=False) as test_client:
            client = PageClient(test_client)
            assert client.get(FIND).status_code == 200

            server.stop()
            assert_unavailable_page(client.get(FIND))
            assert client.get("/readyz").text.splitlines() == ["not ready", "database unavailable"]

            server.start()
            assert client.get("/readyz").status_code == 200
            assert client.get(FIND).status_code == 200
        app.state.db.engine.dispose()
