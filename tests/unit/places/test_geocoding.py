"""Where a postcode is: district centres shipped with the code, and the online fallback.

The online geocoder is a third-party web service that tests cannot reach, so these tests
give OnlineGeocoder a local object with geopy's `geocode` signature instead.
"""

from __future__ import annotations

from types import SimpleNamespace

from geopy.exc import GeocoderTimedOut

from inclusion.places.distance import Point
from inclusion.places.geocoding import OnlineGeocoder, district_centres


class RecordingGeocoder:
    def __init__(self, answers):
        self.answers = answers
        self.asked: list[str] = []

    def geocode(self, query: str):
        self.asked.append(query)
        answer = self.answers.get(query)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_every_uk_district_has_a_centre():
    centres = district_centres()
    assert len(centres) > 2800
    assert abs(centres["NE29"].latitude - 55.0117) < 0.01
    assert abs(centres["NE29"].longitude - -1.4652) < 0.01


def test_online_answers_are_cached():
    remote = RecordingGeocoder(
        {"NE29 6TE, United Kingdom": SimpleNamespace(latitude=55.0, longitude=-1.46)}
    )
    geocoder = OnlineGeocoder(remote)
    assert geocoder.locate("NE29 6TE") == Point(55.0, -1.46)
    assert geocoder.locate("NE29 6TE") == Point(55.0, -1.46)
    assert remote.asked == ["NE29 6TE, United Kingdom"]


def test_a_failing_service_means_not_found_not_an_error():
    remote = RecordingGeocoder({"NE29 6TE, United Kingdom": GeocoderTimedOut("slow")})
    assert OnlineGeocoder(remote).locate("NE29 6TE") is None


def test_the_cache_is_bounded():
    remote = RecordingGeocoder({})
    geocoder = OnlineGeocoder(remote, cache_size=2)
    for postcode in ("A1 1AA", "B1 1BB", "C1 1CC", "A1 1AA"):
        geocoder.locate(postcode)
    assert len(remote.asked) == 4  # A1 1AA was evicted, so it was asked again
