"""Whether the settings make sense, checked before anything starts.

Each problem is one sentence that names the variable and says what to set, so that a
mistake in a deployment's environment shows as a line in its log, not a traceback
from deep inside a request later on. Development keeps its defaults; production
(`INCLUSION_ENV=production`) must also say where its data lives and how it is kept
safe: PostgreSQL, Redis, its own secret key, an https address and a real sender.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from inclusion.db.engine import normalise_url
from inclusion.settings import Settings

DEVELOPMENT = "development"
PRODUCTION = "production"
ENVIRONMENTS = (DEVELOPMENT, PRODUCTION)
SENDERS = ("log", "smtp", "notify")
LOG_FORMATS = ("text", "json")
MIN_SECRET_KEY_LENGTH = 32
REDIS_SCHEMES = ("redis", "rediss", "unix")
MAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NEW_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"

# Settings that count something, with the variable that sets each: none may be zero.
_POSITIVE_NUMBERS = (
    ("booking_retention_days", "INCLUSION_BOOKING_RETENTION_DAYS"),
    ("loan_retention_days", "INCLUSION_LOAN_RETENTION_DAYS"),
    ("feedback_retention_months", "INCLUSION_FEEDBACK_RETENTION_MONTHS"),
    ("form_posts_per_minute", "INCLUSION_FORM_POSTS_PER_MINUTE"),
    ("bookings_per_address_per_hour", "INCLUSION_BOOKINGS_PER_ADDRESS_PER_HOUR"),
    ("feedback_per_address_per_hour", "INCLUSION_FEEDBACK_PER_ADDRESS_PER_HOUR"),
    ("geocoder_timeout_seconds", "INCLUSION_GEOCODER_TIMEOUT"),
    ("web_workers", "INCLUSION_WEB_WORKERS"),
)

Check = Callable[[Settings, bool], Iterator[str]]


def configuration_problems(settings: Settings) -> list[str]:
    """Every problem with `settings`, one sentence each; empty when all is well."""
    production = settings.environment == PRODUCTION
    return [problem for check in CHECKS for problem in check(settings, production)]


def _environment(settings: Settings, production: bool) -> Iterator[str]:
    if settings.environment not in ENVIRONMENTS:
        yield (f"INCLUSION_ENV must be {' or '.join(ENVIRONMENTS)}, not {settings.environment!r}.")
    if production and settings.debug:
        yield "INCLUSION_DEBUG must be off in production: it shows error details to the public."


def _database(settings: Settings, production: bool) -> Iterator[str]:
    try:
        backend = make_url(normalise_url(settings.database_url)).get_backend_name()
    except ArgumentError:
        backend = None
    if backend not in ("postgresql", "sqlite"):
        yield (
            "DATABASE_URL is not a database address this service can use: set "
            "postgresql://user:password@host:5432/name (or, outside production, "
            "sqlite:////path/to/file.sqlite3)."
        )
    elif production and backend == "sqlite":
        yield (
            "DATABASE_URL must point to PostgreSQL in production "
            "(postgresql://user:password@host:5432/name): SQLite serves one instance only."
        )


def _redis(settings: Settings, production: bool) -> Iterator[str]:
    if settings.redis_url:
        if urlsplit(settings.redis_url).scheme not in REDIS_SCHEMES:
            yield "REDIS_URL must be a Redis address such as redis://host:6379/0."
    elif production:
        yield (
            "REDIS_URL is required in production, so that every instance shares sessions "
            "and rate limits: set it to redis://host:6379/0."
        )


def _secret_key(settings: Settings, production: bool) -> Iterator[str]:
    if not production:
        return
    if not settings.secret_key or settings.secret_key == Settings.secret_key:
        yield (
            "INCLUSION_SECRET_KEY is missing: set it to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters ({NEW_SECRET_KEY})."
        )
    elif len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
        yield (
            f"INCLUSION_SECRET_KEY is too short ({len(settings.secret_key)} characters): "
            f"use at least {MIN_SECRET_KEY_LENGTH} random characters ({NEW_SECRET_KEY})."
        )


def _base_url(settings: Settings, production: bool) -> Iterator[str]:
    parts = urlsplit(settings.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        yield (
            "INCLUSION_BASE_URL must be the site's full address, such as "
            "https://getonline.northtyneside.gov.uk."
        )
    elif production and parts.scheme != "https":
        yield (
            "INCLUSION_BASE_URL must start with https:// in production: links in emails "
            "carry booking and sign-in tokens."
        )
    if production and not settings.https:
        yield (
            "INCLUSION_HTTPS must be on in production (INCLUSION_HTTPS=true), so cookies "
            "are sent over HTTPS only."
        )


def _sender(settings: Settings, production: bool) -> Iterator[str]:
    sender = settings.notify_sender
    if sender not in SENDERS:
        yield f"INCLUSION_NOTIFY_SENDER must be {', '.join(SENDERS)}, not {sender!r}."
    elif production and sender == "log":
        yield (
            "INCLUSION_NOTIFY_SENDER is 'log' in production, so no email or text message "
            "would leave: set it to smtp or notify."
        )
    elif sender == "smtp":
        yield from _smtp(settings)
    elif sender == "notify":
        yield from _notify(settings)


def _smtp(settings: Settings) -> Iterator[str]:
    if not settings.smtp_host.strip():
        yield "INCLUSION_SMTP_HOST is empty: set the mail server's host name."
    if not 1 <= settings.smtp_port <= 65535:
        yield f"INCLUSION_SMTP_PORT must be between 1 and 65535, not {settings.smtp_port}."
    if settings.smtp_username and not settings.smtp_password:
        yield "INCLUSION_SMTP_PASSWORD is missing: INCLUSION_SMTP_USERNAME is set without it."
    if not MAIL_ADDRESS.match(settings.mail_from):
        yield f"INCLUSION_MAIL_FROM must be an email address, not {settings.mail_from!r}."


def _notify(settings: Settings) -> Iterator[str]:
    if not settings.notify_api_key:
        yield (
            "INCLUSION_NOTIFY_API_KEY is missing: set the GOV.UK Notify API key "
            "(INCLUSION_NOTIFY_SENDER is notify)."
        )
    if not settings.notify_email_template_id:
        yield (
            "INCLUSION_NOTIFY_EMAIL_TEMPLATE_ID is missing: set the id of the Notify email "
            "template with ((subject)) and ((body))."
        )
    for variable, value in (
        ("INCLUSION_NOTIFY_EMAIL_TEMPLATE_ID", settings.notify_email_template_id),
        ("INCLUSION_NOTIFY_SMS_TEMPLATE_ID", settings.notify_sms_template_id),
    ):
        if value and not _is_uuid(value):
            yield f"{variable} must be a Notify template id (a UUID), not {value!r}."


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _numbers(settings: Settings, production: bool) -> Iterator[str]:
    for field, variable in _POSITIVE_NUMBERS:
        value = getattr(settings, field)
        if not (math.isfinite(value) and value > 0):
            yield f"{variable} must be more than 0, not {value}."


def _log_format(settings: Settings, production: bool) -> Iterator[str]:
    if settings.log_format not in LOG_FORMATS:
        yield (
            f"INCLUSION_LOG_FORMAT must be {' or '.join(LOG_FORMATS)}, not {settings.log_format!r}."
        )


CHECKS: tuple[Check, ...] = (
    _environment,
    _database,
    _redis,
    _secret_key,
    _base_url,
    _sender,
    _numbers,
    _log_format,
)
