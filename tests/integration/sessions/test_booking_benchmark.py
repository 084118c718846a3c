"""The booking benchmark runs end to end, small, on SQLite, and its check passes."""

from __future__ import annotations

import subprocess
import sys

from inclusion.settings import PROJECT_ROOT


def test_booking_benchmark_runs_and_its_correctness_check_passes():
    finished = subprocess.run(
        [
            sys.executable,
            "bench/booking.py",
            "--bookings",
            "40",
            "--clients",
            "5",
            "--sqlite-only",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "sqlite: correctness PASS: " in finished.stdout, finished.stdout
    assert "PostgreSQL: skipped (--sqlite-only)" in finished.stdout
