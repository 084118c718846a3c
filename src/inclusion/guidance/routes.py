"""Guidance pages for residents: online safety, careers, why get online, and search.

Every page has a print view that staff can print in any language: no navigation, full
link addresses, large type (templates/guidance/print.html).
"""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlalchemy.orm import Session

from inclusion.guidance import queries
from inclusion.guidance.content import INDEX, GuidancePage, Shown, library
from inclusion.guidance.markdown import render_markdown
from inclusion.guidance.search import MAX_QUERY_LENGTH, search
from inclusion.i18n.translations import current_locale
from inclusion.insights.counters import counted, guidance_print, guidance_view
from inclusion.web.forms import field_text
from inclusion.web.rendering import render_page

ONLINE_SAFETY = "online-safety"
CAREERS = "careers"
WHY_GET_ONLINE = "why-get-online"
SECTION_ROUTES = {
    ONLINE_SAFETY: "guidance:online-safety",
    CAREERS: "guidance:careers",
    WHY_GET_ONLINE: "guidance:why-get-online",
}


def _shown(section: str, slug: str) -> Shown:
    shown = library().page(section, slug, current_locale().code)
    if shown is None:
        raise NotFoundException()
    return shown


def guide_url(request: Request, page: GuidancePage) -> str:
    if page.section == ONLINE_SAFETY:
        return request.app.route_reverse("guidance:safety-page", slug=page.slug)
    return request.app.route_reverse(SECTION_ROUTES[page.section])


def _page(request: Request, shown: Shown, **extra) -> Template:
    context = {
        "guide_url": lambda page: guide_url(request, page),
        "shown": shown,
        "page": shown.page,
        "body": render_markdown(shown.page.body),
        **extra,
    }
    response = render_page(request, "guidance/page.html", context)
    return counted(request, response, guidance_view(request.url.path))


def _print(request: Request, shown: Shown) -> Template:
    base_url = request.app.state.settings.base_url
    page_path = request.url.path.removesuffix("/print")
    context = {
        "shown": shown,
        "page": shown.page,
        "body": render_markdown(shown.page.body, base_url=base_url),
        "page_address": base_url + page_path,
        "base_url": base_url,
    }
    response = render_page(request, "guidance/print.html", context)
    return counted(request, response, guidance_print(page_path))


class GuidanceController(Controller):
    @get("/online-safety", name="guidance:online-safety")
    async def online_safety(self, request: Request) -> Template:
        guides = library().section(ONLINE_SAFETY, current_locale().code)
        response = render_page(
            request,
            "guidance/online_safety.html",
            {"guides": guides, "guide_url": lambda page: guide_url(request, page)},
        )
        return counted(request, response, guidance_view(request.url.path))

    @get("/online-safety/{slug:str}", name="guidance:safety-page")
    async def safety_page(self, request: Request, slug: str) -> Template:
        if slug == INDEX:
            raise NotFoundException()
        shown = _shown(ONLINE_SAFETY, slug)
        others = [
            g
            for g in library().section(ONLINE_SAFETY, shown.requested_locale)
            if g.page.slug != slug
        ]
        return _page(
            request,
            shown,
            print_url=request.app.route_reverse("guidance:safety-print", slug=slug),
            related=others,
        )

    @get("/online-safety/{slug:str}/print", name="guidance:safety-print")
    async def safety_print(self, request: Request, slug: str) -> Template:
        if slug == INDEX:
            raise NotFoundException()
        return _print(request, _shown(ONLINE_SAFETY, slug))

    @get("/careers", name="guidance:careers", sync_to_thread=True)
    def careers(self, request: Request, db_session: Session) -> Template:
        now = request.app.state.clock()
        sessions = queries.upcoming_career_sessions(db_session, now)
        return _page(
            request,
            _shown(CAREERS, INDEX),
            career_sessions=sessions,
            print_url=request.app.route_reverse("guidance:careers-print"),
        )

    @get("/careers/print", name="guidance:careers-print")
    async def careers_print(self, request: Request) -> Template:
        return _print(request, _shown(CAREERS, INDEX))

    @get("/why-get-online", name="guidance:why-get-online")
    async def why_get_online(self, request: Request) -> Template:
        return _page(
            request,
            _shown(WHY_GET_ONLINE, INDEX),
            print_url=request.app.route_reverse("guidance:why-get-online-print"),
        )

    @get("/why-get-online/print", name="guidance:why-get-online-print")
    async def why_get_online_print(self, request: Request) -> Template:
        return _print(request, _shown(WHY_GET_ONLINE, INDEX))

    @get("/guidance/search", name="guidance:search")
    async def search_guidance(self, request: Request) -> Template:
        query = field_text(request.query_params, "q", MAX_QUERY_LENGTH)
        hits = search(library(), query, current_locale().code) if query else []
        return render_page(
            request,
            "guidance/search.html",
            {"query": query, "hits": hits, "guide_url": lambda page: guide_url(request, page)},
            block="results",
        )
