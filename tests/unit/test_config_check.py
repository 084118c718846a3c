"""Each bad setting gives one sentence naming its variable; good ones give none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from inclusion.config_check import configuration_problems
from inclusion.preflight import StartupProblem, valid_settings
from inclusion.settings import InvalidSettings, Settings

TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"

PRODUCTION = replace(
    Settings(),
    environment="production",
    database_url="postgresql://inclusion:pw@db.internal:5432/inclusion",
    redis_url="redis://cache.internal:6379/0",
    secret_key="k" * 48,
    base_url="https://getonline.northtyneside.gov.uk",
    https=True,
    notify_sender="smtp",
    smtp_host="smtp.northtyneside.gov.uk",
    smtp_port=587,
)


def test_the_development_defaults_need_no_configuration():
    assert configuration_problems(Settings()) == []


def test_a_complete_production_configuration_passes():
    assert configuration_problems(PRODUCTION) == []


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"environment": "staging"}, "INCLUSION_ENV"),
        ({"debug": True}, "INCLUSION_DEBUG"),
        ({"database_url": "sqlite:///var/inclusion.sqlite3"}, "DATABASE_URL"),
        ({"database_url": "mysql://db/inclusion"}, "DATABASE_URL"),
        ({"database_url": "not a url"}, "DATABASE_URL"),
        ({"redis_url": None}, "REDIS_URL"),
        ({"redis_url": "http://cache:6379"}, "REDIS_URL"),
        ({"secret_key": Settings.secret_key}, "INCLUSION_SECRET_KEY"),
        ({"secret_key": ""}, "INCLUSION_SECRET_KEY"),
        ({"secret_key": "short"}, "INCLUSION_SECRET_KEY"),
        ({"base_url": "http://getonline.northtyneside.gov.uk"}, "INCLUSION_BASE_URL"),
        ({"base_url": "getonline.northtyneside.gov.uk"}, "INCLUSION_BASE_URL"),
        ({"https": False}, "INCLUSION_HTTPS"),
        ({"notify_sender": "log"}, "INCLUSION_NOTIFY_SENDER"),
        ({"notify_sender": "pigeon"}, "INCLUSION_NOTIFY_SENDER"),
        ({"smtp_host": " "}, "INCLUSION_SMTP_HOST"),
        ({"smtp_port": 0}, "INCLUSION_SMTP_PORT"),
        ({"smtp_port": 70000}, "INCLUSION_SMTP_PORT"),
        ({"smtp_username": "mailer"}, "INCLUSION_SMTP_PASSWORD"),
        ({"mail_from": "getonline"}, "INCLUSION_MAIL_FROM"),
        ({"booking_retention_days": 0}, "INCLUSION_BOOKING_RETENTION_DAYS"),
        ({"loan_retention_days": -5}, "INCLUSION_LOAN_RETENTION_DAYS"),
        ({"feedback_retention_months": 0}, "INCLUSION_FEEDBACK_RETENTION_MONTHS"),
        ({"form_posts_per_minute": 0}, "INCLUSION_FORM_POSTS_PER_MINUTE"),
        ({"bookings_per_address_per_hour": 0}, "INCLUSION_BOOKINGS_PER_ADDRESS_PER_HOUR"),
        ({"feedback_per_address_per_hour": 0}, "INCLUSION_FEEDBACK_PER_ADDRESS_PER_HOUR"),
        ({"geocoder_timeout_seconds": float("nan")}, "INCLUSION_GEOCODER_TIMEOUT"),
        ({"web_workers": 0}, "INCLUSION_WEB_WORKERS"),
        ({"log_format": "xml"}, "INCLUSION_LOG_FORMAT"),
    ],
)
def test_each_bad_production_value_gives_one_line_naming_its_variable(change, variable):
    problems = configuration_problems(replace(PRODUCTION, **change))

    assert len(problems) == 1, problems
    assert problems[0].startswith(variable), problems
    assert "\n" not in problems[0]


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"notify_api_key": None}, "INCLUSION_NOTIFY_API_KEY"),
        ({"notify_email_template_id": None}, "INCLUSION_NOTIFY_EMAIL_TEMPLATE_ID"),
        ({"notify_email_template_id": "welcome"}, "INCLUSION_NOTIFY_EMAIL_TEMPLATE_ID"),
        ({"notify_sms_template_id": "text-1"}, "INCLUSION_NOTIFY_SMS_TEMPLATE_ID"),
    ],
)
def test_gov_uk_notify_needs_its_key_and_template_ids(change, variable):
    notify = replace(
        PRODUCTION,
        notify_sender="notify",
        notify_api_key="live-key",
        notify_email_template_id=TEMPLATE_ID,
        notify_sms_template_id=TEMPLATE_ID,
    )
    assert configuration_problems(notify) == []

    problems = configuration_problems(replace(notify, **change))

    assert len(problems) == 1, problems
    assert problems[0].startswith(variable), problems


def test_development_allows_sqlite_no_redis_the_default_key_and_the_log_sender():
    development = replace(PRODUCTION, environment="development")
    relaxed = replace(
        development,
        database_url="sqlite:///var/inclusion.sqlite3",
        redis_url=None,
        secret_key=Settings.secret_key,
        base_url="http://127.0.0.1:8000",
        https=False,
        notify_sender="log",
        debug=True,
    )

    assert configuration_problems(relaxed) == []


def test_every_problem_is_listed_at_once():
    problems = configuration_problems(
        replace(Settings(), environment="production", secret_key="", booking_retention_days=0)
    )

    assert [problem.split(" ")[0] for problem in problems] == [
        "DATABASE_URL",
        "REDIS_URL",
        "INCLUSION_SECRET_KEY",
        "INCLUSION_BASE_URL",
        "INCLUSION_HTTPS",
        "INCLUSION_NOTIFY_SENDER",
        "INCLUSION_BOOKING_RETENTION_DAYS",
    ]


def test_a_value_that_is_not_a_number_is_named_not_raised_as_a_value_error(monkeypatch):
    monkeypatch.setenv("INCLUSION_SMTP_PORT", "abc")
    monkeypatch.setenv("INCLUSION_GEOCODER_TIMEOUT", "soon")

    with pytest.raises(InvalidSettings) as raised:
        Settings.from_environment()

    assert raised.value.problems == [
        "INCLUSION_GEOCODER_TIMEOUT must be a number, not 'soon'.",
        "INCLUSION_SMTP_PORT must be a whole number, not 'abc'.",
    ]
    with pytest.raises(StartupProblem) as startup:
        valid_settings()
    assert startup.value.problems == raised.value.problems


def test_the_environment_is_read_from_inclusion_env(monkeypatch):
    monkeypatch.setenv("INCLUSION_ENV", " Production ")
    monkeypatch.setenv("INCLUSION_WEB_WORKERS", "4")

    settings = Settings.from_environment()

    assert settings.environment == "production"
    assert settings.web_workers == 4
