"""One typed settings object, read from the environment.

Every setting has a safe default for a developer's machine, so `make run` needs no
configuration; production sets `INCLUSION_ENV=production` and the `INCLUSION_*`
variables (and `DATABASE_URL`, `REDIS_URL`), which config_check.py then validates.
A value that is not a number where one is needed is reported here, every such
variable at once, as InvalidSettings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class InvalidSettings(ValueError):
    """Variables whose values could not be read; one sentence each in `problems`."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    # "development" (the default) or "production", where config_check.py insists on
    # PostgreSQL, Redis, a real secret key, an https address and a real sender.
    environment: str = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'inclusion.sqlite3'}"
    debug: bool = False
    # Behind a TLS-terminating proxy the app sees plain HTTP; this says the public
    # site is HTTPS, so HSTS and Secure cookies are sent.
    https: bool = False
    secret_key: str = "development-only-secret-change-me-0123456789"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    locales_dir: Path = PROJECT_ROOT / "locales"
    # Online geocoding sends a resident's postcode to a third party, so it is off
    # unless the council turns it on; the offline postcode table always comes first.
    online_geocoder: str | None = None
    geocoder_timeout_seconds: float = 3.0
    geocoder_user_agent: str = "get-online-north-tyneside"
    # Shared state for several instances: sessions and rate limits. Without it they
    # live in this process (or a file), which suits one instance only.
    redis_url: str | None = None
    # Every key this service writes to Redis starts with this, so one Redis can serve
    # several environments (or test runs) without their keys meeting.
    redis_prefix: str = "inclusion"
    # Without Redis, staff sessions are kept in files here (None: in memory only).
    session_dir: Path | None = PROJECT_ROOT / "var" / "sessions"
    # The public address, for links in emails and set-up links printed by the CLI.
    base_url: str = "http://127.0.0.1:8000"
    # Notifications: "log" writes messages to the log only (the default, so nothing
    # leaves a developer's machine); "smtp" and "notify" (GOV.UK Notify) send them.
    notify_sender: str = "log"
    mail_from: str = "getonline@northtyneside.gov.uk"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    notify_api_key: str | None = None
    notify_email_template_id: str | None = None
    notify_sms_template_id: str | None = None
    # Under `make run` the outbox worker runs inside the web process; production runs
    # `inclusion worker` separately and turns this off.
    run_worker_in_app: bool = False
    # Form posts allowed from one address a minute, counted across instances.
    form_posts_per_minute: int = 120
    # Bookings one address may make in an hour: a class at the library's public
    # computers fits; a script filling every session does not.
    bookings_per_address_per_hour: int = 30
    # Personal details on bookings are anonymised this long after the session.
    booking_retention_days: int = 365
    # Personal details on loan requests are anonymised this long after they end.
    loan_retention_days: int = 365
    # Feedback and problem reports one address may send in an hour (the per-minute
    # ceiling on every form post applies as well).
    feedback_per_address_per_hour: int = 10
    # Contact details on feedback are deleted this many months after it is closed.
    feedback_retention_months: int = 24
    # The social tariffs the cheaper-internet checker shows; staff may point this at
    # their own reviewed copy (a broken one is logged, and the packaged file used).
    tariffs_file: Path = Path(__file__).parent / "guidance" / "data" / "social-tariffs.yaml"
    # "json" writes one JSON object a log line, with the request id, for a log
    # collector; "text" suits a developer's terminal.
    log_format: str = "text"
    # When set, /metrics answers only a request with "Authorization: Bearer <token>".
    metrics_token: str | None = None
    # Processes `inclusion serve` starts (uvicorn workers), each with its own pool of
    # database connections.
    web_workers: int = 1

    @classmethod
    def from_environment(cls) -> Settings:
        env = os.environ
        defaults = cls()
        problems: list[str] = []

        def number(name: str, default, kind: type = int):
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                return kind(raw)
            except ValueError:
                wanted = "a whole number" if kind is int else "a number"
                problems.append(f"{name} must be {wanted}, not {raw!r}.")
                return default

        settings = cls(
            environment=env.get("INCLUSION_ENV", defaults.environment).strip().lower(),
            database_url=env.get("DATABASE_URL", defaults.database_url),
            debug=_flag("INCLUSION_DEBUG", defaults.debug),
            https=_flag("INCLUSION_HTTPS", defaults.https),
            secret_key=env.get("INCLUSION_SECRET_KEY", defaults.secret_key),
            online_geocoder=env.get("INCLUSION_ONLINE_GEOCODER") or None,
            geocoder_timeout_seconds=number(
                "INCLUSION_GEOCODER_TIMEOUT", defaults.geocoder_timeout_seconds, float
            ),
            redis_url=env.get("REDIS_URL") or None,
            redis_prefix=env.get("INCLUSION_REDIS_PREFIX", defaults.redis_prefix),
            session_dir=Path(env["INCLUSION_SESSION_DIR"])
            if env.get("INCLUSION_SESSION_DIR")
            else defaults.session_dir,
            base_url=env.get("INCLUSION_BASE_URL", defaults.base_url).rstrip("/"),
            notify_sender=env.get("INCLUSION_NOTIFY_SENDER", defaults.notify_sender),
            mail_from=env.get("INCLUSION_MAIL_FROM", defaults.mail_from),
            smtp_host=env.get("INCLUSION_SMTP_HOST", defaults.smtp_host),
            smtp_port=number("INCLUSION_SMTP_PORT", defaults.smtp_port),
            smtp_username=env.get("INCLUSION_SMTP_USERNAME") or None,
            smtp_password=env.get("INCLUSION_SMTP_PASSWORD") or None,
            smtp_starttls=_flag("INCLUSION_SMTP_STARTTLS", defaults.smtp_starttls),
            notify_api_key=env.get("INCLUSION_NOTIFY_API_KEY") or None,
            notify_email_template_id=env.get("INCLUSION_NOTIFY_EMAIL_TEMPLATE_ID") or None,
            notify_sms_template_id=env.get("INCLUSION_NOTIFY_SMS_TEMPLATE_ID") or None,
            run_worker_in_app=_flag("INCLUSION_RUN_WORKER_IN_APP", defaults.run_worker_in_app),
            form_posts_per_minute=number(
                "INCLUSION_FORM_POSTS_PER_MINUTE", defaults.form_posts_per_minute
            ),
            bookings_per_address_per_hour=number(
                "INCLUSION_BOOKINGS_PER_ADDRESS_PER_HOUR", defaults.bookings_per_address_per_hour
            ),
            booking_retention_days=number(
                "INCLUSION_BOOKING_RETENTION_DAYS", defaults.booking_retention_days
            ),
            loan_retention_days=number(
                "INCLUSION_LOAN_RETENTION_DAYS", defaults.loan_retention_days
            ),
            feedback_per_address_per_hour=number(
                "INCLUSION_FEEDBACK_PER_ADDRESS_PER_HOUR", defaults.feedback_per_address_per_hour
            ),
            feedback_retention_months=number(
                "INCLUSION_FEEDBACK_RETENTION_MONTHS", defaults.feedback_retention_months
            ),
            tariffs_file=Path(env["INCLUSION_TARIFFS_FILE"])
            if env.get("INCLUSION_TARIFFS_FILE")
            else defaults.tariffs_file,
            log_format=env.get("INCLUSION_LOG_FORMAT", defaults.log_format).strip().lower(),
            metrics_token=env.get("INCLUSION_METRICS_TOKEN") or None,
            web_workers=number("INCLUSION_WEB_WORKERS", defaults.web_workers),
        )
        if problems:
            raise InvalidSettings(problems)
        return settings
