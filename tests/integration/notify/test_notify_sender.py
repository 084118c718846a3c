"""NotifySender through the real notifications-python-client, against a local stand-in
for the GOV.UK Notify API that records each request."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from inclusion.notify.senders import NotifySender, PermanentSendError
from tests.integration.notify.conftest import reset_email

API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "a5d7b2c1-0c3e-4f1f-9d7e-0f7b9c2b4a11"


class FakeNotify:
    def __init__(self):
        self.requests: list[tuple[str, str, dict]] = []
        self.status = 201
        self.earlier: list[dict] = []


@pytest.fixture
def notify_api() -> Iterator[tuple[FakeNotify, str]]:
    fake = FakeNotify()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers["Content-Length"])
            payload = json.loads(self.rfile.read(length))
            assert self.headers["Authorization"].startswith("Bearer ")
            fake.requests.append(("POST", self.path, payload))
            if fake.status == 201:
                self._answer(201, {"id": str(uuid.uuid4()), "reference": payload["reference"]})
            else:
                error = {"error": "BadRequestError", "message": "Not a UK mobile number"}
                self._answer(fake.status, {"status_code": fake.status, "errors": [error]})

        def do_GET(self):
            url = urlsplit(self.path)
            fake.requests.append(("GET", url.path, parse_qs(url.query)))
            self._answer(200, {"notifications": fake.earlier, "links": {}})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def notify_sender(base_url: str) -> NotifySender:
    client = NotificationsAPIClient(API_KEY, base_url=base_url, timeout=5)
    return NotifySender(client, EMAIL_TEMPLATE, SMS_TEMPLATE)


def test_an_email_goes_to_notify_with_subject_body_and_reference(notify_api):
    fake, base_url = notify_api
    message = reset_email("uk", "olena@example.org", "https://getonline.example/reset")

    notification_id = notify_sender(base_url).send(message)

    [(method, path, payload)] = fake.requests
    assert (method, path) == ("POST", "/v2/notifications/email")
    assert payload == {
        "email_address": "olena@example.org",
        "template_id": EMAIL_TEMPLATE,
        "personalisation": {"subject": message.subject, "body": message.body},
        "reference": message.reference,
    }
    assert "30 хвилин" in payload["personalisation"]["body"]
    assert uuid.UUID(notification_id)


def test_a_text_message_goes_to_notify_with_its_body(notify_api):
    fake, base_url = notify_api
    message = reset_email("en", "07700 900123", "https://getonline.example/reset")
    message.channel, message.subject, message.body = "sms", None, "Your code is 123456"

    notify_sender(base_url).send(message)

    [(_, path, payload)] = fake.requests
    assert path == "/v2/notifications/sms"
    assert payload == {
        "phone_number": "07700 900123",
        "template_id": SMS_TEMPLATE,
        "personalisation": {"body": "Your code is 123456"},
        "reference": message.reference,
    }


def test_a_message_notify_refuses_fails_for_good_and_a_server_error_is_retried(notify_api):
    fake, base_url = notify_api
    message = reset_email("en", "sam@example.org", "https://getonline.example/reset")
    fake.status = 400
    with pytest.raises(PermanentSendError, match="Not a UK mobile number"):
        notify_sender(base_url).send(message)
    fake.status = 500
    with pytest.raises(HTTPError) as raised:
        notify_sender(base_url).send(message)
    assert not isinstance(raised.value, PermanentSendError)


def test_a_repeat_attempt_finds_the_notification_notify_already_has(notify_api):
    fake, base_url = notify_api
    message = reset_email("en", "sam@example.org", "https://getonline.example/reset")
    message.attempts = 2
    fake.earlier = [{"id": "0f6e2b42-3f7d-4c7c-8a47-1b1a0b0e6f5d"}]

    assert notify_sender(base_url).send(message) == fake.earlier[0]["id"]

    assert fake.requests == [("GET", "/v2/notifications", {"reference": [message.reference]})]


def test_a_repeat_attempt_sends_when_notify_has_nothing_under_the_reference(notify_api):
    fake, base_url = notify_api
    message = reset_email("en", "sam@example.org", "https://getonline.example/reset")
    message.attempts = 2

    notify_sender(base_url).send(message)

    assert [(method, path) for method, path, _ in fake.requests] == [
        ("GET", "/v2/notifications"),
        ("POST", "/v2/notifications/email"),
    ]
