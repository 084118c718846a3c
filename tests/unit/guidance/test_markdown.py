"""Markdown to GOV.UK typography, with no raw HTML getting through."""

from __future__ import annotations

from inclusion.guidance.markdown import render_markdown


def test_elements_get_gov_uk_classes():
    html = render_markdown(
        "## Heading\n\nText with [a link](https://example.org).\n\n- one\n- two\n\n1. first\n"
    )
    assert '<h2 class="govuk-heading-m">Heading</h2>' in html
    assert '<p class="govuk-body">' in html
    assert '<a href="https://example.org" class="govuk-link">a link</a>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html


def test_a_level_one_heading_becomes_level_two_because_the_title_is_the_h1():
    html = render_markdown("# Not the title\n")
    assert "<h1" not in html
    assert '<h2 class="govuk-heading-m">Not the title</h2>' in html


def test_raw_html_and_images_are_shown_as_text_not_run():
    html = render_markdown(
        "<script>alert(1)</script>\n\n![x](https://example.org/x.png)\n\n[x](javascript:alert(1))"
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_links_to_our_own_pages_become_full_addresses_for_print():
    source = "[Borrow](/devices) and [email](mailto:a@example.org) and [x](https://x.org)"
    html = render_markdown(source, base_url="https://getonline.example/")
    assert 'href="https://getonline.example/devices"' in html
    assert 'href="mailto:a@example.org"' in html
    assert 'href="https://x.org"' in html
    assert 'href="/devices"' in render_markdown(source)
