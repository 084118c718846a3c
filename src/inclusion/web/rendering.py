"""One handler, one template: the full page, or just its block for htmx."""

from __future__ import annotations

from typing import Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Request
from litestar.response import Template


def render_page(
    request: Request,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Template:
    """Render a page; an htmx request for a page with a `block` gets that block alone.

    htmx pushes the URL it asked for, so a fragment's address is the full page's too.
    """
    context = context or {}
    if block and getattr(request, "htmx", False):
        return HTMXBlockTemplate(
            template_name=template_name,
            block_name=block,
            context=context,
            status_code=status_code,
            push_url=str(request.url.path) + ("?" + request.url.query if request.url.query else ""),
        )
    return Template(template_name=template_name, context=context, status_code=status_code)
