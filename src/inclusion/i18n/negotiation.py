"""Choosing a request's language: ?lang=, then the cookie, then Accept-Language."""

from __future__ import annotations

from inclusion.i18n.locales import DEFAULT_LOCALE, SiteLocale, find_site_locale, site_locale

LANGUAGE_COOKIE = "lang"
MAX_ACCEPT_LANGUAGE_ENTRIES = 20


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags from an Accept-Language header, most preferred first."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:MAX_ACCEPT_LANGUAGE_ENTRIES]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(
    query_lang: str | None, cookie: str | None, accept_language: str | None
) -> SiteLocale:
    for candidate in (query_lang, cookie):
        found = find_site_locale(candidate)
        if found:
            return found
    for tag in parse_accept_language(accept_language):
        found = find_site_locale(tag)
        if found:
            return found
    return site_locale(DEFAULT_LOCALE)
