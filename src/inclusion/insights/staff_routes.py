"""The impact dashboard for officers and administrators: per strategy goal, the
figures that show progress, by month and by venue, with a CSV of what it shows.

The filter is a GET form, so a view can be bookmarked or sent to a colleague. A value
it does not know is reported in the error summary and the default used instead.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from litestar.response import Template
from sqlalchemy.orm import Session

from inclusion.i18n.formatting import LONDON
from inclusion.insights.dashboard import dashboard_sections
from inclusion.insights.exports import dashboard_csv, iso_month
from inclusion.insights.figures import ImpactFigures, all_venues, impact_figures
from inclusion.insights.forms import ImpactFilter, parse_filter
from inclusion.insights.labels import month_long, period_labels
from inclusion.insights.months import Window
from inclusion.staff.auth import now_for, role_required, staff_required
from inclusion.staff.models import Role
from inclusion.web.rendering import render_page


def _figures(request: Request, db_session: Session, impact_filter: ImpactFilter) -> ImpactFigures:
    now = now_for(request)
    window = Window.last_months(now, impact_filter.period)
    return impact_figures(db_session, window, now, impact_filter.venue_id)


def _page(
    request: Request, db_session: Session, impact_filter: ImpactFilter, status_code: int = 200
) -> Template:
    figures = _figures(request, db_session, impact_filter)
    months = figures.window.months
    return render_page(
        request,
        "staff/impact.html",
        {
            "filter": impact_filter,
            "errors": impact_filter.errors.summary,
            "field_errors": impact_filter.errors,
            "periods": period_labels(),
            "venues": all_venues(db_session),
            "sections": dashboard_sections(figures),
            "first_month": month_long(months[0]),
            "last_month": month_long(months[-1]),
            "download_query": impact_filter.query(),
        },
        status_code=status_code,
    )


class StaffImpactController(Controller):
    path = "/staff/impact"
    guards = [staff_required, role_required(Role.OFFICER, Role.ADMIN)]

    @get("/", name="staff:impact", sync_to_thread=True)
    def impact(self, request: Request, db_session: Session) -> Template:
        return _page(request, db_session, parse_filter(db_session, request.query_params))

    @get("/figures.csv", name="staff:impact-csv", sync_to_thread=True)
    def download(self, request: Request, db_session: Session) -> Response | Template:
        """The figures on the dashboard for the same filter; a filter with a mistake
        gets the dashboard back with the message, rather than a file of other figures."""
        impact_filter = parse_filter(db_session, request.query_params)
        if impact_filter.errors:
            return _page(request, db_session, impact_filter, status_code=400)
        figures = _figures(request, db_session, impact_filter)
        today = now_for(request).astimezone(LONDON).date()
        body = dashboard_csv(figures, dashboard_sections(figures), today)
        months = figures.window.months
        name = f"impact-{iso_month(months[0])}-to-{iso_month(months[-1])}"
        if impact_filter.venue_slug:
            name += f"-{impact_filter.venue_slug}"
        return Response(
            content=body,
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
