"""Every shipped locale is complete, and messages.pot matches the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from inclusion.i18n.locales import DEFAULT_LOCALE, SITE_LOCALES
from inclusion.settings import PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"
TRANSLATED = [site.code for site in SITE_LOCALES if site.code != DEFAULT_LOCALE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
KEYWORDS = ["-k", "_", "-k", "_l", "-k", "lazy_gettext", "-k", "pgettext:1c,2"]


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _keys(catalogue) -> set[tuple[str | None, str]]:
    return {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue
        if message.id
    }


def test_messages_pot_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            *KEYWORDS,
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    committed = _keys(_catalogue(LOCALES_DIR / "messages.pot"))
    extracted = _keys(_catalogue(fresh))
    assert extracted - committed == set(), "strings missing from messages.pot: run `make messages`"
    assert committed - extracted == set(), "stale strings in messages.pot: run `make messages`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated_and_none_is_fuzzy(code):
    catalogue = _catalogue(LOCALES_DIR / code / "LC_MESSAGES" / "messages.po")
    template = _catalogue(LOCALES_DIR / "messages.pot")
    assert _keys(catalogue) == _keys(template), f"{code} is out of step: run `make messages`"
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if len(ids) > 1 and len(strings) != catalogue.num_plurals:
            problems.append(f"wrong number of plural forms: {ids[0]!r}")
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if not string.strip():
                problems.append(f"untranslated: {ids[0]!r}")
                continue
            found = set(PLACEHOLDER.findall(string))
            # A plural form may leave the number out where grammar needs that ("one mile").
            if found != wanted and not (len(ids) > 1 and found == wanted - {"%(num)d"}):
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert not problems, f"{code}: " + "; ".join(problems)
