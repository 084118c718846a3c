"""The content files: front matter rules, English fallback, review dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inclusion.guidance.content import (
    CONTENT_DIR,
    SECTIONS,
    ContentError,
    Library,
    library,
)
from inclusion.i18n.locales import SITE_LOCALES

FRONT = """---
title: {title}
summary: A short summary.
goal: P4
order: {order}
last_reviewed: 2026-01-10
review_due: {due}
---

Some **body** text.
"""


def write(
    root: Path,
    locale: str,
    section: str,
    slug: str,
    *,
    title="A page",
    order=1,
    due="2026-07-10",
    text=None,
) -> Path:
    path = root / locale / section / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or FRONT.format(title=title, order=order, due=due), encoding="utf-8")
    return path


def test_the_shipped_content_reads_without_errors():
    guides = Library.read(CONTENT_DIR)
    english = guides.pages("en")
    assert len([p for p in english if p.section == "online-safety"]) >= 8
    assert {p.section for p in english} == set(SECTIONS)


@pytest.mark.parametrize("site", SITE_LOCALES, ids=lambda s: s.code)
def test_every_english_page_is_shown_in_every_language(site):
    guides = library()
    for page in guides.pages("en"):
        shown = guides.page(page.section, page.slug, site.code)
        assert shown is not None
        assert shown.page.title and shown.page.summary and shown.page.review_due
        # Either a translation of its own, or English with the fallback notice.
        assert shown.is_fallback == (shown.page.locale != site.code)
        assert shown.page.locale in (site.code, "en")


def test_a_missing_translation_falls_back_to_english(tmp_path):
    write(tmp_path, "en", "online-safety", "scams", title="Scams")
    write(tmp_path, "en", "online-safety", "passwords", title="Passwords", order=2)
    write(tmp_path, "pl", "online-safety", "scams", title="Oszustwa")
    guides = Library.read(tmp_path)
    assert guides.page("online-safety", "scams", "pl").page.title == "Oszustwa"
    assert not guides.page("online-safety", "scams", "pl").is_fallback
    passwords = guides.page("online-safety", "passwords", "pl")
    assert passwords.page.title == "Passwords" and passwords.is_fallback
    assert [s.page.slug for s in guides.section("online-safety", "pl")] == ["scams", "passwords"]
    assert [p.slug for p in guides.missing_translations()["pl"]] == ["passwords"]
    assert guides.page("online-safety", "nothing", "pl") is None


def test_pages_past_review_are_listed_most_overdue_first(tmp_path):
    write(tmp_path, "en", "online-safety", "late", due="2026-03-01")
    write(tmp_path, "en", "online-safety", "later", due="2026-05-01")
    write(tmp_path, "en", "online-safety", "fine", due="2027-01-01")
    write(tmp_path, "ar", "online-safety", "late", due="2026-04-01")
    due = Library.read(tmp_path).past_review(date(2026, 6, 1))
    assert [(p.locale, p.slug) for p in due] == [("en", "late"), ("ar", "late"), ("en", "later")]
    assert Library.read(tmp_path).past_review(date(2026, 3, 1)) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter", "no front matter"),
        ("---\ntitle: [unclosed\n---\nbody", "not valid YAML"),
        ("---\ntitle: T\nsummary: S\ngoal: P4\nlast_reviewed: 2026-01-01\n---\nx", "review_due"),
        (FRONT.format(title="T", order=1, due="2026-07-10").replace("P4", "Z9"), "goal"),
        (FRONT.format(title="T", order=1, due="soon"), "must be a date"),
        (FRONT.format(title="T", order=1, due="2025-01-01"), "before last_reviewed"),
    ],
)
def test_a_broken_file_is_named_with_what_is_wrong(tmp_path, text, problem):
    path = write(tmp_path, "en", "online-safety", "broken", text=text)
    with pytest.raises(ContentError, match=problem) as raised:
        Library.read(tmp_path)
    assert str(path) in str(raised.value)


def test_a_translation_needs_an_english_page_and_a_known_language_and_section(tmp_path):
    write(tmp_path, "en", "online-safety", "scams")
    write(tmp_path, "pl", "online-safety", "typo")
    with pytest.raises(ContentError, match="no English page"):
        Library.read(tmp_path)
    (tmp_path / "pl" / "online-safety" / "typo.md").unlink()
    write(tmp_path, "fr", "online-safety", "scams")
    with pytest.raises(ContentError, match="not a language"):
        Library.read(tmp_path)
    (tmp_path / "fr" / "online-safety" / "scams.md").unlink()
    write(tmp_path, "en", "recipes", "cake")
    with pytest.raises(ContentError, match="not a guidance section"):
        Library.read(tmp_path)
