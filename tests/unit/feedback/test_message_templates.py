"""The feedback acknowledgement renders in every shipped language, by email and text."""

from __future__ import annotations

import pytest

from inclusion.i18n.locales import SITE_LOCALES
from inclusion.notify.models import Channel
from inclusion.notify.outbox import render_message

STATUS_URL = "https://getonline.example/feedback/status?reference=KM7Q-4XTP&x=1"


@pytest.mark.parametrize("locale", [locale.code for locale in SITE_LOCALES])
@pytest.mark.parametrize("name", ["Oksana", None])
def test_the_acknowledgement_carries_the_reference_and_the_status_link(locale, name):
    context = {"name": name, "reference": "KM7Q-4XTP", "status_url": STATUS_URL}
    subject, body = render_message("feedback_received", Channel.EMAIL, locale, context)
    _, text = render_message("feedback_received", Channel.SMS, locale, context)

    assert subject and "KM7Q-4XTP" in subject
    assert STATUS_URL in body and "KM7Q-4XTP" in body  # the link as it is, not escaped
    assert ("Oksana" in body) == bool(name) and "None" not in body
    assert STATUS_URL in text and "\n" not in text
