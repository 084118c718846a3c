"""Guidance in the back office: pages past their review date, translations, handouts."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Template

from inclusion.guidance.content import library
from inclusion.i18n.locales import DEFAULT_LOCALE, SITE_LOCALES
from inclusion.staff.auth import staff_required
from inclusion.web.rendering import render_page


class StaffGuidanceController(Controller):
    path = "/staff/guidance"
    guards = [staff_required]

    @get("/", name="staff:guidance")
    async def overview(self, request: Request) -> Template:
        today = request.app.state.clock().date()
        guides = library()
        english = guides.pages(DEFAULT_LOCALE)
        translated = {
            (p.locale, p.section, p.slug) for p in guides.pages() if p.locale != DEFAULT_LOCALE
        }
        return render_page(
            request,
            "staff/guidance.html",
            {
                "today": today,
                "past_review": guides.past_review(today),
                "english": english,
                "translated": translated,
                "locales": SITE_LOCALES,
                "print_urls": {f"{p.section}/{p.slug}": _print_url(request, p) for p in english},
            },
        )


def _print_url(request: Request, page) -> str:
    if page.section == "online-safety":
        return request.app.route_reverse("guidance:safety-print", slug=page.slug)
    return request.app.route_reverse(f"guidance:{page.section}-print")
