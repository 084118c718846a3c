"""Template globals the base layout needs on every page."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import pass_context

from inclusion.i18n.locales import SITE_LOCALES, find_site_locale
from inclusion.i18n.translations import current_locale


@pass_context
def language_links(context) -> list[dict[str, object]]:
    """This page in each shipped language: the same path and query, with ?lang= set."""
    request = context["request"]
    current = current_locale()
    # The raw query string keeps the order the person's URL had.
    kept = [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != "lang"]
    links = []
    for site in SITE_LOCALES:
        query = urlencode([*kept, ("lang", site.tag)])
        links.append(
            {
                "tag": site.tag,
                "name": site.native_name,
                # Re-encode the path: a decoded one may hold characters unfit for HTML.
                "href": f"{quote(request.url.path, safe='/')}?{query}",
                "current": site.code == current.code,
            }
        )
    return links


def locale_name(code: str) -> str:
    """A language's name in itself, for "taught in"."""
    site = find_site_locale(code)
    return site.native_name if site else code


def install_layout_globals(environment) -> None:
    environment.globals["current_locale_name"] = locale_name
    environment.globals["language_links"] = language_links
    environment.globals["current_locale"] = current_locale
