"""Reading ease: the syllable count, the score, and the bar every English page meets."""

from __future__ import annotations

import pytest

from inclusion.guidance.content import library
from inclusion.guidance.readability import count_syllables, flesch_reading_ease, plain_text

# Residents read these pages on a phone, often in a second language: a score of 60 or
# more is plain English, a reading age of about 9 to 11.
LOWEST_SCORE = 60


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("phone", 1),
        ("make", 1),
        ("simple", 2),
        ("password", 2),
        ("banking", 2),
        ("computer", 3),
        ("verification", 5),
        ("I", 1),
        ("free", 1),
    ],
)
def test_syllables(word, syllables):
    assert count_syllables(word) == syllables


def test_short_plain_sentences_score_high_and_long_latinate_ones_low():
    plain = "The cat sat on the mat. It was a warm day. We had tea."
    dense = (
        "Organisational authentication infrastructure necessitates comprehensive "
        "consideration of interoperability requirements and administrative responsibilities."
    )
    assert flesch_reading_ease(plain) > 100
    assert flesch_reading_ease(dense) < 0


def test_plain_text_drops_markdown_and_addresses():
    text = plain_text("## Help\n\nEmail [us](mailto:a@b.org) or see https://example.org now.")
    assert text.splitlines() == ["Help", "Email us or see   now."]


@pytest.mark.parametrize("page", library().pages("en"), ids=lambda p: f"{p.section}/{p.slug}")
def test_every_english_page_is_easy_to_read(page):
    score = flesch_reading_ease(plain_text(page.summary + "\n\n" + page.body))
    assert score >= LOWEST_SCORE, f"{page.section}/{page.slug} scores {score:.1f}"
