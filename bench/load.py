"""Load test: residents on the two-instance cluster, then the framework's limit beside it.

The cluster is the one `make test-cluster` starts (tests/cluster/harness.py): two app
instances (uvicorn, one worker process each unless --workers says otherwise) and an
outbox worker, on a new PostgreSQL database `cluster_<random>` (dropped at the end)
and the local Redis under a prefix of the run's own (deleted at the end).

1. The mix (bench/locustfile.py, locust headless): finder searches by postcode, place
   pages, the session list, session pages, whole bookings (five POSTs) and "was this
   page useful" answers, for --seconds (60) with --users residents pausing about
   --pause seconds between actions. Prints throughput, median and p95 per page, and
   errors; checks the budgets (no errors, p95 <= 100 ms for every page).
2. The limit: each GET page alone, then a Litestar route that returns a place page's
   bytes from memory (bench/fixed_bytes.py, same server, instances and workers), each
   saturated by --solo-users users without pauses for --solo-seconds; every page's
   throughput is shown as a share of the memory route's.

Locust runs on the same two cores as the servers, so the limit it measures is the
machine's (server and load generator together), not the server's alone.

Run it with `make bench-load` (or `.venv/bin/python bench/load.py --help`).
Exit status 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
# The cluster harness and the factories come from the tests.
sys.path.insert(0, str(REPOSITORY))

import httpx  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from tests.cluster.harness import Cluster, app_command, cluster_database, running_cluster  # noqa: E402
from tests.factories.sessions import make_session  # noqa: E402
from tests.servers import free_port  # noqa: E402

from bench_databases import DEFAULT_POSTGRES_URL  # noqa: E402
from inclusion.db.engine import build_engine  # noqa: E402
from inclusion.places.models import Place  # noqa: E402

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LOCUSTFILE = REPOSITORY / "bench" / "locustfile.py"
P95_BUDGET_MS = 100
NO_CEILINGS = {
    "INCLUSION_FORM_POSTS_PER_MINUTE": "1000000",
    "INCLUSION_BOOKINGS_PER_ADDRESS_PER_HOUR": "1000000",
    "INCLUSION_FEEDBACK_PER_ADDRESS_PER_HOUR": "1000000",
}


WARM_UP_SECONDS = 10


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the mix")
    parser.add_argument("--users", type=int, default=10, help="residents in the mix")
    parser.add_argument("--pause", type=float, default=2.0, help="mean pause (s) in the mix")
    parser.add_argument("--solo-seconds", type=int, default=10, help="each page alone")
    parser.add_argument("--solo-users", type=int, default=4, help="users without pauses")
    parser.add_argument("--workers", type=int, default=1, help="processes per instance")
    parser.add_argument("--no-solo", action="store_true", help="the mix only")
    return parser.parse_args()


def locust(env: dict[str, str], users: int, seconds: int, user_class: str, out: Path) -> dict:
    """Run locust headless; its stats per request name."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            user_class,
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, **env},
        check=False,
        stdout=subprocess.DEVNULL,
        # Locust's own summary; the figures that matter are printed below.
        stderr=open(f"{out}.log", "w"),  # noqa: SIM115 - closed with the process
    )
    with open(f"{out}_failures.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            print(f"  failed {row['Occurrences']} times: {row['Name']}: {row['Error'][:200]}")
    with open(f"{out}_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def sessions_for_load(database_url: str) -> tuple[list[int], list[str]]:
    """Sessions with room for every booking the run makes, and the places' slugs."""
    engine = build_engine(database_url)
    with Session(engine) as session:
        slugs = list(session.scalars(select(Place.slug).order_by(Place.slug)))
        starts = datetime.now(UTC) + timedelta(days=10)
        made = [
            make_session(session, starts + timedelta(days=n), capacity=1_000_000, place_slug=slug)
            for n, slug in enumerate(slugs[:5])
        ]
        session.commit()
        ids = [skill_session.id for skill_session in made]
    engine.dispose()
    return ids, slugs


def print_mix(stats: dict, seconds: int) -> list[str]:
    """The mix's table; the budgets it misses."""
    missed = []
    print(f"\nMix for {seconds} s")
    print(f"  {'page':<22}{'requests':>9}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}{'errors':>8}")
    for name, row in stats.items():
        p95, failures = float(row["95%"]), int(row["Failure Count"])
        print(
            f"  {name:<22}{int(row['Request Count']):>9}{float(row['Requests/s']):>8.1f}"
            f"{float(row['50%']):>11.0f}{p95:>8.0f}{failures:>8}"
        )
        if failures:
            missed.append(f"{name}: {failures} errors")
        if name != "Aggregated" and p95 > P95_BUDGET_MS:
            missed.append(f"{name}: p95 {p95:.0f} ms > {P95_BUDGET_MS} ms")
    return missed


def solo_runs(cluster: Cluster, env: dict, args, pages: dict[str, str], out: Path) -> None:
    """Each page alone, then the memory route, saturated; throughput as a share."""
    results = {}
    for name, path in pages.items():
        stats = locust(
            {**env, "LOAD_PATH": path, "LOAD_NAME": name},
            args.solo_users,
            args.solo_seconds,
            "Saturating",
            out / f"solo-{len(results)}",
        )
        results[name] = stats[name]
    body = out / "body.html"
    body.write_bytes(httpx.get(cluster.urls[0] + pages["place page"]).content)
    limit_env = {
        **os.environ,
        "BENCH_BODY_FILE": str(body),
        "PYTHONPATH": str(REPOSITORY / "bench"),
    }
    ports = [free_port() for _ in cluster.urls]
    servers = [
        subprocess.Popen(
            app_command(port, args.workers, app="fixed_bytes:app"),
            cwd=REPOSITORY / "bench",
            env=limit_env,
        )
        for port in ports
    ]
    try:
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        for host in hosts:
            wait_until_up(host)
        name = "memory route"
        stats = locust(
            {**env, "LOAD_HOSTS": ",".join(hosts), "LOAD_PATH": "/page", "LOAD_NAME": name},
            args.solo_users,
            args.solo_seconds,
            "Saturating",
            out / "solo-limit",
        )
        results[name] = stats[name]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    limit = float(results["memory route"]["Requests/s"])
    print(f"\nEach page alone, {args.solo_users} users without pauses, {args.solo_seconds} s")
    print(f"  {'page':<22}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}{'of limit':>10}")
    for name, row in results.items():
        rps = float(row["Requests/s"])
        print(
            f"  {name:<22}{rps:>8.1f}{float(row['50%']):>11.0f}{float(row['95%']):>8.0f}"
            f"{rps / limit:>10.0%}"
        )


def wait_until_up(host: str) -> None:
    import time

    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(host, timeout=1)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main() -> int:
    args = arguments()
    from redis import Redis

    prefix = f"load-{uuid.uuid4().hex[:10]}"
    redis = Redis.from_url(REDIS_URL)
    out = Path(tempfile.mkdtemp(prefix="inclusion-load-"))
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        with cluster_database(admin_url) as database_url:
            session_ids, places = sessions_for_load(database_url)
            env = {
                "DATABASE_URL": database_url,
                "REDIS_URL": REDIS_URL,
                "INCLUSION_REDIS_PREFIX": prefix,
                "INCLUSION_SECRET_KEY": "load-test-secret-key-0123456789abcdef",
                "INCLUSION_SESSION_DIR": "",
                **NO_CEILINGS,
            }
            with running_cluster(env, out / "logs", workers_per_instance=args.workers) as cluster:
                load_env = {
                    "LOAD_HOSTS": ",".join(cluster.urls),
                    "LOAD_SESSION_IDS": ",".join(map(str, session_ids)),
                    "LOAD_PLACES": ",".join(places),
                    "LOAD_PAUSE": str(args.pause),
                }
                print(
                    f"Cluster: {len(cluster.urls)} instances x {args.workers} worker process(es), "
                    f"PostgreSQL + Redis, {os.cpu_count()} CPUs; {args.users} residents, "
                    f"mean pause {args.pause} s"
                )
                # A live service is warm: each instance has compiled its templates and
                # filled its connection pool before the measured minute starts.
                locust(load_env, args.users, WARM_UP_SECONDS, "Resident", out / "warm-up")
                stats = locust(load_env, args.users, args.seconds, "Resident", out / "mix")
                missed = print_mix(stats, args.seconds)
                if not args.no_solo:
                    pages = {
                        "finder search": "/find?postcode=NE29",
                        "place page": f"/places/{places[0]}",
                        "session list": "/sessions/",
                        "session detail": f"/sessions/{session_ids[0]}",
                    }
                    solo_runs(cluster, load_env, args, pages, out)
    finally:
        for key in redis.scan_iter(match=f"{prefix}:*"):
            redis.delete(key)
        redis.close()
    print("\nBudgets: no errors, p95 <= 100 ms for every page:", "missed" if missed else "met")
    for line in dict.fromkeys(missed):
        print(f"  {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
