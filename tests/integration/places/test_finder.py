"""The finder through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest

from inclusion.places.importers import import_postcodes


def result_names(html: str) -> list[str]:
    return re.findall(r'class="govuk-heading-s app-place__title"><a[^>]*>([^<]+)</a>', html)


def test_finder_without_a_search_shows_the_form_only(client):
    response = client.get("/find")
    assert response.status_code == 200
    assert 'id="postcode"' in response.text
    assert "govuk-error-summary" not in response.text
    assert result_names(response.text) == []


def test_district_search_ranks_nearest_first_and_says_distances_are_approximate(client):
    response = client.get("/find?postcode=NE30")
    assert response.status_code == 200
    names = result_names(response.text)
    assert len(names) == 10
    assert names[0].startswith("North Shields Library")
    assert "Distances are from the centre of NE30" in response.text
    miles = [float(m) for m in re.findall(r"([\d.]+) miles ·", response.text)]
    assert miles == sorted(miles)


def test_full_postcode_from_the_local_table_is_exact(client, db_session):
    import_postcodes(db_session, [{"pcds": "NE28 8JR", "lat": "54.9917", "long": "-1.5354"}])
    db_session.commit()
    response = client.get("/find?postcode=ne288jr")
    names = result_names(response.text)
    assert names[0] == "Wallsend Customer First Centre" or names[0].startswith("Wallsend")
    assert "Places nearest to NE28 8JR" in response.text
    assert "centre of" not in response.text
    assert re.search(r"less than 0\.1 miles", response.text)


def test_full_postcode_missing_from_the_table_falls_back_to_its_district(client):
    response = client.get("/find?postcode=NE29%206TE")
    assert response.status_code == 200
    assert "Distances are from the centre of NE29" in response.text
    assert len(result_names(response.text)) == 10


def test_town_needs_no_postcode(client):
    response = client.get("/find?town=killingworth")
    names = result_names(response.text)
    assert names[0].startswith("Killingworth")
    assert "Distances are from the centre of Killingworth" in response.text


def test_device_location(client):
    response = client.get("/find?lat=55.0427&lng=-1.4457")
    assert "Places nearest to your location" in response.text
    assert result_names(response.text)[0].startswith("Whitley Bay")


@pytest.mark.parametrize(
    ("need", "expected_count"),
    [("device_lending", 4), ("data_sims", 4), ("wifi", 10), ("digital_help", 10)],
)
def test_need_filter_keeps_only_places_offering_it(client, need, expected_count):
    response = client.get(f"/find?postcode=NE29&need={need}")
    assert len(result_names(response.text)) == expected_count


def test_several_needs_must_all_be_met(client):
    response = client.get("/find?postcode=NE29&need=device_lending&need=wifi")
    names = result_names(response.text)
    assert len(names) == 4
    assert all("Customer First Centre" in name for name in names)


def test_open_now_hides_closed_places(client):
    # Wednesday 11am: only the four Customer First Centres keep Wednesday hours.
    everything = result_names(client.get("/find?postcode=NE29").text)
    open_now = result_names(client.get("/find?postcode=NE29&open_now=1").text)
    assert 0 < len(open_now) < len(everything)
    assert all("Customer First Centre" in name for name in open_now)


def test_step_free_filter_uses_only_known_step_free_places(client, db_session):
    from sqlalchemy import select

    from inclusion.places.models import Place

    wallsend = db_session.scalars(select(Place).where(Place.slug.like("wallsend%"))).first()
    wallsend.step_free = True
    db_session.commit()
    names = result_names(client.get("/find?postcode=NE29&step_free=1").text)
    assert names == [wallsend.name]


def test_unknown_needs_are_ignored(client):
    response = client.get("/find?postcode=NE29&need=teleporter")
    assert response.status_code == 200
    assert len(result_names(response.text)) == 10


@pytest.mark.parametrize(
    "typed",
    ["NE99 ZZZ", "hello", "N" * 500, "<script>alert(1)</script>", "NE29 6CI", "ZZ1"],
)
def test_bad_postcodes_get_a_clear_error_and_keep_the_input(client, typed):
    response = client.get("/find", params={"postcode": typed})
    assert response.status_code == 200
    html = response.text
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert 'href="#postcode"' in html
    assert "govuk-input--error" in html
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f'value="{escaped}"' in html
    assert "<script>alert" not in html
    assert result_names(html) == []


def test_a_postcode_that_exists_nowhere_says_so(client):
    # Well-formed, but there is no district ZE9.
    html = client.get("/find?postcode=ZE9%209ZZ").text
    assert "We cannot find the postcode ZE9 9ZZ" in html


def test_unknown_town_is_an_error(client):
    html = client.get("/find?town=atlantis").text
    assert "Choose a town from the list" in html
    assert 'href="#town"' in html


@pytest.mark.parametrize("query", ["lat=abc&lng=-1.5", "lat=95&lng=0", "lat=nan&lng=inf", "lat=55"])
def test_bad_coordinates_are_an_error_not_a_500(client, query):
    response = client.get(f"/find?{query}")
    assert response.status_code == 200
    assert "We could not use your location" in response.text


def test_filters_without_a_place_ask_for_one(client):
    html = client.get("/find?need=wifi").text
    assert "Enter a postcode or choose a town" in html


def test_htmx_request_gets_the_results_block_only(client):
    response = client.get("/find?postcode=NE29", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results-heading"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "10 places found" in response.text
    assert response.headers["HX-Push-Url"] == "/find?postcode=NE29"


def test_results_link_to_place_pages(client):
    html = client.get("/find?town=wallsend").text
    slugs = re.findall(r'href="/places/([a-z0-9-]+)"', html)
    assert slugs
    for slug in slugs[:3]:
        assert client.get(f"/places/{slug}").status_code == 200


def test_online_geocoder_fills_in_for_a_postcode_missing_locally(client, app):
    from types import SimpleNamespace

    from inclusion.places.geocoding import OnlineGeocoder

    class LocalGeocoder:  # stands in for the third-party service tests cannot reach
        def geocode(self, query):
            assert query == "NE26 1AB, United Kingdom"
            return SimpleNamespace(latitude=55.0427, longitude=-1.4457)

    app.state.geocoder = OnlineGeocoder(LocalGeocoder())
    html = client.get("/find?postcode=NE26%201AB").text
    assert "Places nearest to NE26 1AB" in html
    assert "centre of" not in html
    assert result_names(html)[0].startswith("Whitley Bay")


def test_control_characters_are_dropped_not_echoed(client):
    response = client.get("/find?postcode=ab%00%07")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert 'value="ab"' in response.text
