"""Benchmark of the finder's nearest-places query, on SQLite and PostgreSQL.

It measures `rank_nearest` (the bounding-box prefilter on the indexed latitude and
longitude, then haversine ranking) asking for the 10 nearest places that lend devices,
against a brute-force baseline that reads every such place and ranks them all in Python.

Each engine gets a fresh migrated database (a temporary SQLite file; a throwaway
PostgreSQL database when one is reachable at TEST_POSTGRES_URL or on 127.0.0.1:5432,
dropped at the end) holding the national libraries file plus generated places spread
across the UK. It prints load time, median and p95 latencies, and checks that the
indexed answers match the brute-force ones. It exits with status 1 when they disagree,
or when the SQLite p95 exceeds the 5 ms budget at 100,000 places or more.

Run it with `make bench` or `.venv/bin/python bench/finder.py` (`--help` for options).
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, insert, select, text
from sqlalchemy.orm import Session

from bench_databases import Unavailable, postgresql_database
from inclusion.db import migrate
from inclusion.db.engine import build_engine
from inclusion.places.distance import Point, haversine_miles
from inclusion.places.geocoding import district_centres
from inclusion.places.importers import import_libraries, read_csv
from inclusion.places.models import Need, Organisation, Place, PlaceService
from inclusion.places.queries import Ranked, rank_nearest

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_LIBRARIES = REPOSITORY / ".." / "shared" / "data" / "england-libraries-2017.csv"

NEED = Need.DEVICE_LENDING
NEAREST = 10
WARM_UP_QUERIES = 20
CHECKED_POINTS = 50
BATCH_SIZE = 5000
# The share of generated places offering each service.
SERVICE_SHARES = {
    Need.WIFI: 0.9,
    Need.PUBLIC_PCS: 0.7,
    Need.DIGITAL_HELP: 0.4,
    Need.DEVICE_LENDING: 0.1,
    Need.DATA_SIMS: 0.1,
    Need.PRINTING: 0.5,
}
JITTER_KM = 3.0
KM_PER_DEGREE_LATITUDE = 111.2
BUDGET_P95_MS = 5.0
BUDGET_MIN_PLACES = 100_000


@dataclass(frozen=True)
class GeneratedPlace:
    row: dict[str, object]  # the places columns, without the id
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class Timed:
    milliseconds: list[float]
    results: list[list[Ranked]]

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.milliseconds)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class EngineResult:
    engine: str
    load_seconds: float
    libraries: int
    indexed: Timed
    brute: Timed
    agreeing: int
    checked: int


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=100_000, help="generated places")
    parser.add_argument("--queries", type=int, default=500, help="query points")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument(
        "--libraries", type=Path, default=DEFAULT_LIBRARIES, help="national libraries CSV"
    )
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args(argv)
    if args.places < 0 or args.queries < 1:
        parser.error("--places must be at least 0 and --queries at least 1")
    return args


# Data ----------------------------------------------------------------------------------


def sorted_districts() -> list[tuple[str, Point]]:
    return sorted(district_centres().items())


def jitter(centre: Point, rng: random.Random) -> Point:
    """A point spread evenly over the disc of radius JITTER_KM around `centre`."""
    distance_km = JITTER_KM * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance_km * math.cos(bearing) / KM_PER_DEGREE_LATITUDE
    dlng = (
        distance_km
        * math.sin(bearing)
        / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(centre.latitude)))
    )
    return Point(centre.latitude + dlat, centre.longitude + dlng)


def generate_places(count: int, seed: int) -> list[GeneratedPlace]:
    rng = random.Random(seed)
    districts = sorted_districts()
    generated = []
    for number in range(1, count + 1):
        district, centre = rng.choice(districts)
        point = jitter(centre, rng)
        row = {
            "slug": f"bench-library-{number}",
            "name": f"Benchmark library {number}",
            "kind": "library",
            "address": f"{number} Benchmark Street",
            "town": district,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "opens_on_bank_holidays": False,
            "check_before_use": [],
            "source": "bench",
            "external_id": str(number),
        }
        needs = tuple(need for need, share in SERVICE_SHARES.items() if rng.random() < share)
        generated.append(GeneratedPlace(row, needs))
    return generated


def query_points(count: int, seed: int) -> list[Point]:
    rng = random.Random(f"{seed}:queries")
    districts = sorted_districts()
    return [rng.choice(districts)[1] for _ in range(count)]


def import_national_file(session: Session, path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return import_libraries(session, read_csv(handle)).loaded


def insert_generated(session: Session, generated: Sequence[GeneratedPlace]) -> None:
    """Bulk inserts in batches: places (reading their ids back), then their services."""
    organisation = Organisation(slug="benchmark", name="Benchmark places")
    session.add(organisation)
    session.flush()
    insert_places = insert(Place).returning(Place.id, sort_by_parameter_order=True)
    for start in range(0, len(generated), BATCH_SIZE):
        batch = generated[start : start + BATCH_SIZE]
        rows = [{**place.row, "organisation_id": organisation.id} for place in batch]
        ids = session.scalars(insert_places, rows).all()
        services = [
            {"place_id": place_id, "kind": need.value}
            for place_id, place in zip(ids, batch, strict=True)
            for need in place.needs
        ]
        for service_start in range(0, len(services), BATCH_SIZE):
            session.execute(
                insert(PlaceService), services[service_start : service_start + BATCH_SIZE]
            )


def load(url: str, libraries: Path, generated: Sequence[GeneratedPlace]) -> tuple[float, int]:
    """Migrate, load everything and ANALYZE; the seconds taken (after migrating) and the
    number of libraries loaded from the national file."""
    migrate.upgrade(url)
    engine = build_engine(url)
    try:
        started = time.perf_counter()
        with Session(engine) as session:
            loaded = import_national_file(session, libraries)
            insert_generated(session, generated)
            session.commit()
            session.execute(text("ANALYZE"))
            session.commit()
        return time.perf_counter() - started, loaded
    finally:
        engine.dispose()


# Queries -------------------------------------------------------------------------------


def indexed_nearest(session: Session, centre: Point) -> list[Ranked]:
    return rank_nearest(session, centre, [NEED], limit=NEAREST)


def brute_force_nearest(session: Session, centre: Point) -> list[Ranked]:
    """Every place offering the need, ranked in Python: no bounding box, no index range."""
    rows = session.execute(
        select(Place.id, Place.latitude, Place.longitude).where(
            exists().where(PlaceService.place_id == Place.id, PlaceService.kind == NEED.value)
        )
    )
    ranked = sorted(
        (
            Ranked(row.id, haversine_miles(centre, Point(row.latitude, row.longitude)))
            for row in rows
        ),
        key=lambda r: (r.miles, r.place_id),
    )
    return ranked[:NEAREST]


def time_queries(
    session: Session,
    points: Sequence[Point],
    nearest: Callable[[Session, Point], list[Ranked]],
) -> Timed:
    for point in points[:WARM_UP_QUERIES]:
        nearest(session, point)
    milliseconds, results = [], []
    for point in points:
        started = time.perf_counter()
        results.append(nearest(session, point))
        milliseconds.append((time.perf_counter() - started) * 1000)
    return Timed(milliseconds, results)


def agrees(indexed: list[Ranked], brute: list[Ranked]) -> bool:
    """Same places, or (when places tie on distance) the same distances."""
    if [r.place_id for r in indexed] == [r.place_id for r in brute]:
        return True
    return [round(r.miles, 9) for r in indexed] == [round(r.miles, 9) for r in brute]


def run_engine(
    engine_name: str,
    url: str,
    libraries: Path,
    generated: Sequence[GeneratedPlace],
    points: Sequence[Point],
) -> EngineResult:
    progress(f"{engine_name}: loading {len(generated):,} generated places and the national file")
    load_seconds, loaded = load(url, libraries, generated)
    engine = build_engine(url)
    try:
        with Session(engine) as session:
            progress(f"{engine_name}: {len(points)} indexed queries")
            indexed = time_queries(session, points, indexed_nearest)
            progress(f"{engine_name}: {len(points)} brute-force queries")
            brute = time_queries(session, points, brute_force_nearest)
    finally:
        engine.dispose()
    pairs = list(zip(indexed.results, brute.results, strict=True))[:CHECKED_POINTS]
    agreeing = sum(agrees(mine, theirs) for mine, theirs in pairs)
    return EngineResult(engine_name, load_seconds, loaded, indexed, brute, agreeing, len(pairs))


# Databases -----------------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="inclusion-bench-") as directory:
        yield f"sqlite:///{Path(directory) / 'bench.sqlite3'}"


# Report --------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def milliseconds(value: float) -> str:
    decimals = 2 if value < 10 else 1 if value < 100 else 0
    return f"{value:.{decimals}f} ms"


def ratio(brute: float, indexed: float) -> str:
    times = brute / indexed
    return f"{times:.1f}x" if times < 10 else f"{times:,.0f}x"


TABLE_ROW = "{:<11} {:>7}  {:>14} {:>10}  {:>12} {:>10}  {:>13} {:>10}"


def print_report(
    results: Sequence[EngineResult], generated: int, queries: int, skipped: str | None
) -> None:
    libraries = results[0].libraries
    print(
        f"Finder benchmark: {generated + libraries:,} places ({generated:,} generated + "
        f"{libraries:,} from the national file), {queries:,} queries, "
        f"need={NEED.value}, nearest {NEAREST}"
    )
    print(
        TABLE_ROW.format(
            "engine",
            "load s",
            "indexed median",
            "p95",
            "brute median",
            "p95",
            "ratio(median)",
            "ratio(p95)",
        )
    )
    for result in results:
        indexed, brute = result.indexed, result.brute
        print(
            TABLE_ROW.format(
                result.engine,
                f"{result.load_seconds:.1f}",
                milliseconds(indexed.median),
                milliseconds(indexed.p95),
                milliseconds(brute.median),
                milliseconds(brute.p95),
                ratio(brute.median, indexed.median),
                ratio(brute.p95, indexed.p95),
            )
        )
    if skipped:
        print(f"PostgreSQL: skipped ({skipped})")
    for result in results:
        print(
            f"{result.engine}: results agree with brute force on "
            f"{result.agreeing}/{result.checked} points"
        )


def budget_verdict(sqlite: EngineResult, generated: int) -> bool | None:
    """True or False against the SQLite p95 budget; None when too few places to judge."""
    if generated < BUDGET_MIN_PLACES:
        print(f"Budget: not checked (it applies at {BUDGET_MIN_PLACES:,} generated places)")
        return None
    passed = sqlite.indexed.p95 <= BUDGET_P95_MS
    print(
        f"Budget: p95 <= {BUDGET_P95_MS:g} ms at {BUDGET_MIN_PLACES:,} places on SQLite: "
        f"{'PASS' if passed else 'FAIL'} (p95 {milliseconds(sqlite.indexed.p95)})"
    )
    return passed


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    generated = generate_places(args.places, args.seed)
    points = query_points(args.queries, args.seed)
    # The generated rows stay alive to the end: keep Python's collector from walking them
    # again and again, since a full pass (about 200 ms) would land inside timed queries.
    gc.freeze()
    results = []
    with sqlite_database() as url:
        results.append(run_engine("sqlite", url, args.libraries, generated, points))
    skipped = "--sqlite-only" if args.sqlite_only else None
    if not args.sqlite_only:
        try:
            with postgresql_database() as url:
                results.append(run_engine("postgresql", url, args.libraries, generated, points))
        except Unavailable as error:
            skipped = str(error)
    print_report(results, args.places, args.queries, skipped)
    budget = budget_verdict(results[0], args.places)
    all_agree = all(result.agreeing == result.checked for result in results)
    return 0 if all_agree and budget is not False else 1


if __name__ == "__main__":
    sys.exit(main())
