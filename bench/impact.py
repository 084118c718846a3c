"""Benchmark of the impact dashboard and the open data on a generated year, on SQLite.

A temporary SQLite file gets the demo venues and a realistic year of records from
tests/factories/impact.py (about nine sessions a month at each of four venues with
their bookings, loans, data SIMs, feedback and a daily count for every day), then the
app answers in-process, as in the tests:

- /staff/impact for the last 12 and 24 months, for all venues and for one;
- the dashboard's CSV download;
- the open data JSON, the first time (worked out) and again (kept for the hour).

Each is fetched once to warm up and then `--repeat` times; the median and the slowest
are printed in milliseconds. Run it with `.venv/bin/python bench/impact.py`; `--times 4`
makes the year four times as busy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# `tests` (the factories) is imported from the repository.
sys.path.insert(0, str(REPOSITORY))

from litestar.testing import TestClient  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from tests.conftest import WEDNESDAY_MORNING  # noqa: E402
from tests.factories.impact import REALISTIC, generate_year  # noqa: E402
from tests.factories.staff import make_staff, sign_in  # noqa: E402

from inclusion.app import create_app  # noqa: E402
from inclusion.db import migrate  # noqa: E402
from inclusion.db.engine import Database  # noqa: E402
from inclusion.feedback.models import FeedbackItem  # noqa: E402
from inclusion.insights.models import DailyCount  # noqa: E402
from inclusion.loans.models import LoanRequest  # noqa: E402
from inclusion.places.demo import load_demo  # noqa: E402
from inclusion.sessions.models import Booking, SkillSession  # noqa: E402
from inclusion.settings import Settings  # noqa: E402

NOW = WEDNESDAY_MORNING
PAGES = (
    ("dashboard, 12 months", "/staff/impact"),
    ("dashboard, 24 months", "/staff/impact?period=24"),
    ("dashboard, one venue", "/staff/impact?venue=wallsend-library"),
    ("dashboard CSV, 12 months", "/staff/impact/figures.csv"),
)


class FormClient:
    """The test client as the sign-in helper expects it: forms with their CSRF token."""

    def __init__(self, client: TestClient):
        self.client = client

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict):
        if "csrftoken" not in self.client.cookies:
            self.client.get("/staff/sign-in")
        fields = {**data, "_csrf_token": self.client.cookies["csrftoken"]}
        return self.client.post(url, data=fields, follow_redirects=False)


def timed(client: FormClient, url: str, repeat: int) -> list[float]:
    assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return timings


def report(name: str, timings: list[float]) -> None:
    print(f"  {name:<32} median {statistics.median(timings):6.0f} ms   max {max(timings):6.0f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed fetches of each page")
    parser.add_argument(
        "--times", type=int, default=1, help="multiply sessions, loans and feedback by this"
    )
    args = parser.parse_args(argv)
    scale = replace(
        REALISTIC,
        sessions=REALISTIC.sessions * args.times,
        loans=REALISTIC.loans * args.times,
        sims=REALISTIC.sims * args.times,
        feedback=REALISTIC.feedback * args.times,
    )
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/impact.sqlite3"
        migrate.upgrade(url)
        db = Database.from_url(url)
        settings = replace(
            Settings.from_environment(), database_url=url, session_dir=None, redis_url=None
        )
        started = time.perf_counter()
        with db.session() as session:
            load_demo(session)
            generate_year(session, NOW, scale)
            officer = make_staff(session, settings.secret_key, NOW, "officer")
        print(f"generated a year in {time.perf_counter() - started:.1f} s:")
        with db.session() as session:
            for model in (SkillSession, Booking, LoanRequest, FeedbackItem, DailyCount):
                rows = session.scalar(select(func.count()).select_from(model))
                print(f"  {model.__tablename__:<16} {rows:>7,} rows")
        app = create_app(settings, db=db)
        app.state.clock = lambda: NOW
        print(f"SQLite, {args.repeat} timed fetches each:")
        with TestClient(app=app) as test_client:
            client = FormClient(test_client)
            sign_in(client, officer, NOW)
            for name, page in PAGES:
                report(name, timed(client, page, args.repeat))
            started = time.perf_counter()
            assert client.get("/open-data/impact-monthly.json").status_code == 200
            report("open data JSON, worked out", [(time.perf_counter() - started) * 1000])
            report("open data JSON, kept", timed(client, "/open-data/impact-monthly.json", 5))
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
