"""The languages the service ships, named in their own language."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale


@dataclass(frozen=True)
class SiteLocale:
    code: str  # as in locales/<code>/ and Babel: zh_Hans
    tag: str  # as in HTML lang and ?lang=: zh-Hans
    native_name: str
    rtl: bool = False
    # Until a native speaker has reviewed a translation, the switcher says so.
    reviewed: bool = False

    @property
    def babel(self) -> Locale:
        return Locale.parse(self.code)


DEFAULT_LOCALE = "en"

SITE_LOCALES: tuple[SiteLocale, ...] = (
    SiteLocale("en", "en", "English", reviewed=True),
    SiteLocale("pl", "pl", "Polski"),
    SiteLocale("ro", "ro", "Română"),
    SiteLocale("uk", "uk", "Українська"),
    SiteLocale("ar", "ar", "العربية", rtl=True),
    SiteLocale("zh_Hans", "zh-Hans", "简体中文"),
)

_BY_KEY = {key.lower(): site for site in SITE_LOCALES for key in (site.code, site.tag)}


def site_locale(code: str) -> SiteLocale:
    return _BY_KEY[code.lower()]


def find_site_locale(value: str | None) -> SiteLocale | None:
    """The shipped locale a `?lang=` value, cookie or language tag names, if any."""
    if not value:
        return None
    value = value.strip().replace("_", "-").lower()
    if value in _BY_KEY or value.replace("-", "_") in _BY_KEY:
        return _BY_KEY.get(value) or _BY_KEY[value.replace("-", "_")]
    primary, _, rest = value.partition("-")
    if primary == "zh":
        # Simplified Chinese is what mainland China and Singapore use; a Traditional
        # Chinese reader is better served by English than by the other script.
        traditional = rest.startswith(("hant", "tw", "hk", "mo"))
        return None if traditional else _BY_KEY["zh_hans"]
    return _BY_KEY.get(primary)
