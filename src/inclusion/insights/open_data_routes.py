"""The anonymised monthly impact data set at stable addresses, as CSV and JSON, and a
page that describes it, under the Open Government Licence v3.0.

Both files cover the same whole months and change at most when a new month ends or a
late record arrives, so each answer is kept for an hour: in this process, and by any
cache on the way (public, with an ETag to check it is still current). Partners' pages
may fetch them from another site (CORS).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from litestar import Controller, Request, Response, get
from litestar.response import Template
from litestar.status_codes import HTTP_304_NOT_MODIFIED
from sqlalchemy.orm import Session

from inclusion.i18n.formatting import LONDON
from inclusion.insights import open_data
from inclusion.insights.figures import impact_figures
from inclusion.insights.labels import measure_labels, month_long
from inclusion.insights.measures import MEASURES
from inclusion.insights.months import Window
from inclusion.web.rendering import render_page

KEPT_SECONDS = 3600
CSV_NAME = "impact-monthly.csv"
JSON_NAME = "impact-monthly.json"


@dataclass(frozen=True)
class Files:
    """The data set as both files, made at one moment."""

    made_for: tuple  # (first month, last month, the day and hour it was made in)
    csv: bytes
    json: bytes

    def etag(self, body: bytes) -> str:
        return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _window(request: Request) -> tuple[Window, datetime]:
    now = request.app.state.clock()
    return Window.complete_months(now, open_data.MONTHS), now


def _links(request: Request) -> dict[str, str]:
    base = request.app.state.settings.base_url
    return {
        "csv": base + request.app.route_reverse("open-data:impact-csv"),
        "json": base + request.app.route_reverse("open-data:impact-json"),
        "about": base + request.app.route_reverse("open-data:index"),
    }


def _files(request: Request, db_session: Session) -> Files:
    window, now = _window(request)
    local = now.astimezone(LONDON)
    made_for = (window.first, window.last, local.date(), local.hour)
    kept: Files | None = getattr(request.app.state, "open_data_files", None)
    if kept is not None and kept.made_for == made_for:
        return kept
    figures = impact_figures(db_session, window, now)
    rows = open_data.open_data_rows(figures)
    document = open_data.as_json(rows, figures, _links(request), local)
    files = Files(
        made_for,
        open_data.as_csv(rows).encode("utf-8"),
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    )
    request.app.state.open_data_files = files
    return files


def _file(request: Request, files: Files, body: bytes, media_type: str, name: str) -> Response:
    etag = files.etag(body)
    headers = {
        "Cache-Control": f"public, max-age={KEPT_SECONDS}",
        "ETag": etag,
        "Access-Control-Allow-Origin": "*",
        "Link": f'<{open_data.LICENCE_URL}>; rel="license"',
        "Content-Disposition": f'inline; filename="{name}"',
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(content=b"", status_code=HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)


class OpenDataController(Controller):
    path = "/open-data"

    @get("/", name="open-data:index", sync_to_thread=False)
    def index(self, request: Request) -> Template:
        window, now = _window(request)
        labels = measure_labels()
        return render_page(
            request,
            "insights/open_data.html",
            {
                "first_month": month_long(window.first),
                "last_month": month_long(window.last),
                "months": open_data.MONTHS,
                "licence_url": open_data.LICENCE_URL,
                "fields": open_data.FIELDS,
                "measures": [(m, labels[m.code], open_data.DEFINITIONS[m.code]) for m in MEASURES],
                "smallest": open_data.SMALLEST_SHOWN,
                "suppressed": open_data.SUPPRESSED,
            },
        )

    # The files hold no form: no CSRF cookie, which would stop caches from sharing them.
    @get(f"/{CSV_NAME}", name="open-data:impact-csv", sync_to_thread=True, exclude_from_csrf=True)
    def impact_csv(self, request: Request, db_session: Session) -> Response:
        files = _files(request, db_session)
        return _file(request, files, files.csv, "text/csv", CSV_NAME)

    @get(f"/{JSON_NAME}", name="open-data:impact-json", sync_to_thread=True, exclude_from_csrf=True)
    def impact_json(self, request: Request, db_session: Session) -> Response:
        files = _files(request, db_session)
        return _file(request, files, files.json, "application/json", JSON_NAME)
