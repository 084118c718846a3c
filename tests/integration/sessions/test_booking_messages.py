"""Booking messages reach a real SMTP server, in each resident's own language."""

from __future__ import annotations

import re
from datetime import timedelta

from inclusion.i18n.translations import gettext, use_locale
from inclusion.notify.senders import SmtpSender
from inclusion.notify.worker import process_once
from inclusion.sessions import services
from inclusion.sessions.references import Links
from tests.factories.sessions import make_session
from tests.integration.notify.conftest import smtp_server  # noqa: F401 - a fixture
from tests.integration.sessions.test_booking import answer, submit


def deliver(db, server) -> list:
    # The outbox stamps messages with the real time, so the worker runs on it too.
    process_once(db, SmtpSender(server.hostname, server.port, "getonline@example.org"), "t")
    return server.handler.messages


def subject_in(locale: str, text: str, **values) -> str:
    with use_locale(locale):
        return gettext(text, **values)


def test_confirmation_reminder_and_offer_in_the_residents_language(
    client,
    db,
    db_session,
    clock,
    settings,
    smtp_server,  # noqa: F811
):
    title = "Get started with a computer"
    one_place = make_session(db_session, clock() + timedelta(days=2), capacity=1, title=title)
    db_session.commit()

    client.get("/sessions?lang=pl")
    answer(
        client,
        one_place.id,
        name="Ola",
        contact={"contact-method": "email", "email": "ola@example.org"},
    )
    confirmed = submit(client, one_place.id)
    assert confirmed.status_code == 303
    [confirmation] = deliver(db, smtp_server)
    polish_subject = subject_in("pl", "Your place is booked: %(title)s", title=title)
    assert polish_subject != f"Your place is booked: {title}"  # it really is translated
    assert confirmation["Subject"] == polish_subject
    assert confirmation["Content-Language"] == "pl"
    reference = re.search(r"/bookings/(\w+)\?token=", confirmation.get_content())[1]

    links = Links(settings.base_url, settings.secret_key)
    waiting = services.join_waiting_list(
        db_session,
        one_place,
        services.Details("Amal", "email", email="amal@example.org", locale="ar"),
        clock(),
        links,
    )
    clock.advance(days=1, hours=1)  # now within 24 hours of the session
    assert services.send_reminders(db_session, links, clock()) == 1
    db_session.commit()
    messages = deliver(db, smtp_server)
    reminder = messages[-1] if messages[-1]["To"] == "ola@example.org" else messages[-2]
    assert reminder["Subject"] == subject_in("pl", "Reminder: %(title)s tomorrow", title=title)

    from inclusion.sessions.queries import booking_by_reference

    services.cancel(db_session, links, booking_by_reference(db_session, reference), clock())
    db_session.commit()
    offer = deliver(db, smtp_server)[-1]
    assert offer["To"] == "amal@example.org"
    assert offer["Subject"] == subject_in("ar", "A place has come free: %(title)s", title=title)
    assert offer["Content-Language"] == "ar"
    assert f"/bookings/{waiting.reference}?token=" in offer.get_content()
