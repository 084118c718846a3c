"""gettext callables that follow the request's locale.

The locale lives in a ContextVar set once per request, so concurrent requests never
share one environment's translations, and Python code (form errors) and templates
translate the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

from inclusion.i18n.locales import DEFAULT_LOCALE, SiteLocale, site_locale
from inclusion.settings import PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


@cache
def translations_for(code: str, locales_dir: Path = LOCALES_DIR) -> NullTranslations:
    """A locale's catalogue, read from its .po file.

    Compiling in memory once per process means no .mo file can be missing or older
    than its .po; fuzzy entries are left out, as `pybabel compile` would.
    """
    if code == DEFAULT_LOCALE:
        return NullTranslations()
    with (locales_dir / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    compiled = BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


def current_locale() -> SiteLocale:
    return site_locale(_current.get())


@contextmanager
def use_locale(code: str) -> Iterator[None]:
    token = _current.set(site_locale(code).code)
    try:
        yield
    finally:
        _current.reset(token)


def set_locale(code: str) -> None:
    """Set the locale for the rest of this request's context (used by the middleware)."""
    _current.set(site_locale(code).code)


def _active() -> NullTranslations:
    return translations_for(_current.get())


def gettext(message: str, **variables: object) -> str:
    text = _active().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = _active().ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def pgettext(context: str, message: str, **variables: object) -> str:
    text = _active().pgettext(context, message)
    return text % variables if variables else text


def lazy_gettext(message: str, **variables: object) -> LazyProxy:
    """For module-level strings: translated when used, in the locale of that moment."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


def install_in(environment) -> None:
    """Give a Jinja environment (with jinja2.ext.i18n) the request-following callables.

    Jinja's newstyle wrappers do the %-formatting and escaping themselves, so they get
    the plain lookups.
    """
    environment.install_gettext_callables(
        gettext=lambda message: _active().gettext(message),
        ngettext=lambda singular, plural, n: _active().ngettext(singular, plural, n),
        pgettext=lambda context, message: _active().pgettext(context, message),
        npgettext=lambda context, singular, plural, n: _active().npgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
