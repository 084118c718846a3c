"""Benchmark of residents booking sessions over HTTP, on SQLite and PostgreSQL.

Real app servers (uvicorn, as in the tests) take complete bookings from concurrent
clients, the way a browser makes them: POST /sessions/{id}/book, then the name, contact
and access-needs pages, then "Book my place" (POST /sessions/{id}/book/check). The
bookings are spread round-robin over several sessions with more than enough places, so
capacity never runs out. Two timed phases on each engine:

- whole flow: N bookings of 5 POSTs each; bookings/s counts whole bookings, so it is
  the request rate divided by 5;
- "Book my place" only: N drafts are filled in first (not timed), then the clients
  press the button N times; bookings/s counts only that final POST, and its p50/p95
  latencies are the booking POST's latency under that concurrency.

SQLite runs one instance on a temporary file (drafts in files beside it). PostgreSQL
runs two instances sharing a throwaway database (`inclusion_bench_<random>`, dropped
at the end) and Redis db 14 (flushed before and after), when both are reachable; each
client sends its requests to the instances in turn, as a round-robin load balancer
would, so a draft begun on one instance is finished on the other. A correctness line
per engine checks that the confirmed bookings in the database equal the successful
"Book my place" POSTs and that no session's `booked` exceeds its capacity (or differs
from its confirmed bookings). It exits with status 1 when that check fails or when any
booking failed.

Run it with `.venv/bin/python bench/booking.py` (`--help` for options).
"""

from __future__ import annotations

import argparse
import math
import queue
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# `tests` (the session factory and the server runner) is imported from the repository.
sys.path.insert(0, str(REPOSITORY))

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from tests.factories.sessions import make_session  # noqa: E402
from tests.servers import running_servers  # noqa: E402

from bench_databases import Unavailable, postgresql_database  # noqa: E402
from inclusion.db import migrate  # noqa: E402
from inclusion.db.engine import build_engine  # noqa: E402
from inclusion.places.demo import load_demo  # noqa: E402
from inclusion.sessions.models import Booking, BookingStatus, SkillSession  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/14"
SECRET_KEY = "booking-benchmark-secret-key-0123456789"
SESSIONS = 8
WARM_UP_BOOKINGS_PER_INSTANCE = 3
REQUEST_TIMEOUT_SECONDS = 60
# The answers a resident gives on the question pages between "Book" and the check page.
QUESTION_PAGES = (
    ("name", {"name": "Benchmark Resident"}),
    ("contact", {"contact-method": "none"}),
    ("access-needs", {}),
)
POSTS_PER_BOOKING = 2 + len(QUESTION_PAGES)  # start, the questions, "Book my place"


class BookingFailed(Exception):
    pass


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=400, help="bookings per phase")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args(argv)
    if args.bookings < 1 or args.clients < 1:
        parser.error("--bookings and --clients must be at least 1")
    return args


# Measurements --------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (0 < share <= 1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Phase:
    """One timed run: its wall time, requests sent, and each "Book my place" answer."""

    name: str
    bookings: int = 0  # successful "Book my place" POSTs
    requests: int = 0
    seconds: float = 0.0
    check_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def bookings_per_second(self) -> float:
        return self.bookings / self.seconds

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds


@dataclass(frozen=True)
class Check:
    successful_posts: int
    confirmed: int
    most_booked: int
    capacity: int
    over_capacity: list[int]
    counter_mismatch: list[int]

    @property
    def passed(self) -> bool:
        return (
            self.confirmed == self.successful_posts
            and not self.over_capacity
            and not self.counter_mismatch
        )


@dataclass(frozen=True)
class EngineResult:
    engine: str
    instances: int
    whole: Phase
    press: Phase
    check: Check
    failures: list[str]


# Residents and their requests ----------------------------------------------------------


@dataclass
class Resident:
    number: int
    session_id: int
    cookies: dict[str, str] = field(default_factory=dict)
    sent: int = 0  # requests so far, which also picks the instance for the next


class Client:
    """One concurrent client: a kept-alive connection to each instance, sending one
    resident's cookies at a time and handing its requests to the instances in turn."""

    def __init__(self, index: int, bases: Sequence[str]):
        self.index = index
        self.browsers = [
            httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_SECONDS) for base in bases
        ]
        self.csrf_token = ""

    def close(self) -> None:
        for browser in self.browsers:
            browser.close()

    def fetch_csrf_token(self, session_id: int) -> None:
        """The CSRF cookie, from the session's page (not timed); residents reuse it."""
        browser = self.browsers[self.index % len(self.browsers)]
        browser.cookies.clear()
        page = browser.get(f"/sessions/{session_id}")
        page.raise_for_status()
        self.csrf_token = page.cookies["csrftoken"]

    def post(self, resident: Resident, path: str, data: dict[str, str]) -> httpx.Response:
        browser = self.browsers[(self.index + resident.sent) % len(self.browsers)]
        resident.sent += 1
        resident.cookies.setdefault("csrftoken", self.csrf_token)
        browser.cookies.clear()  # this resident's cookies only, sent by hand
        cookie_header = "; ".join(f"{name}={value}" for name, value in resident.cookies.items())
        answer = browser.post(
            path,
            data={**data, "_csrf_token": resident.cookies["csrftoken"]},
            headers={"Cookie": cookie_header},
        )
        resident.cookies.update(dict(answer.cookies))
        return answer


def expect_redirect(answer: httpx.Response, to: str) -> None:
    location = answer.headers.get("location", "")
    if answer.status_code != 303 or to not in location:
        raise BookingFailed(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} "
            f"{location or answer.text[:80]!r} (expected a redirect to {to})"
        )


def fill_in(client: Client, resident: Resident) -> None:
    """Start a draft and answer the question pages: everything before the check page."""
    base = f"/sessions/{resident.session_id}/book"
    expect_redirect(client.post(resident, base, {}), f"{base}/name")
    for step, data in QUESTION_PAGES:
        expect_redirect(client.post(resident, f"{base}/{step}", data), base)


def press_book(client: Client, resident: Resident) -> float:
    """Press "Book my place"; the milliseconds the POST took."""
    started = time.perf_counter()
    answer = client.post(resident, f"/sessions/{resident.session_id}/book/check", {})
    elapsed = (time.perf_counter() - started) * 1000
    expect_redirect(answer, "/bookings/")
    return elapsed


def run_clients(
    clients: Sequence[Client],
    residents: Sequence[Resident],
    work: Callable[[Client, Resident], float | None],
    phase: Phase,
) -> None:
    """Every client takes residents from one queue until none is left; the clock runs
    from the moment all clients are ready until the last answer."""
    waiting: queue.SimpleQueue[Resident] = queue.SimpleQueue()
    for resident in residents:
        waiting.put(resident)
    start = threading.Barrier(len(clients) + 1)
    lock = threading.Lock()

    def loop(client: Client) -> None:
        start.wait()
        while True:
            try:
                resident = waiting.get_nowait()
            except queue.Empty:
                return
            sent_before = resident.sent
            try:
                milliseconds = work(client, resident)
                error = None
            except Exception as failure:  # noqa: BLE001 - reported, and the run fails
                milliseconds, error = None, f"{type(failure).__name__}: {failure}"
            with lock:
                phase.requests += resident.sent - sent_before
                if error:
                    phase.failures.append(error)
                elif milliseconds is not None:
                    phase.bookings += 1
                    phase.check_ms.append(milliseconds)

    threads = [threading.Thread(target=loop, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started


def whole_booking(client: Client, resident: Resident) -> float:
    fill_in(client, resident)
    return press_book(client, resident)


def fill_in_only(client: Client, resident: Resident) -> None:
    fill_in(client, resident)


# One engine ----------------------------------------------------------------------------


def prepare_database(url: str, capacity: int) -> list[int]:
    """Migrate, load the demo venues and make the sessions; their ids."""
    migrate.upgrade(url)
    engine = build_engine(url)
    try:
        with Session(engine) as session:
            load_demo(session)
            first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
            made = [
                make_session(
                    session,
                    first + timedelta(days=14 + number),
                    capacity=capacity,
                    title=f"Benchmark session {number + 1}",
                )
                for number in range(SESSIONS)
            ]
            session.commit()
            return [skill_session.id for skill_session in made]
    finally:
        engine.dispose()


def check_database(url: str, successful_posts: int) -> Check:
    engine = build_engine(url)
    try:
        with Session(engine) as session:
            confirmed = dict(
                session.execute(
                    select(Booking.session_id, func.count())
                    .where(Booking.status == BookingStatus.CONFIRMED)
                    .group_by(Booking.session_id)
                ).all()
            )
            sessions = session.execute(
                select(SkillSession.id, SkillSession.capacity, SkillSession.booked)
            ).all()
    finally:
        engine.dispose()
    return Check(
        successful_posts=successful_posts,
        confirmed=sum(confirmed.values()),
        most_booked=max((row.booked for row in sessions), default=0),
        capacity=min((row.capacity for row in sessions), default=0),
        over_capacity=[row.id for row in sessions if row.booked > row.capacity],
        counter_mismatch=[row.id for row in sessions if row.booked != confirmed.get(row.id, 0)],
    )


def residents_for(session_ids: Sequence[int], count: int, numbered_from: int) -> list[Resident]:
    return [
        Resident(number, session_ids[number % len(session_ids)])
        for number in range(numbered_from, numbered_from + count)
    ]


def run_engine(
    engine_name: str, url: str, env: dict[str, str], instances: int, bookings: int, clients: int
) -> EngineResult:
    warm_up = WARM_UP_BOOKINGS_PER_INSTANCE * instances
    planned = warm_up + 2 * bookings
    # Twice the most any session is given: capacity never runs out.
    capacity = 2 * math.ceil(planned / SESSIONS)
    progress(f"{engine_name}: migrating, loading the demo venues, {SESSIONS} sessions")
    session_ids = prepare_database(url, capacity)
    server_env = {
        "DATABASE_URL": url,
        "INCLUSION_SECRET_KEY": SECRET_KEY,
        # Every client posts from 127.0.0.1: lift the per-address ceilings.
        "INCLUSION_FORM_POSTS_PER_MINUTE": "100000000",
        "INCLUSION_BOOKINGS_PER_ADDRESS_PER_HOUR": "100000000",
        "INCLUSION_RUN_WORKER_IN_APP": "0",
        **env,
    }
    progress(f"{engine_name}: starting {instances} server(s)")
    with running_servers(server_env, count=instances) as bases:
        pool = [Client(index, bases) for index in range(clients)]
        try:
            for client in pool:
                client.fetch_csrf_token(session_ids[0])
            warming = Phase("warm-up")
            run_clients(pool[:1], residents_for(session_ids, warm_up, 0), whole_booking, warming)

            progress(f"{engine_name}: {bookings} whole bookings by {clients} clients")
            whole = Phase("whole flow")
            run_clients(pool, residents_for(session_ids, bookings, warm_up), whole_booking, whole)

            progress(f"{engine_name}: filling in {bookings} drafts, then pressing Book")
            drafts = residents_for(session_ids, bookings, warm_up + bookings)
            filling = Phase("filling in")
            run_clients(pool, drafts, fill_in_only, filling)
            ready = [resident for resident in drafts if "booking-draft" in resident.cookies]
            press = Phase("Book my place")
            run_clients(pool, ready, press_book, press)
        finally:
            for client in pool:
                client.close()
    successful = warming.bookings + whole.bookings + press.bookings
    failures = warming.failures + whole.failures + filling.failures + press.failures
    check = check_database(url, successful)
    return EngineResult(engine_name, instances, whole, press, check, failures)


# Databases -----------------------------------------------------------------------------


@contextmanager
def sqlite_site() -> Iterator[tuple[str, dict[str, str]]]:
    with tempfile.TemporaryDirectory(prefix="inclusion-bench-") as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        env = {"REDIS_URL": "", "INCLUSION_SESSION_DIR": str(Path(directory) / "sessions")}
        yield url, env


@contextmanager
def redis_database() -> Iterator[str]:
    """Redis db 14, flushed before and after."""
    from redis import Redis

    client = Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001 - any failure means Redis is absent
        client.close()
        raise Unavailable(f"Redis not reachable at {REDIS_URL}: {error}") from error
    client.flushdb()
    try:
        yield REDIS_URL
    finally:
        client.flushdb()
        client.close()


@contextmanager
def postgresql_site() -> Iterator[tuple[str, dict[str, str]]]:
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_database())
        url = stack.enter_context(postgresql_database())
        yield url, {"REDIS_URL": redis_url}


# Report --------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def milliseconds(value: float) -> str:
    decimals = 1 if value < 100 else 0
    return f"{value:.{decimals}f} ms"


TABLE_ROW = "{:<11} {:>7}  {:<34} {:>10} {:>10}  {:>9} {:>9} {:>9}"


def print_report(
    results: Sequence[EngineResult], bookings: int, clients: int, skipped: str | None
) -> None:
    print(
        f"Booking benchmark: {bookings:,} bookings per phase by {clients} concurrent clients, "
        f"over {SESSIONS} sessions with places to spare"
    )
    print(
        TABLE_ROW.format(
            "engine", "servers", "phase", "bookings/s", "requests/s", "book p50", "p95", "max"
        )
    )
    for result in results:
        for phase, label in (
            (result.whole, f"whole flow ({POSTS_PER_BOOKING} POSTs a booking)"),
            (result.press, '"Book my place" POST only'),
        ):
            latencies = phase.check_ms or [math.nan]
            print(
                TABLE_ROW.format(
                    result.engine,
                    result.instances,
                    label,
                    f"{phase.bookings_per_second:.1f}",
                    f"{phase.requests_per_second:.1f}",
                    milliseconds(statistics.median(latencies)),
                    milliseconds(percentile(latencies, 0.95)),
                    milliseconds(max(latencies)),
                )
            )
    print(
        f"  whole flow: bookings/s counts complete bookings ({POSTS_PER_BOOKING} requests "
        "each); requests/s counts every POST."
    )
    print(
        '  "Book my place" only: drafts filled in beforehand (not timed); bookings/s counts '
        "only POST /book/check."
    )
    print("  book p50/p95/max: latency of POST /sessions/{id}/book/check in that phase.")
    if skipped:
        print(f"PostgreSQL: skipped ({skipped})")
    for result in results:
        check = result.check
        print(
            f"{result.engine}: correctness {'PASS' if check.passed else 'FAIL'}: "
            f"{check.confirmed} confirmed bookings in the database, "
            f"{check.successful_posts} successful Book POSTs; "
            f"sessions over capacity: {len(check.over_capacity)} "
            f"(most booked {check.most_booked} of {check.capacity}); "
            f"booked counters not matching confirmed bookings: {len(check.counter_mismatch)}"
        )
        if result.failures:
            print(f"{result.engine}: {len(result.failures)} bookings failed, first few:")
            for failure in result.failures[:5]:
                print(f"  {failure}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = []
    with sqlite_site() as (url, env):
        results.append(run_engine("sqlite", url, env, 1, args.bookings, args.clients))
    skipped = "--sqlite-only" if args.sqlite_only else None
    if not args.sqlite_only:
        try:
            with postgresql_site() as (url, env):
                results.append(run_engine("postgresql", url, env, 2, args.bookings, args.clients))
        except Unavailable as error:
            skipped = str(error)
    print_report(results, args.bookings, args.clients, skipped)
    passed = all(result.check.passed and not result.failures for result in results)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
