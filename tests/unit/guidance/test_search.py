"""Searching guidance: every word must match; titles count for most."""

from __future__ import annotations

from pathlib import Path

from inclusion.guidance.content import Library, library
from inclusion.guidance.search import search, search_terms
from tests.unit.guidance.test_content import FRONT, write


def test_terms_are_words_in_any_script_and_capped():
    assert search_terms("Scam TEXTS, a 7726!") == ["scam", "texts", "7726"]
    assert search_terms("诈骗 短信") == ["诈骗", "短信"]
    assert len(search_terms(" ".join(f"w{i}" for i in range(50)))) == 8
    assert search_terms("   ") == []


def test_the_real_guides_answer_real_questions():
    slugs = [hit.shown.page.slug for hit in search(library(), "7726", "en")]
    assert slugs and slugs[0] == "spotting-scams"
    assert search(library(), "zzzqqq", "en") == []


def test_title_matches_rank_first_and_every_word_must_match(tmp_path: Path):
    write(
        tmp_path,
        "en",
        "online-safety",
        "body",
        title="Other",
        text=FRONT.format(title="Other", order=1, due="2027-01-01") + "\nPasswords matter.\n",
    )
    write(tmp_path, "en", "online-safety", "title", title="Passwords", order=2)
    guides = Library.read(tmp_path)
    assert [h.shown.page.slug for h in search(guides, "passwords", "en")] == ["title", "body"]
    assert search(guides, "passwords cake", "en") == []


def test_a_language_without_its_own_page_searches_the_english_one(tmp_path: Path):
    write(tmp_path, "en", "online-safety", "scams", title="Scams")
    hits = search(Library.read(tmp_path), "scams", "uk")
    assert [h.shown.is_fallback for h in hits] == [True]
