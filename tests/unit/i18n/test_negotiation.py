"""How a request's language is chosen."""

from __future__ import annotations

import pytest

from inclusion.i18n.locales import find_site_locale
from inclusion.i18n.negotiation import negotiate, parse_accept_language


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pl", "pl"),
        ("PL", "pl"),
        ("zh-Hans", "zh_Hans"),
        ("zh_hans", "zh_Hans"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("uk-UA", "uk"),
        ("ar-SA", "ar"),
        ("en-GB", "en"),
    ],
)
def test_tags_map_to_shipped_locales(value, expected):
    assert find_site_locale(value).code == expected


@pytest.mark.parametrize("value", ["zh-TW", "zh-Hant", "fr", "xx", "", "../../etc", None])
def test_unshipped_or_junk_tags_map_to_nothing(value):
    assert find_site_locale(value) is None


def test_accept_language_is_ordered_by_quality():
    assert parse_accept_language("fr;q=0.9, pl, ar;q=0.5, *;q=0.1") == ["pl", "fr", "ar"]


def test_accept_language_survives_junk():
    assert parse_accept_language("pl;q=abc, ;;, ro") == ["ro"]


def test_query_beats_cookie_beats_header():
    assert negotiate("ar", "pl", "ro").code == "ar"
    assert negotiate(None, "pl", "ro").code == "pl"
    assert negotiate(None, None, "fr, ro;q=0.8").code == "ro"
    assert negotiate("klingon", "nonsense", "fr").code == "en"
