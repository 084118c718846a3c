"""Searching guidance across sections, in the reader's language.

Few enough pages to search in memory. Every word asked for must appear somewhere in
the page; a match in the title counts for more than one in the summary or the body.
Words are matched as parts of words, which also works for languages written without
spaces, such as Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inclusion.guidance.content import Library, Shown
from inclusion.guidance.readability import plain_text

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
_TERM = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    shown: Shown
    score: int


def search_terms(query: str) -> list[str]:
    terms = _TERM.findall(query[:MAX_QUERY_LENGTH].casefold())
    # One-letter words (a, I) match everything in English but carry meaning in Chinese.
    return [t for t in terms if len(t) > 1 or not t.isascii()][:MAX_TERMS]


def search(library: Library, query: str, locale: str) -> list[Hit]:
    terms = search_terms(query)
    if not terms:
        return []
    hits = []
    for shown in library.shown_everywhere(locale):
        page = shown.page
        title, summary = page.title.casefold(), page.summary.casefold()
        body = plain_text(page.body).casefold()
        if all(term in title or term in summary or term in body for term in terms):
            score = sum(3 * (t in title) + 2 * (t in summary) + (t in body) for t in terms)
            hits.append(Hit(shown, score))
    return sorted(hits, key=lambda hit: -hit.score)
