"""Every impact figure for a generated year equals an independent count made with
plain SQL (independent_counts.py), month by month and for the whole year, for all
venues and for one, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import bindparam, text

from inclusion.db.types import AwareDateTime
from inclusion.insights.figures import impact_figures
from inclusion.insights.measures import MEASURES
from inclusion.insights.months import Window
from tests.factories.impact import generate_year
from tests.factories.loans import place_id
from tests.integration.insights.independent_counts import (
    MONTHS,
    NOW,
    YEAR,
    ZONE,
    Counter,
    Period,
    expected,
    waiting_now,
)


@pytest.fixture
def year(db_session):
    generate_year(db_session, NOW)
    db_session.commit()


def approx(value):
    return None if value is None else pytest.approx(value, rel=1e-9, abs=1e-6)


def test_every_figure_for_every_month_and_the_year_equals_plain_sql(db_session, year):
    figures = impact_figures(db_session, Window.last_months(NOW, 12), NOW)
    assert figures.window.months == tuple(MONTHS)
    for measure in MEASURES:
        by_month = [
            expected(Counter(db_session, Period(month, month)), measure.goal, measure.code)
            for month in MONTHS
        ]
        assert figures.monthly(measure) == [approx(v) for v in by_month], measure.key
        whole = expected(Counter(db_session, YEAR), measure.goal, measure.code)
        assert figures.total(measure) == approx(whole), measure.key
    assert figures.waiting_now == waiting_now(Counter(db_session, YEAR))


def test_the_generated_year_has_something_in_every_figure(db_session, year):
    """So that the comparison above compares numbers, not empty tables."""
    for measure in MEASURES:
        value = expected(Counter(db_session, YEAR), measure.goal, measure.code)
        assert value, measure.key
    assert waiting_now(Counter(db_session, YEAR))


def test_figures_for_one_venue_equal_plain_sql_for_that_venue(db_session, year):
    wallsend = place_id(db_session, "wallsend-library")
    figures = impact_figures(db_session, Window.last_months(NOW, 12), NOW, wallsend)
    for measure in MEASURES:
        place = wallsend if measure.by_venue else None
        for index, month in enumerate(MONTHS):
            counter = Counter(db_session, Period(month, month), place)
            value = expected(counter, measure.goal, measure.code)
            assert figures.monthly(measure)[index] == approx(value), (measure.key, month)
        whole = expected(Counter(db_session, YEAR, place), measure.goal, measure.code)
        assert figures.total(measure) == approx(whole), measure.key
        if measure.by_venue:
            assert figures.at_venue(measure, wallsend) == approx(whole), measure.key
    assert figures.waiting_now == waiting_now(Counter(db_session, YEAR, wallsend))


def test_a_session_at_half_past_midnight_on_1_april_counts_in_april(db_session, year):
    figures = impact_figures(db_session, Window.last_months(NOW, 12), NOW)
    sessions_run = next(m for m in MEASURES if m.code == "sessions_run")
    april, march = MONTHS.index(date(2026, 4, 1)), MONTHS.index(date(2026, 3, 1))
    at_half_past = text(
        "SELECT COUNT(*) FROM skill_sessions WHERE starts_at = :at AND status = 'scheduled'"
    ).bindparams(bindparam("at", type_=AwareDateTime()))
    assert db_session.scalar(at_half_past, {"at": datetime(2026, 4, 1, 0, 30, tzinfo=ZONE)})
    april_sql = expected(
        Counter(db_session, Period(MONTHS[april], MONTHS[april])), "P2", "sessions_run"
    )
    assert figures.monthly(sessions_run)[april] == april_sql
    assert figures.monthly(sessions_run)[march] == expected(
        Counter(db_session, Period(MONTHS[march], MONTHS[march])), "P2", "sessions_run"
    )
