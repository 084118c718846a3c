"""Whatever is typed into a staff form gets a page back, never a server error."""

from __future__ import annotations

import pytest

from tests.factories.staff import sign_in

NASTY = [
    "x" * 5000,
    "Zoë Ünïcødé 日本語 🙂",
    "'; DROP TABLE staff_users; --",
    "<script>alert(1)</script>",
    "\u202eevil",
    "",
    " ",
]

PUBLIC_FORMS = {
    "/staff/sign-in": ["email", "password", "next"],
    "/staff/password-reset": ["email"],
}
SIGNED_IN_FORMS = {
    "/staff/venues/wallsend-library/closures": [
        "starts-day",
        "starts-month",
        "starts-year",
        "ends-day",
        "reason",
    ],
    "/staff/venues/wallsend-library/wifi": ["network-name", "time-limit", "out-of-order"],
    "/staff/venues/wallsend-library/hours": ["day-0-opens-1", "day-0-closes-1", "day-6-opens-2"],
}


@pytest.mark.parametrize("value", NASTY)
def test_public_staff_forms(client, value):
    for url, fields in PUBLIC_FORMS.items():
        for field in fields:
            response = client.post(url, {field: value})
            assert response.status_code in (200, 303), (url, field)
            assert "<script>alert" not in response.text


def test_overlong_email_and_password_get_clear_messages(client):
    response = client.post(
        "/staff/sign-in", {"email": "a" * 300 + "@example.org", "password": "p" * 5000}
    )
    assert "Email address must be 254 characters or fewer" in response.text


@pytest.mark.parametrize("value", NASTY)
def test_signed_in_forms(client, clock, librarian, value):
    sign_in(client, librarian, clock())
    for url, fields in SIGNED_IN_FORMS.items():
        for field in fields:
            response = client.post(url, {field: value})
            assert response.status_code in (200, 303), (url, field, response.text[:300])
            assert "<script>alert" not in response.text


def test_set_up_and_reset_links_with_junk_tokens(client):
    for junk in ["x" * 500, "%00", "..%2F..%2Fetc", "<script>"]:
        for path in (f"/staff/set-up/{junk}", f"/staff/password-reset/{junk}"):
            response = client.get(path)
            assert response.status_code in (200, 404)
            if response.status_code == 200:
                assert "This link does not work" in response.text
