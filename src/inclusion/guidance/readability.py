"""Flesch reading ease for English guidance, with a syllable count of our own.

The score is 206.835 - 1.015 × (words per sentence) - 84.6 × (syllables per word).
Pages for residents aim for a reading age of about 9 to 11, which is a score of 60 or
more. Syllables are counted as groups of vowels, less a silent final "e": close enough
to a dictionary count to rank pages, with no extra dependency.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n")
_URL = re.compile(r"https?://\S+|\S+@\S+\.\S+")


def count_syllables(word: str) -> int:
    word = word.lower().strip("'")
    count = len(_VOWEL_GROUP.findall(word))
    # A final "e" is mostly silent (make, phone), but not in "-le" (simple, table).
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def plain_text(markdown: str) -> str:
    """The words a reader sees: one line per paragraph, heading or list item."""
    lines = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline":
            text = "".join(
                child.content if child.type in ("text", "code_inline") else " "
                for child in token.children or []
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            lines.append(_URL.sub(" ", text))
    return "\n".join(lines)


def flesch_reading_ease(text: str) -> float:
    sentences = [part for part in _SENTENCE_END.split(text) if _WORD.search(part)]
    words = _WORD.findall(text)
    if not words:
        return 0.0
    syllables = sum(count_syllables(word) for word in words)
    return 206.835 - 1.015 * (len(words) / len(sentences)) - 84.6 * (syllables / len(words))
