"""Anonymous daily counts kept in `daily_counts`: finder searches (and those with no
place nearby), guidance page views and prints, and cheaper-internet checks completed.

A count is a day, a metric, a key (a page's path, or "") and a number: never a
postcode, an address, a time of day or an answer someone gave.

`record` adds one to a (day, metric, key) row in a single INSERT ... ON CONFLICT DO
UPDATE statement, which both engines run atomically: two requests counting the same
row at the same moment both land, and neither fails on the primary key.

Pages count after their response has gone (`counted`), in a unit of work of their
own: a count never slows a page down, and a count that fails (a locked SQLite file,
a database restart) is logged and lost rather than turning a page into an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from litestar import Request, Response
from litestar.background_tasks import BackgroundTask
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from inclusion.db.engine import Database
from inclusion.i18n.formatting import LONDON
from inclusion.insights.models import DailyCount

log = logging.getLogger(__name__)

FINDER_SEARCH = "finder_search"
FINDER_NO_RESULT_NEARBY = "finder_no_result_nearby"
GUIDANCE_VIEW = "guidance_view"
GUIDANCE_PRINT = "guidance_print"
TARIFF_CHECK = "tariff_check_completed"
METRICS = (FINDER_SEARCH, FINDER_NO_RESULT_NEARBY, GUIDANCE_VIEW, GUIDANCE_PRINT, TARIFF_CHECK)
# A finder search has "no place nearby" when nothing it found is this close.
NEARBY_MILES = 2.0

METRIC_LENGTH = DailyCount.__table__.c.metric.type.length
KEY_LENGTH = DailyCount.__table__.c.key.type.length
INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}

Event = tuple[str, str]  # (metric, key)
R = TypeVar("R", bound=Response)


def record(session: Session, metric: str, key: str, day: date) -> None:
    """Count one `metric` event for `key` (a page's path, or "") on `day`."""
    insert = INSERTS[session.get_bind().dialect.name]
    statement = insert(DailyCount).values(
        day=day, metric=metric[:METRIC_LENGTH], key=key[:KEY_LENGTH], count=1
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[DailyCount.day, DailyCount.metric, DailyCount.key],
            set_={"count": DailyCount.count + 1},
        )
    )


def record_all(db: Database, events: Iterable[Event], day: date) -> None:
    """Count events in a unit of work of their own; never raises."""
    events = list(events)
    try:
        with db.session(write=True) as session:
            for metric, key in events:
                record(session, metric, key, day)
    except Exception:  # noqa: BLE001 - a lost count must never become an error page
        log.exception("Could not count %s", [metric for metric, _ in events])


def counted(request: Request, response: R, events: list[Event]) -> R:
    """`response`, counting the events on today's London date once it has been sent."""
    if events:
        today = request.app.state.clock().astimezone(LONDON).date()
        response.background = BackgroundTask(record_all, request.app.state.db, events, today)
    return response


def finder_events(nearest_miles: float | None) -> list[Event]:
    """A search that found a place: one search, and one with no place nearby when
    the nearest is further than NEARBY_MILES (or there is none)."""
    events = [(FINDER_SEARCH, "")]
    if nearest_miles is None or nearest_miles > NEARBY_MILES:
        events.append((FINDER_NO_RESULT_NEARBY, ""))
    return events


def guidance_view(path: str) -> list[Event]:
    return [(GUIDANCE_VIEW, path)]


def guidance_print(page_path: str) -> list[Event]:
    """A handout printed: counted against the page it prints, not its /print address."""
    return [(GUIDANCE_PRINT, page_path)]


def tariff_check() -> list[Event]:
    return [(TARIFF_CHECK, "")]
