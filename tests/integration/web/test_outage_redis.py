"""When Redis stops answering, the public site keeps working (rate limits let requests
through), staff are told that signing in is not available, and /readyz names Redis;
once Redis is back, so is everything that needs it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import TestClient

from inclusion.app import create_app
from tests.factories.staff import sign_in
from tests.integration.conftest import PageClient
from tests.integration.web.throwaway_servers import throwaway_redis
from tests.servers import free_port

FIND = "/find?postcode=NE29"
FEEDBACK = {
    "topic": "website",
    "rating": "4",
    "what-happened": "I found a session easily.",
    "what-would-help": "",
    "contact-method": "none",
}
STAFF_MESSAGE = "Signing in is not available at the moment"


@pytest.fixture
def redis_app(db, settings, clock):
    """The app with Redis on a port where nothing listens."""
    app = create_app(replace(settings, redis_url=f"redis://127.0.0.1:{free_port()}/0"), db=db)
    app.state.clock = clock
    return app


def test_without_redis_residents_still_find_places_and_send_feedback(redis_app):
    with TestClient(app=redis_app, raise_server_exceptions=False) as test_client:
        client = PageClient(test_client)
        assert client.get(FIND).status_code == 200
        client.get("/feedback")
        sent = client.post("/feedback", FEEDBACK)
        assert sent.status_code == 303, sent.text[-1000:]
        assert sent.headers["location"].startswith("/feedback/sent")


def test_without_redis_staff_are_told_signing_in_is_not_available(redis_app, librarian):
    with TestClient(app=redis_app, raise_server_exceptions=False) as test_client:
        client = PageClient(test_client)
        # Without a session cookie a staff page sends to the sign-in page, as ever.
        assert client.get("/staff", follow_redirects=False).status_code == 303
        test_client.cookies.set("staff-session", "a-session-begun-earlier")
        for response in (
            client.get("/staff"),
            client.post(
                "/staff/sign-in", {"email": librarian.email, "password": librarian.password}
            ),
        ):
            assert response.status_code == 503
            assert response.headers["retry-after"] == "120"
            assert STAFF_MESSAGE in response.text
            assert "Traceback" not in response.text


def test_readiness_names_redis_when_it_does_not_answer(redis_app):
    with TestClient(app=redis_app) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.text.splitlines() == ["not ready", "redis unavailable"]


def test_redis_stopped_and_started_again_mid_test(db, settings, clock, librarian):
    with throwaway_redis() as redis_server:
        app = create_app(replace(settings, redis_url=redis_server.url), db=db)
        app.state.clock = clock
        app.state.shared.redis.retry_after = 0.0  # try Redis again at once once it is back
        with TestClient(app=app, raise_server_exceptions=False) as test_client:
            client = PageClient(test_client)
            sign_in(client, librarian, clock())
            assert client.get("/staff").status_code == 200

            redis_server.stop()
            assert client.get(FIND).status_code == 200
            assert STAFF_MESSAGE in client.get("/staff").text
            assert client.get("/readyz", check=False).status_code == 503

            redis_server.start()
            assert client.get("/readyz", check=False).status_code == 200
            # The restarted Redis kept nothing: the librarian signs in again.
            back = client.get("/staff", follow_redirects=False)
            assert back.status_code == 303 and "/staff/sign-in" in back.headers["location"]
            clock.advance(minutes=1)  # a new authenticator code: each is good once
            sign_in(client, librarian, clock())
            assert client.get("/staff").status_code == 200
