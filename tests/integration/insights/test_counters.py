"""Anonymous daily counts from real requests: finder searches (and those with no place
nearby), guidance page views and printed handouts, completed cheaper-internet checks.
Nothing but a day, a metric, a page path and a number is kept, and a count that
cannot be written never breaks the page."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from inclusion.insights import counters
from inclusion.insights.counters import record_all

# The clock's day (Wednesday 25 November 2026, London).
TODAY = date(2026, 11, 25)
CHECKED = "benefits=pension_credit&need=broadband&provider=no"


def counts(db_session, day: date = TODAY) -> dict[tuple[str, str], int]:
    rows = db_session.execute(text("SELECT metric, key, count, day FROM daily_counts")).all()
    assert {str(row.day) for row in rows} <= {day.isoformat()}, "counted on the London day"
    return {(row.metric, row.key): row.count for row in rows}


def test_a_finder_search_is_counted_and_one_far_from_any_place_also_as_none_nearby(
    client, db_session
):
    assert client.get("/find?postcode=NE29").status_code == 200
    assert client.get("/find?town=wallsend", headers={"HX-Request": "true"}).status_code == 200
    assert counts(db_session) == {("finder_search", ""): 2}

    # Near Alnwick, 30 miles north: the finder still lists places, none nearby.
    assert "Places nearest" in client.get("/find?lat=55.41&lng=-1.70").text
    assert counts(db_session) == {("finder_search", ""): 3, ("finder_no_result_nearby", ""): 1}


def test_a_search_that_cannot_be_located_or_was_not_made_is_not_counted(client, db_session):
    client.get("/find")
    client.get("/find?postcode=ZE9%209ZZ")  # not a postcode we know
    client.get("/find?lat=north&lng=1")
    assert counts(db_session) == {}


def test_a_search_whose_places_are_all_shut_counts_as_none_nearby(client, clock, db_session):
    clock.now = clock.now.replace(day=29, hour=23)  # open now, late on a Sunday: nothing is
    html = client.get("/find?postcode=NE29&open_now=1").text
    assert "app-place__title" not in html
    sunday = date(2026, 11, 29)
    assert counts(db_session, sunday) == {
        ("finder_search", ""): 1,
        ("finder_no_result_nearby", ""): 1,
    }


def test_guidance_views_and_prints_are_counted_per_page(client, db_session):
    for path in (
        "/online-safety",
        "/online-safety/spotting-scams",
        "/online-safety/spotting-scams?lang=pl",
        "/careers",
        "/why-get-online",
        "/online-safety/spotting-scams/print",
        "/careers/print",
    ):
        assert client.get(path).status_code == 200, path
    assert counts(db_session) == {
        ("guidance_view", "/online-safety"): 1,
        ("guidance_view", "/online-safety/spotting-scams"): 2,
        ("guidance_view", "/careers"): 1,
        ("guidance_view", "/why-get-online"): 1,
        ("guidance_print", "/online-safety/spotting-scams"): 1,
        ("guidance_print", "/careers"): 1,
    }


def test_a_view_just_after_midnight_in_summer_counts_on_the_london_day(client, clock, db_session):
    clock.now = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 June in London
    client.get("/careers")
    assert counts(db_session, date(2026, 6, 1)) == {("guidance_view", "/careers"): 1}


def test_a_page_that_does_not_exist_counts_nothing(client, db_session):
    assert client.get("/online-safety/no-such-guide").status_code == 404
    assert client.get("/online-safety/no-such-guide/print").status_code == 404
    assert counts(db_session) == {}


def test_a_completed_cheaper_internet_check_is_counted_without_its_answers(client, db_session):
    assert client.get(f"/cheaper-internet/results?{CHECKED}").status_code == 200
    client.get("/cheaper-internet/results?benefits=pension_credit")  # asks the next question
    client.get("/cheaper-internet/need?benefits=pension_credit")
    assert counts(db_session) == {("tariff_check_completed", ""): 1}


def test_a_count_that_fails_is_lost_and_the_page_still_answers(client, db_session, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(counters, "record", broken)
    assert client.get("/online-safety").status_code == 200
    assert client.get("/find?postcode=NE29").status_code == 200
    assert counts(db_session) == {}


def test_counts_from_many_threads_at_once_all_land(db, db_session):
    """One upsert each: none is lost and none fails on the primary key."""
    if db.engine.dialect.name == "sqlite":
        # The test's single shared connection cannot be used from threads at once;
        # SQLite takes the write lock per unit of work, so this is the same in series.
        for _ in range(40):
            record_all(db, [(counters.GUIDANCE_VIEW, "/careers")], TODAY)
    else:
        database = type(db)(db.engine)  # a connection each, committing for real
        day = TODAY + timedelta(days=3650)  # out of the way of other tests
        try:
            with ThreadPoolExecutor(8) as pool:
                for _ in range(40):
                    pool.submit(record_all, database, [(counters.GUIDANCE_VIEW, "/careers")], day)
            with database.session() as session:
                total = session.scalar(
                    text("SELECT count FROM daily_counts WHERE day = :day"), {"day": day}
                )
            assert total == 40
        finally:
            with database.session() as session:
                session.execute(text("DELETE FROM daily_counts WHERE day = :day"), {"day": day})
        return
    assert counts(db_session) == {("guidance_view", "/careers"): 40}
