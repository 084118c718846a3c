"""Impact figures counted independently, with plain SQL straight from the tables, for
the tests to compare the dashboard's figures with.

The months' bounds are worked out here from the London calendar, not from months.py;
only medians, which SQLite cannot take, are taken in Python from the differences SQL
works out.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, bindparam, text

from inclusion.db.types import AwareDateTime
from tests.conftest import WEDNESDAY_MORNING

NOW = WEDNESDAY_MORNING  # 11:00 on Wednesday 25 November 2026, London
ZONE = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 25)
MONTHS = [date(2025, 12, 1)] + [date(2026, month, 1) for month in range(1, 12)]
GOAL_PATHS = {"P3": "/careers", "P4": "/online-safety", "P5": "/cheaper-internet"}
GOAL_PATHS["P6"] = "/why-get-online"


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def london(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZONE)


class Period:
    """[start, end) as moments and as days, from the first month to the last."""

    def __init__(self, first: date, last: date):
        self.start = london(first)
        self.end = min(london(next_month(last)), NOW)
        self.first_day = first
        self.end_day = min(next_month(last), TODAY + timedelta(days=1))


YEAR = Period(MONTHS[0], MONTHS[-1])


class Counter:
    """Plain SQL over the generated tables, for a period and, if given, one venue."""

    def __init__(self, db_session, period: Period, place: int | None = None):
        self.db_session = db_session
        self.period = period
        self.place = place
        self.sqlite = db_session.get_bind().dialect.name == "sqlite"

    def _params(self, **extra) -> dict:
        return {
            "start": self.period.start,
            "end": self.period.end,
            "now": NOW,
            "first": self.period.first_day,
            "last": self.period.end_day,
            "place": self.place,
            **extra,
        }

    def _statement(self, sql: str, place_column: str | None, **extra):
        if self.place is not None and place_column:
            sql += f" AND {place_column} = :place"
        statement = text(sql)
        types = {"start": AwareDateTime(), "end": AwareDateTime(), "now": AwareDateTime()}
        types |= {"first": Date(), "last": Date(), "yes": Boolean()}
        used = [bindparam(name, type_=kind) for name, kind in types.items() if f":{name}" in sql]
        return statement.bindparams(*used), self._params(**extra)

    def scalar(self, sql: str, place_column: str | None = None, **extra):
        statement, params = self._statement(sql, place_column, **extra)
        return self.db_session.scalar(statement, params)

    def column(self, sql: str, place_column: str | None = None, **extra) -> list:
        statement, params = self._statement(sql, place_column, **extra)
        return [row[0] for row in self.db_session.execute(statement, params)]

    def hours_between(self, later: str, earlier: str) -> str:
        if self.sqlite:
            return f"(julianday({later}) - julianday({earlier})) * 24"
        return f"EXTRACT(EPOCH FROM ({later} - {earlier})) / 3600"


RUN = (
    "FROM skill_sessions s WHERE s.status = 'scheduled' AND s.starts_at >= :start "
    "AND s.starts_at < :end AND s.ends_at <= :now"
)
BOOKED = (
    "FROM bookings b JOIN skill_sessions s ON s.id = b.session_id "
    "WHERE b.status = 'confirmed' AND s.status = 'scheduled' AND s.starts_at >= :start "
    "AND s.starts_at < :end AND s.ends_at <= :now"
)
REGISTER_TAKEN = (
    " AND s.id IN (SELECT session_id FROM bookings WHERE status = 'confirmed' "
    "AND attendance IS NOT NULL)"
)
LENT = "FROM loan_requests WHERE checked_out_at >= :start AND checked_out_at < :end"
RECEIVED = "FROM feedback_items WHERE created_at >= :start AND created_at < :end"


def _counter(c: Counter, metric: str, prefix: str | None = None) -> int:
    sql = (
        "SELECT COALESCE(SUM(count), 0) FROM daily_counts "
        "WHERE metric = :metric AND day >= :first AND day < :last"
    )
    if prefix is None:
        return c.scalar(sql, metric=metric)
    sql += " AND (key = :prefix OR key LIKE :under)"
    return c.scalar(sql, metric=metric, prefix=prefix, under=prefix + "/%")


def _answers(c: Counter, goal: str, useful: bool | None = None) -> int:
    sql = (
        "SELECT COUNT(*) FROM page_feedback WHERE useful IS NOT NULL "
        "AND day >= :first AND day < :last AND (path = :prefix OR path LIKE :under)"
    )
    extra = {}
    if useful is not None:
        sql += " AND useful = :yes"
        extra["yes"] = useful
    prefix = GOAL_PATHS[goal]
    return c.scalar(sql, prefix=prefix, under=prefix + "/%", **extra)


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def expected(c: Counter, goal: str, code: str) -> float | None:  # noqa: PLR0911 - one per figure
    if code == "sessions_run":
        return c.scalar(f"SELECT COUNT(*) {RUN}", "s.place_id")
    if code == "places_booked":
        return c.scalar(f"SELECT COUNT(*) {BOOKED}", "s.place_id")
    if code in ("attended", "attendance_rate"):
        attended = c.scalar(f"SELECT COUNT(*) {BOOKED} AND b.attendance = 'attended'", "s.place_id")
        on_registers = c.scalar(f"SELECT COUNT(*) {BOOKED}{REGISTER_TAKEN}", "s.place_id")
        return attended if code == "attended" else _share(attended, on_registers)
    if code == "waiting_list_joined":
        return c.scalar(
            "SELECT COUNT(*) FROM bookings b JOIN skill_sessions s ON s.id = b.session_id "
            "WHERE b.status IN ('waiting', 'offered', 'expired') "
            "AND b.created_at >= :start AND b.created_at < :end",
            "s.place_id",
        )
    if code == "devices_lent":
        return c.scalar(f"SELECT COUNT(*) {LENT}", "place_id")
    if code == "average_wait_days":
        days = c.hours_between("checked_out_at", "created_at") + " / 24"
        value = c.scalar(f"SELECT AVG({days}) {LENT}", "place_id")
        return None if value is None else float(value)
    if code == "data_sims_given":
        return c.scalar(
            "SELECT COUNT(*) FROM data_sim_issues WHERE issued_on >= :first AND issued_on < :last",
            "place_id",
        )
    if code == "finder_searches":
        return _counter(c, "finder_search")
    if code == "no_place_nearby":
        return _counter(c, "finder_no_result_nearby")
    if code == "no_place_nearby_rate":
        return _share(_counter(c, "finder_no_result_nearby"), _counter(c, "finder_search"))
    if code == "checks_completed":
        return _counter(c, "tariff_check_completed")
    if code == "guidance_views":
        return _counter(c, "guidance_view", GOAL_PATHS[goal])
    if code == "guidance_prints":
        return _counter(c, "guidance_print", GOAL_PATHS[goal])
    if code == "page_answers":
        return _answers(c, goal)
    if code == "found_useful":
        return _share(_answers(c, goal, useful=True), _answers(c, goal))
    if code == "feedback_received":
        return c.scalar(f"SELECT COUNT(*) {RECEIVED}", "place_id")
    if code == "average_rating":
        value = c.scalar(f"SELECT AVG(rating) {RECEIVED}", "place_id")
        return None if value is None else float(value)
    if code == "median_response_hours":
        hours = c.hours_between("first_response_at", "created_at")
        values = c.column(
            f"SELECT {hours} {RECEIVED} AND first_response_at IS NOT NULL", "place_id"
        )
        return statistics.median(float(v) for v in values) if values else None
    if code == "feedback_closed":
        return c.scalar(
            "SELECT COUNT(*) FROM feedback_items WHERE closed_at >= :start AND closed_at < :end "
            "AND status IN ('done', 'no_action')",
            "place_id",
        )
    if code == "changes_published":
        return c.scalar(
            "SELECT COUNT(*) FROM published_changes "
            "WHERE published_on >= :first AND published_on < :last",
            "place_id",
        )
    raise AssertionError(f"no independent count for {goal}:{code}")


def waiting_now(c: Counter) -> int:
    return c.scalar(
        "SELECT COUNT(*) FROM bookings b JOIN skill_sessions s ON s.id = b.session_id "
        "WHERE b.status = 'waiting' AND s.status = 'scheduled' AND s.starts_at > :now",
        "s.place_id",
    )
