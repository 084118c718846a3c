"""The importers on real data: the national libraries file and an ONS-format file."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from inclusion.places.demo import load_demo
from inclusion.places.importers import import_libraries, import_postcodes, read_csv
from inclusion.places.models import Place, Postcode
from inclusion.settings import PROJECT_ROOT

LIBRARIES_FILE = PROJECT_ROOT.parent / "shared" / "data" / "england-libraries-2017.csv"


def test_national_libraries_file_loads_open_libraries_and_reports_the_rest(db_session):
    with LIBRARIES_FILE.open(newline="", encoding="utf-8") as handle:
        summary = import_libraries(db_session, read_csv(handle))
    assert summary.loaded == 2986
    assert summary.skipped["closed"] == 252
    loaded = db_session.scalar(
        select(func.count()).select_from(Place).where(Place.source == "libraries-2017")
    )
    assert loaded == 2986
    barking = db_session.scalars(select(Place).where(Place.external_id == "1")).one()
    assert barking.postcode == "IG11 7NB"
    assert {s.kind for s in barking.services} == {"wifi", "public_pcs"}


def test_reimporting_updates_instead_of_duplicating(db_session):
    rows = [
        {
            "id": "900001",
            "name": "Test Library",
            "address": "1 High St",
            "postcode": "ne29 6te",
            "lat": "55.01",
            "lng": "-1.46",
            "closed": "",
        }
    ]
    import_libraries(db_session, rows)
    rows[0]["name"] = "Test Library (renamed)"
    summary = import_libraries(db_session, rows)
    assert summary.loaded == 1
    places = db_session.scalars(select(Place).where(Place.external_id == "900001")).all()
    assert [p.name for p in places] == ["Test Library (renamed)"]


def test_rows_without_coordinates_are_skipped_and_counted(db_session):
    rows = [
        {"id": "900002", "name": "Nowhere Library", "lat": "", "lng": "", "closed": ""},
        {"id": "", "name": "", "lat": "1", "lng": "1", "closed": ""},
    ]
    summary = import_libraries(db_session, rows)
    assert summary.loaded == 0
    assert summary.skipped == {"no coordinates": 1, "no id or name": 1}


def ons_file(rows: list[dict[str, str]]) -> io.StringIO:
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=["pcd", "pcds", "doterm", "lat", "long"])
    writer.writeheader()
    writer.writerows(rows)
    handle.seek(0)
    return handle


def test_postcode_import_normalises_skips_and_upserts(db_session):
    handle = ons_file(
        [
            {
                "pcd": "NE296TE",
                "pcds": "NE29 6TE",
                "doterm": "",
                "lat": "55.0117",
                "long": "-1.4652",
            },
            {"pcd": "NE1 1AA", "pcds": "ne1 1aa", "doterm": "", "lat": "54.97", "long": "-1.61"},
            {
                "pcd": "NE1 9ZZ",
                "pcds": "NE1 9ZZ",
                "doterm": "201001",
                "lat": "54.9",
                "long": "-1.6",
            },
            {"pcd": "XX", "pcds": "not a postcode", "doterm": "", "lat": "1", "long": "1"},
            {"pcd": "NE1 2AA", "pcds": "NE1 2AA", "doterm": "", "lat": "99.999999", "long": "0"},
        ]
    )
    summary = import_postcodes(db_session, read_csv(handle))
    assert summary.loaded == 2
    assert summary.skipped == {"terminated": 1, "not a valid postcode": 1, "no coordinates": 1}
    again = ons_file([{"pcds": "NE29 6TE", "doterm": "", "lat": "55.5", "long": "-1.5"}])
    import_postcodes(db_session, read_csv(again))
    assert db_session.get(Postcode, "NE29 6TE").latitude == 55.5
    assert db_session.get(Postcode, "NE1 1AA") is not None


def test_demo_load_is_idempotent(db_session):
    before = db_session.scalar(select(func.count()).select_from(Place))
    summary = load_demo(db_session)
    assert summary.created == 0
    assert summary.updated == before
    assert db_session.scalar(select(func.count()).select_from(Place)) == before
    wallsend = db_session.scalars(select(Place).where(Place.slug.like("wallsend%"))).first()
    assert wallsend.opening_hours and wallsend.services
    assert all(place.check_before_use for place in db_session.scalars(select(Place)))


def _generated_ons_rows(count: int):
    for n in range(count):
        district, unit = divmod(n, 400)
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        inward = f"{unit % 10}{letters[(unit // 10) % 20]}{letters[(unit // 200) % 20]}"
        yield {
            "pcds": f"NE{district % 100} {inward}",
            "doterm": "",
            "lat": f"{54.9 + n * 1e-6:.6f}",
            "long": "-1.5",
        }


def test_postcode_import_streams_in_bounded_memory(db_session, database_url):
    """Peak memory does not grow with the file: 4 times the rows, about the same peak."""
    import tracemalloc

    if not database_url.startswith("sqlite"):
        return  # one engine is enough to show the importer streams its input

    def peak_for(rows: int) -> int:
        tracemalloc.start()
        import_postcodes(db_session, _generated_ons_rows(rows))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(10_000), peak_for(40_000)
    assert large < small * 1.5, f"peak {small:,} bytes for 10,000 rows, {large:,} for 40,000"
