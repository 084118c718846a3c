"""Guidance Markdown to HTML in GOV.UK typography.

Content files are written by staff, not residents, but raw HTML is still off: a page
can only use what the design system styles. The first heading level in a body is h2,
because the page title is the h1.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_CLASSES = {
    "heading_open": {"h2": "govuk-heading-m", "h3": "govuk-heading-s", "h4": "govuk-heading-s"},
    "paragraph_open": {"p": "govuk-body"},
    "bullet_list_open": {"ul": "govuk-list govuk-list--bullet"},
    "ordered_list_open": {"ol": "govuk-list govuk-list--number"},
    "link_open": {"a": "govuk-link"},
    "blockquote_open": {"blockquote": "govuk-inset-text"},
}


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.disable(["image", "code", "fence", "html_block", "html_inline"])
    return parser


_PARSER = _parser()


def render_markdown(source: str, *, base_url: str = "") -> Markup:
    """HTML for a page body. With `base_url`, links to our own pages become full URLs,
    so a printed handout shows an address a reader can type."""
    tokens = _PARSER.parse(source)
    for token in _walk(tokens):
        css = _CLASSES.get(token.type, {}).get(token.tag)
        if css:
            token.attrSet("class", css)
        if token.type == "heading_open" and token.tag == "h1":
            # The page's title is its only h1.
            token.tag = "h2"
            token.attrSet("class", _CLASSES["heading_open"]["h2"])
        if token.type == "heading_close" and token.tag == "h1":
            token.tag = "h2"
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            if base_url and href.startswith("/") and not href.startswith("//"):
                token.attrSet("href", base_url.rstrip("/") + href)
    return Markup(_PARSER.renderer.render(tokens, _PARSER.options, {}))


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)
