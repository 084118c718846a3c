"""Partners filter the Open Referral UK services (search, taxonomy, postcode and
proximity, modified_after), and see schedules and places left that follow our rows."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from inclusion.places.models import Postcode
from inclusion.sessions import services as booking
from inclusion.sessions.models import SessionSeries, SessionStatus
from inclusion.sessions.references import Links
from tests.factories.sessions import make_series, make_session

API = "/api/openreferral"
WALLSEND = "Wallsend Library and Customer First Centre"
WHITLEY_BAY = "Whitley Bay Library and Customer First Centre"


def fetch(client, path: str, status: int = 200, **params):
    response = client.get(API + path, params=params)
    assert response.status_code == status, response.text[:2000]
    return response.json()


def names(client, path: str = "/services", **params) -> list[str]:
    body = fetch(client, path, per_page=200, **params)
    return [item.get("name") or item["service"]["name"] for item in body["contents"]]


def term_id(client, name: str) -> str:
    terms = fetch(client, "/taxonomy_terms", per_page=200)["contents"]
    return next(term["id"] for term in terms if term["name"] == name)


def taxonomy_id(client, starts: str) -> str:
    taxonomies = fetch(client, "/taxonomies")["contents"]
    return next(t["id"] for t in taxonomies if t["name"].startswith(starts))


def service_named(client, start: str) -> dict:
    (found,) = [
        item
        for item in fetch(client, "/services", per_page=200)["contents"]
        if item["name"].startswith(start)
    ]
    return fetch(client, f"/services/{found['id']}")


def topic_session(db_session, clock, title, topic, place_slug, days=3, created_days_ago=20):
    made = make_session(
        db_session, clock() + timedelta(days=days), place_slug=place_slug, title=title
    )
    made.topic = topic
    made.created_at = clock() - timedelta(days=created_days_ago)
    return made


@pytest.fixture
def sessions(db_session, clock):
    made = {
        "safety": topic_session(
            db_session, clock, "Spot a scam", "online_safety", "wallsend-library"
        ),
        "jobs": topic_session(
            db_session,
            clock,
            "Apply for jobs online",
            "jobs_and_careers",
            "howdon-library",
            created_days_ago=1,
        ),
        "start": topic_session(
            db_session, clock, "Start with a computer", "getting_started", "whitley-bay-library"
        ),
    }
    db_session.commit()
    return made


def test_search_finds_words_in_any_order_and_case(client, sessions):
    assert names(client, search="SCAM spot") == [
        "Spot a scam at Wallsend Library and Customer First Centre"
    ]
    assert names(client, search="howdon jobs") == ["Apply for jobs online at Howdon Library"]
    assert names(client, search="   ") == names(client)  # blank means no search


def test_search_finds_venue_services_by_place_and_kind(client):
    found = names(client, search="computers killingworth")
    assert found and all("Killingworth" in name for name in found)


def test_a_taxonomy_term_picks_its_services(client, sessions):
    assert names(client, taxonomy_term_id=term_id(client, "Jobs and careers")) == [
        "Apply for jobs online at Howdon Library"
    ]
    wifi = names(client, taxonomy_term_id=term_id(client, "Free Wi-Fi"))
    assert len(wifi) == 13  # every demo venue but the one being rebuilt
    assert all(name.startswith("Free Wi-Fi at ") for name in wifi)


def test_a_taxonomy_picks_every_service_with_one_of_its_terms(client, sessions):
    topics = names(client, taxonomy_id=taxonomy_id(client, "Get Online North Tyneside: digital"))
    assert sorted(topics) == sorted(
        [
            "Apply for jobs online at Howdon Library",
            "Spot a scam at Wallsend Library and Customer First Centre",
            f"Start with a computer at {WHITLEY_BAY}",
        ]
    )


def test_an_unknown_term_matches_nothing(client, sessions):
    body = fetch(client, "/services", taxonomy_term_id="00000000-0000-4000-8000-000000000000")
    assert body["total_items"] == 0


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_near_a_postcode_nearer_comes_first_and_farther_is_left_out(
    client, db_session, sessions, path
):
    # A postcode at Wallsend Library itself: Howdon is about 2.2 km away, Whitley Bay 8.
    db_session.merge(Postcode(postcode="NE28 8AA", latitude=54.9917, longitude=-1.5354))
    db_session.commit()
    topics = taxonomy_id(client, "Get Online North Tyneside: digital")
    near = dict(postcode="ne288aa", taxonomy_id=topics)
    assert names(client, path, proximity=3000, **near) == [
        "Spot a scam at Wallsend Library and Customer First Centre",
        "Apply for jobs online at Howdon Library",
    ]
    assert names(client, path, proximity=10_000, **near)[-1] == (
        f"Start with a computer at {WHITLEY_BAY}"
    )
    assert names(client, path, proximity=100, **near) == [
        "Spot a scam at Wallsend Library and Customer First Centre"
    ]


def test_a_postcode_alone_sorts_every_service_by_distance(client, db_session):
    db_session.merge(Postcode(postcode="NE28 8AA", latitude=54.9917, longitude=-1.5354))
    db_session.commit()
    found = names(client, postcode="NE28 8AA")
    assert all("Wallsend Library" in name for name in found[:6])
    assert len(found) == fetch(client, "/services")["total_items"]


def test_a_postcode_district_measures_from_its_centre(client, sessions):
    assert names(client, postcode="NE28", proximity=50_000)


def test_modified_after_follows_creation_and_bookings(
    client, db_session, clock, settings, sessions
):
    cutoff = (clock() - timedelta(days=5)).isoformat()
    assert names(client, modified_after=cutoff) == ["Apply for jobs online at Howdon Library"]

    booking.book(
        db_session,
        sessions["safety"],
        booking.Details("Ann", "none"),
        clock(),
        Links.from_settings(settings),
    )
    db_session.commit()
    assert sorted(names(client, modified_after=cutoff)) == [
        "Apply for jobs online at Howdon Library",
        "Spot a scam at Wallsend Library and Customer First Centre",
    ]
    later = (clock() + timedelta(minutes=1)).isoformat()
    assert names(client, modified_after=later) == []


def test_modified_after_takes_a_date_or_utc_and_leaves_venues_out(client, sessions, clock):
    day = (clock() - timedelta(days=2)).date().isoformat()
    assert names(client, modified_after=day) == ["Apply for jobs online at Howdon Library"]
    assert len(names(client, modified_after="2000-01-01T00:00:00Z")) == 3


def test_places_left_fall_when_someone_books(client, db_session, clock, settings):
    made = make_session(db_session, clock() + timedelta(days=2), capacity=2, title="Video calls")
    db_session.commit()
    before = service_named(client, "Video calls")
    ((capacity),) = before["capacities"]
    assert (capacity["available"], capacity["maximum"]) == (2, 2)
    assert capacity["unit"]["name"] == "place"
    assert "alert" not in before

    for name in ("Ann", "Bob"):
        booking.book(
            db_session, made, booking.Details(name, "none"), clock(), Links.from_settings(settings)
        )
    db_session.commit()
    after = service_named(client, "Video calls")
    assert after["capacities"][0]["available"] == 0
    assert after["capacities"][0]["updated"] > capacity["updated"]
    assert after["last_modified"] > before["last_modified"]
    assert "full: you can join the waiting list" in after["alert"]


def test_a_weekly_series_is_one_service_with_a_weekly_rule(client, db_session, clock):
    # Tuesdays from 1 December 2026, 10:00 to 12:00 UK time.
    dates = make_series(db_session, clock() + timedelta(days=6, hours=-1), dates=4)
    dates[2].status = SessionStatus.CANCELLED
    db_session.commit()
    service = service_named(client, "Using your smartphone")
    (rule,) = service["schedules"]
    assert {
        k: rule[k]
        for k in (
            "freq",
            "interval",
            "byday",
            "dtstart",
            "valid_from",
            "valid_to",
            "opens_at",
            "closes_at",
        )
    } == {
        "freq": "WEEKLY",
        "interval": 1,
        "byday": "TU",
        "dtstart": "2026-12-01",
        "valid_from": "2026-12-01",
        "valid_to": "2026-12-22",
        "opens_at": "10:00",
        "closes_at": "12:00",
    }
    assert rule["notes"] == "No session on Tuesday 15 December 2026."
    assert rule["schedule_link"].endswith(f"/sessions/{dates[0].id}")
    assert len(service["capacities"]) == 3


def test_a_fortnightly_series_across_the_clock_change_keeps_its_rule(client, db_session, clock):
    dates = make_series(db_session, clock() + timedelta(days=6, hours=-1), dates=1)
    series: SessionSeries = dates[0].series
    series.frequency = "fortnightly"
    # Tuesdays at 10:00 UK time: 10:00 UTC in March, then 09:00 UTC after 28 March 2027
    # (arithmetic on London times keeps the wall-clock time).
    first = dates[0]
    first.starts_at = first.starts_at.replace(year=2027, month=3, day=16)
    first.ends_at = first.starts_at + timedelta(hours=2)
    second = make_session(
        db_session, first.starts_at + timedelta(weeks=2), series=series, title=first.title
    )
    moved = make_session(
        db_session, first.starts_at + timedelta(weeks=4, hours=4), series=series, title=first.title
    )
    db_session.commit()
    service = service_named(client, "Using your smartphone")
    rule, one_date = service["schedules"]
    assert (rule["freq"], rule["interval"], rule["byday"]) == ("WEEKLY", 2, "TU")
    assert (rule["dtstart"], rule["valid_to"]) == ("2027-03-16", "2027-03-30")
    assert (rule["opens_at"], second.starts_at.astimezone(UTC).hour) == ("10:00", 9)
    assert "notes" not in rule
    assert (one_date["dtstart"], one_date["opens_at"]) == ("2027-04-13", "14:00")
    assert one_date["schedule_link"].endswith(f"/sessions/{moved.id}")


def test_a_finished_series_stays_findable_as_inactive(client, db_session, clock):
    dates = make_series(db_session, clock() + timedelta(days=1), dates=1)
    db_session.commit()
    service_id = service_named(client, "Using your smartphone")["id"]
    clock.advance(days=3)
    assert "Using your smartphone" not in " ".join(names(client))
    gone = fetch(client, f"/services/{service_id}")
    assert gone["status"] == "inactive"
    assert gone["schedules"] == [] and "capacities" not in gone
    assert dates[0].series.title in gone["name"]


def test_a_venue_being_rebuilt_offers_no_services(client):
    assert not names(client, search="tynemouth library")
