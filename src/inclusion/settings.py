"""One typed settings object, read from the environment.

Every setting has a safe default for a developer's machine, so `make run` needs no
configuration; production sets the `INCLUSION_*` variables (and `DATABASE_URL`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
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

    @classmethod
    def from_environment(cls) -> Settings:
        env = os.environ
        defaults = cls()
        return cls(
            database_url=env.get("DATABASE_URL", defaults.database_url),
            debug=_flag("INCLUSION_DEBUG", defaults.debug),
            https=_flag("INCLUSION_HTTPS", defaults.https),
            secret_key=env.get("INCLUSION_SECRET_KEY", defaults.secret_key),
            online_geocoder=env.get("INCLUSION_ONLINE_GEOCODER") or None,
            geocoder_timeout_seconds=float(
                env.get("INCLUSION_GEOCODER_TIMEOUT", defaults.geocoder_timeout_seconds)
            ),
        )
