"""Lending messages reach a real SMTP server in the borrower's own language: received,
ready to collect, due in 3 days, overdue, and overdue again a week later. Each once."""

from __future__ import annotations

import pytest

from inclusion.i18n.formatting import format_day
from inclusion.i18n.translations import gettext, use_locale
from inclusion.loans import services
from inclusion.loans.models import LoanStatus
from inclusion.notify.senders import SmtpSender
from inclusion.notify.worker import process_once
from inclusion.sessions.references import Links, manage_token
from tests.factories.loans import make_device, make_device_type, place_id
from tests.integration.notify.conftest import smtp_server  # noqa: F401 - a fixture


def deliver(db, server) -> list:
    process_once(db, SmtpSender(server.hostname, server.port, "getonline@example.org"), "t")
    return server.handler.messages


def translated(locale: str, text: str, **values) -> str:
    with use_locale(locale):
        return gettext(text, **values)


@pytest.fixture
def links(settings) -> Links:
    return Links.from_settings(settings)


@pytest.fixture
def chromebook(db_session):
    return make_device_type(db_session, loan_days=28, slug="chromebook")


def ask(db_session, device_type, now, links, locale, email):
    return services.request_loan(
        db_session,
        device_type,
        place_id(db_session, "wallsend-library"),
        services.Contact("Oksana", "email", email=email, locale=locale),
        services.Eligibility(
            in_north_tyneside=True, no_device_or_connection=True, low_income=False
        ),
        now,
        links=links,
    )


def test_every_lending_message_arrives_once_in_the_borrowers_language(
    db,
    db_session,
    clock,
    links,
    chromebook,
    settings,
    smtp_server,  # noqa: F811
):
    device = make_device(db_session, chromebook)
    request = ask(db_session, chromebook, clock(), links, "uk", "oksana@example.org")
    db_session.commit()

    [received] = deliver(db, smtp_server)
    device_name = translated("uk", "Chromebook")
    subject = translated("uk", "We have your request to borrow a %(device)s", device=device_name)
    assert subject != f"We have your request to borrow a {device_name}"  # really translated
    assert received["Subject"] == subject
    assert received["Content-Language"] == "uk"
    token = manage_token(settings.secret_key, request.reference, "loan")
    assert f"/loans/{request.reference}?token={token}" in received.get_content()

    services.reserve(db_session, device, request, clock().date(), clock())
    services.ready_for_collection(db_session, request, links, clock())
    db_session.commit()
    ready = deliver(db, smtp_server)[-1]
    assert ready["Subject"] == translated(
        "uk", "Your %(device)s is ready to collect", device=device_name
    )

    services.check_out(db_session, device, request, "good", clock())
    db_session.commit()
    due_on = request.due_on
    with use_locale("uk"):
        due_day = format_day(due_on)

    clock.advance(days=24)  # four days before it is due: nothing yet
    assert services.send_loan_reminders(db_session, links, clock()) == 0
    clock.advance(days=1)  # three days before
    assert services.send_loan_reminders(db_session, links, clock()) == 1
    assert services.send_loan_reminders(db_session, links, clock()) == 0
    db_session.commit()
    due_soon = deliver(db, smtp_server)[-1]
    assert due_soon["Subject"] == translated(
        "uk", "Your %(device)s is due back on %(day)s", device=device_name, day=due_day
    )

    clock.advance(days=3)  # the due date itself: not overdue yet
    assert services.send_loan_reminders(db_session, links, clock()) == 0
    clock.advance(days=1)
    assert services.send_loan_reminders(db_session, links, clock()) == 1
    db_session.commit()
    overdue = deliver(db, smtp_server)[-1]
    assert overdue["Subject"] == translated(
        "uk", "Your %(device)s was due back on %(day)s", device=device_name, day=due_day
    )
    assert services.overdue(db_session, clock()) == [request]

    clock.advance(days=6)
    assert services.send_loan_reminders(db_session, links, clock()) == 0
    clock.advance(days=1)
    assert services.send_loan_reminders(db_session, links, clock()) == 1
    clock.advance(days=30)
    assert services.send_loan_reminders(db_session, links, clock()) == 0
    db_session.commit()
    again = deliver(db, smtp_server)[-1]
    assert again["Subject"] == translated(
        "uk", "Please return the %(device)s: it is over a week late", device=device_name
    )
    assert [m["To"] for m in smtp_server.handler.messages] == ["oksana@example.org"] * 5


def test_an_extension_brings_a_new_due_soon_message(db_session, clock, links, chromebook):
    device = make_device(db_session, chromebook)
    request = ask(db_session, chromebook, clock(), links, "ar", "amal@example.org")
    services.check_out(db_session, device, request, "good", clock())
    clock.advance(days=25)
    assert services.send_loan_reminders(db_session, links, clock()) == 1

    services.extend(db_session, request, clock())

    assert request.due_reminder_at is None
    assert services.send_loan_reminders(db_session, links, clock()) == 0
    clock.advance(days=28)
    assert services.send_loan_reminders(db_session, links, clock()) == 1


def test_people_who_chose_a_phone_call_or_no_contact_get_no_messages(
    db_session, clock, links, chromebook
):
    from inclusion.notify.models import OutboxMessage

    device = make_device(db_session, chromebook)
    request = services.request_loan(
        db_session,
        chromebook,
        place_id(db_session),
        services.Contact("Ray", "phone", phone="01916432075"),
        services.Eligibility(in_north_tyneside=True, no_device_or_connection=True, low_income=True),
        clock(),
        links=links,
    )
    services.check_out(db_session, device, request, "good", clock())
    clock.advance(days=40)

    assert services.send_loan_reminders(db_session, links, clock()) == 1  # overdue
    assert request.status == LoanStatus.ON_LOAN and request.overdue_told_at == clock()
    assert db_session.query(OutboxMessage).filter_by(recipient="01916432075").count() == 0
