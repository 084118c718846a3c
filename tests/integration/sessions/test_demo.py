"""The demo term of sessions: what it holds, that it fits the venues, and reloading."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from inclusion.cli import main
from inclusion.db import migrate
from inclusion.i18n.formatting import LONDON
from inclusion.places.hours import open_intervals
from inclusion.places.models import PlaceKind
from inclusion.places.schedule import closures_of, periods_of
from inclusion.sessions import demo_term
from inclusion.sessions.demo import TERM, load_demo_sessions
from inclusion.sessions.models import Frequency, SessionSeries, SkillSession, Topic
from tests.conftest import WEDNESDAY_MORNING

NOW = WEDNESDAY_MORNING


def all_sessions(db_session) -> list[SkillSession]:
    return list(
        db_session.scalars(
            select(SkillSession)
            .options(
                selectinload(SkillSession.place).selectinload("*"),
                selectinload(SkillSession.series),
            )
            .order_by(SkillSession.starts_at, SkillSession.id)
        )
    )


def test_the_term_has_every_kind_of_session(db_session):
    summary = load_demo_sessions(db_session, NOW)

    sessions = all_sessions(db_session)
    assert summary.created == len(sessions) > 80
    assert {s.topic for s in sessions} == set(Topic) - {Topic.OTHER}
    assert {s.series.frequency for s in sessions if s.series} == set(Frequency)
    assert all(6 <= s.capacity <= 12 and s.booked == 0 for s in sessions)
    assert any(s.accessibility_notes for s in sessions)
    assert any(s.what_to_bring == "Your phone or tablet and its charger." for s in sessions)
    assert [(s.language, s.place.kind) for s in sessions if s.language != "en"] == [
        ("pl", PlaceKind.CUSTOMER_FIRST_CENTRE),
        ("ar", PlaceKind.CUSTOMER_FIRST_CENTRE),
    ]
    jobs_towns = {s.place.slug for s in sessions if s.topic == Topic.JOBS_AND_CAREERS}
    assert jobs_towns == {"north-shields-library", "wallsend-library"}


def test_no_session_at_a_venue_closed_until_further_notice(db_session):
    load_demo_sessions(db_session, NOW)

    closed_for_good = [
        s for s in all_sessions(db_session) if any(c.ends_on is None for c in s.place.closures)
    ]
    assert closed_for_good == []


def test_every_session_is_in_the_term_and_inside_its_venues_opening_hours(db_session):
    load_demo_sessions(db_session, NOW)

    for s in all_sessions(db_session):
        assert NOW < s.starts_at < NOW + TERM
        day = s.starts_at.astimezone(LONDON).date()
        # The venue's open periods that London day, less bank holidays and closures,
        # lunch breaks being gaps between them.
        open_that_day = open_intervals(
            periods_of(s.place), closures_of(s.place), day, 1, s.place.opens_on_bank_holidays
        )
        assert any(
            opens <= s.starts_at and s.ends_at <= closes for opens, closes in open_that_day
        ), f"{s.title} at {s.place.slug} on {s.starts_at.astimezone(LONDON)}"


def test_loading_twice_adds_nothing(db_session):
    first = load_demo_sessions(db_session, NOW)
    second = load_demo_sessions(db_session, NOW + timedelta(hours=1))

    assert (second.created, second.series_created) == (0, 0)
    assert second.already_there == first.created
    assert db_session.scalar(select(func.count(SkillSession.id))) == first.created
    assert db_session.scalar(select(func.count(SessionSeries.id))) == first.series_created


def test_loading_in_a_later_week_carries_on_the_same_series(db_session):
    load_demo_sessions(db_session, NOW)
    later = load_demo_sessions(db_session, NOW + timedelta(weeks=3))

    assert later.series_created == 0
    assert later.created > 0
    sessions = all_sessions(db_session)
    keys = [(s.place_id, s.title, s.language, s.starts_at) for s in sessions]
    assert len(keys) == len(set(keys))
    for series in db_session.scalars(select(SessionSeries)):
        step = 7 if series.frequency == Frequency.WEEKLY else 14
        days = [s.starts_at.astimezone(LONDON).date() for s in series.sessions]
        assert all((b - a).days % step == 0 for a, b in zip(days, days[1:], strict=False))


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 10, 9, 0, tzinfo=LONDON),  # clocks go forward on 28 March
        datetime(2027, 10, 13, 9, 0, tzinfo=LONDON),  # clocks go back on 31 October
    ],
    ids=["spring", "autumn"],
)
def test_series_keep_their_wall_clock_time_across_the_clock_change(db_session, now):
    load_demo_sessions(db_session, now)

    sessions = all_sessions(db_session)
    # The term spans the change: some sessions are in GMT, some in BST.
    assert {s.starts_at.astimezone(LONDON).utcoffset() for s in sessions} == {
        timedelta(0),
        timedelta(hours=1),
    }
    for series in db_session.scalars(select(SessionSeries)):
        local = [s.starts_at.astimezone(LONDON) for s in series.sessions]
        assert len({(t.weekday(), t.time()) for t in local}) == 1, series.title
        assert len({s.starts_at.astimezone(UTC).time() for s in series.sessions}) == 2


def test_a_slot_outside_the_venues_hours_stops_the_load(db_session, monkeypatch):
    over_lunch = {
        **demo_term.SERIES[0],
        "venue": "howdon-library",
        "weekday": 1,
        "starts": time(12, 30),
        "ends": time(13, 30),
    }
    monkeypatch.setattr(demo_term, "SERIES", [over_lunch])

    with pytest.raises(ValueError, match="outside its opening hours"):
        load_demo_sessions(db_session, NOW)


def test_demo_load_prints_a_line_about_sessions_and_can_be_repeated(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    migrate.upgrade(url)
    runner = CliRunner()

    first = runner.invoke(main, ["demo", "load", "--quiet"], env={"DATABASE_URL": url})
    again = runner.invoke(main, ["demo", "load", "--quiet"], env={"DATABASE_URL": url})

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    line = next(x for x in first.output.splitlines() if x.startswith("Demo sessions"))
    assert "not the council's timetable" in line
    assert " 0 already there." in line
    assert "Demo sessions (illustrative, not the council's timetable): 0 created" in again.output
