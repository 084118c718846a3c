"""Things people (or their keyboards) type that once turned into server errors."""

from __future__ import annotations

import pytest

from tests.factories.staff import sign_in


@pytest.mark.parametrize(
    "url",
    [
        "/sessions?within=²",
        "/sessions?to=9999-12-31",
        "/sessions?from=2026-02-30",
        "/sessions/99999999999999999999",
        "/places/%F0%9F%99%82",
    ],
)
def test_public_pages(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    assert "Sorry, there is a problem with the service" not in response.text


def test_staff_forms_and_filters(client, clock, librarian, officer):
    sign_in(client, librarian, clock())
    wifi = client.post(
        "/staff/venues/wallsend-library/wifi", {"network-name": "x", "time-limit": "²"}
    )
    assert "Enter the time limit as a number of minutes" in wifi.text
    closure = client.post(
        "/staff/venues/wallsend-library/closures",
        {"starts-day": "1", "starts-month": "1", "starts-year": "9999999999999999", "reason": "x"},
    )
    assert "The first day closed must be a real date" in closure.text
    client.post("/staff/sign-out", {})
    clock.advance(seconds=31)
    sign_in(client, officer, clock())
    for url in ["/staff/audit?page=²", "/staff/audit?to=9999-12-31&from=0001-01-01"]:
        assert client.get(url).status_code == 200, url


def test_security_codes_in_other_scripts_are_just_wrong(client, librarian):
    client.get("/staff/sign-in")
    client.post("/staff/sign-in", {"email": librarian.email, "password": librarian.password})
    response = client.post("/staff/sign-in/code", {"code": "١٢٣٤٥٦"})
    assert response.status_code == 200
    assert "The code is not right" in response.text
