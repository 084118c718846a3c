"""Guidance pages: Markdown files with front matter, one per page per language.

A page lives at content/<locale>/<section>/<slug>.md; a section's own page is
index.md. English is complete; another language may lack a page, and then readers
get the English one with a notice in their own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from inclusion.i18n.locales import DEFAULT_LOCALE, SITE_LOCALES

CONTENT_DIR = Path(__file__).parent / "content"
SECTIONS = ("online-safety", "careers", "why-get-online")
GOALS = ("P1", "P2", "P3", "P4", "P5", "P6", "L1", "C4", "C5")
INDEX = "index"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
_REQUIRED = ("title", "summary", "goal", "last_reviewed", "review_due")


class ContentError(ValueError):
    """A content file a reader cannot be shown: named, with what is wrong."""


@dataclass(frozen=True)
class GuidancePage:
    locale: str
    section: str
    slug: str
    title: str
    summary: str
    goal: str
    last_reviewed: date
    review_due: date
    order: int
    body: str

    @property
    def is_section_page(self) -> bool:
        return self.slug == INDEX

    def past_review(self, today: date) -> bool:
        return self.review_due < today


@dataclass(frozen=True)
class Shown:
    """A page as one reader gets it: in their language, or English with a notice."""

    page: GuidancePage
    requested_locale: str

    @property
    def is_fallback(self) -> bool:
        return self.page.locale != self.requested_locale


def parse_page(path: Path, locale: str, section: str) -> GuidancePage:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    if not match:
        raise ContentError(f"{path}: no front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: front matter is not valid YAML: {error}") from error
    missing = [key for key in _REQUIRED if not meta.get(key)]
    if missing:
        raise ContentError(f"{path}: missing {', '.join(missing)}")
    if meta["goal"] not in GOALS:
        raise ContentError(f"{path}: goal {meta['goal']!r} is not one of {', '.join(GOALS)}")
    for key in ("last_reviewed", "review_due"):
        if not isinstance(meta[key], date):
            raise ContentError(f"{path}: {key} must be a date like 2026-11-20")
    if meta["review_due"] < meta["last_reviewed"]:
        raise ContentError(f"{path}: review_due is before last_reviewed")
    return GuidancePage(
        locale=locale,
        section=section,
        slug=path.stem,
        title=str(meta["title"]).strip(),
        summary=str(meta["summary"]).strip(),
        goal=meta["goal"],
        last_reviewed=meta["last_reviewed"],
        review_due=meta["review_due"],
        order=int(meta.get("order", 0)),
        body=match.group(2).strip() + "\n",
    )


class Library:
    """Every page in every language, read once and checked as a whole."""

    def __init__(self, pages: list[GuidancePage]) -> None:
        self._pages = {(p.locale, p.section, p.slug): p for p in pages}

    @classmethod
    def read(cls, content_dir: Path) -> Library:
        shipped = {site.code for site in SITE_LOCALES}
        pages = []
        for path in sorted(content_dir.glob("*/*/*.md")):
            locale, section = path.parent.parent.name, path.parent.name
            if locale not in shipped:
                raise ContentError(f"{path}: {locale!r} is not a language the site ships")
            if section not in SECTIONS:
                raise ContentError(f"{path}: {section!r} is not a guidance section")
            pages.append(parse_page(path, locale, section))
        library = cls(pages)
        orphans = [p for p in pages if (DEFAULT_LOCALE, p.section, p.slug) not in library._pages]
        if orphans:
            raise ContentError(
                f"{orphans[0].locale}/{orphans[0].section}/{orphans[0].slug}: "
                "no English page of that name"
            )
        return library

    def pages(self, locale: str | None = None) -> list[GuidancePage]:
        chosen = [p for p in self._pages.values() if locale in (None, p.locale)]
        return sorted(chosen, key=lambda p: (p.locale, SECTIONS.index(p.section), p.order))

    def page(self, section: str, slug: str, locale: str) -> Shown | None:
        page = self._pages.get((locale, section, slug)) or self._pages.get(
            (DEFAULT_LOCALE, section, slug)
        )
        return Shown(page, locale) if page else None

    def section(self, section: str, locale: str) -> list[Shown]:
        """A section's pages, but not its own index page, in their order."""
        english = [
            p for p in self.pages(DEFAULT_LOCALE) if p.section == section and not p.is_section_page
        ]
        return [self.page(section, p.slug, locale) for p in english]

    def shown_everywhere(self, locale: str) -> list[Shown]:
        return [self.page(p.section, p.slug, locale) for p in self.pages(DEFAULT_LOCALE)]

    def past_review(self, today: date) -> list[GuidancePage]:
        """Pages in any language whose review date has passed, the most overdue first."""
        due = [p for p in self.pages() if p.past_review(today)]
        return sorted(due, key=lambda p: (p.review_due, p.locale, p.section, p.slug))

    def missing_translations(self) -> dict[str, list[GuidancePage]]:
        """English pages with no page of their own in each other language."""
        english = self.pages(DEFAULT_LOCALE)
        return {
            site.code: [p for p in english if (site.code, p.section, p.slug) not in self._pages]
            for site in SITE_LOCALES
            if site.code != DEFAULT_LOCALE
        }


@lru_cache(maxsize=4)
def library(content_dir: Path = CONTENT_DIR) -> Library:
    return Library.read(content_dir)
