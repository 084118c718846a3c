"""Pages with no form and no data of their own."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from inclusion.places.towns import ALL_TOWNS
from inclusion.web.rendering import render_page


class PagesController(Controller):
    @get("/", name="pages:home")
    async def home(self, request: Request) -> Template:
        return render_page(request, "pages/home.html", {"towns": ALL_TOWNS})

    @get("/accessibility", name="pages:accessibility")
    async def accessibility(self, request: Request) -> Template:
        return render_page(request, "pages/accessibility.html")

    @get("/privacy", name="pages:privacy")
    async def privacy(self, request: Request) -> Template:
        return render_page(request, "pages/privacy.html")
