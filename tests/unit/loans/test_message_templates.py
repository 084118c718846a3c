"""Every lending message renders in every shipped language, by email and by text."""

from __future__ import annotations

from datetime import date

import pytest

from inclusion.i18n.locales import SITE_LOCALES
from inclusion.notify.models import Channel
from inclusion.notify.outbox import render_message

TEMPLATES = ("loan_requested", "loan_ready", "loan_due_soon", "loan_overdue", "loan_overdue_again")
LOAN_URL = "https://getonline.example/loans/KM7Q4XTP?token=abc&x=1"
CONTEXT = {
    "name": "Oksana",
    "reference": "KM7Q-4XTP",
    "device": "Chromebook",
    "place": "Wallsend Library",
    "address": "16 The Forum, Wallsend, NE28 8JP",
    "due_on": date(2026, 12, 23),
    "loan_url": LOAN_URL,
}


@pytest.mark.parametrize("locale", [locale.code for locale in SITE_LOCALES])
@pytest.mark.parametrize("template", TEMPLATES)
def test_each_lending_message_renders_with_its_reference_and_place(template, locale):
    subject, body = render_message(template, Channel.EMAIL, locale, CONTEXT)
    _, text = render_message(template, Channel.SMS, locale, CONTEXT)

    assert subject and "{" not in subject
    assert "KM7Q-4XTP" in body and "Wallsend Library" in body
    assert LOAN_URL in body  # a link, written as it is (not HTML-escaped)
    assert "Wallsend Library" in text and "\n" not in text
    assert LOAN_URL in text or "KM7Q-4XTP" in text
