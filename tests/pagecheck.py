"""Checks every page a test fetches must pass, whatever the test is about."""

from __future__ import annotations

from collections import Counter

import html5lib
from html5lib.html5parser import ParseError


def _error_prefixes() -> tuple[str, ...]:
    """ "Error: " in every shipped language, as the base layout puts it before a title."""
    from inclusion.i18n.locales import SITE_LOCALES
    from inclusion.i18n.translations import gettext, use_locale

    prefixes = []
    for site in SITE_LOCALES:
        with use_locale(site.code):
            prefixes.append(gettext("Error:") + " ")
    return tuple(prefixes)


ERROR_PREFIXES = _error_prefixes()


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _parse(html: str, fragment: bool = False):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parseFragment(html) if fragment else parser.parse(html)
    except ParseError as error:
        line, column = parser.errors[0][0] if parser.errors else ("?", "?")
        raise AssertionError(f"HTML does not parse at {line}:{column}: {error}") from error


def _check_ids_and_forms(document) -> None:
    ids = Counter(element.get("id") for element in document.iter() if element.get("id"))
    duplicated = [value for value, count in ids.items() if count > 1]
    assert not duplicated, f"ids used more than once: {duplicated}"

    for form in document.iter("form"):
        assert form.get("action"), "a form has no action"
        if (form.get("method") or "get").lower() == "post":
            names = {field.get("name") for field in form.iter("input")}
            assert "_csrf_token" in names, f"POST form to {form.get('action')} has no CSRF token"


def check_fragment(html: str) -> None:
    """An htmx fragment: it parses, its ids are unique and its forms are sound."""
    _check_ids_and_forms(_parse(html, fragment=True))


def check_page(html: str) -> None:
    """HTML parses; one h1; the title starts with it; ids are unique; forms are sound."""
    document = _parse(html)

    headings = document.findall(".//h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    heading = _text(headings[0])
    title = _text(document.find(".//title"))
    for prefix in ERROR_PREFIXES:
        title = title.removeprefix(prefix)
    assert title.startswith(heading), f"title {title!r} does not start with h1 {heading!r}"
    _check_ids_and_forms(document)
