"""The finder benchmark still runs, and its indexed answers match a brute-force scan."""

from __future__ import annotations

import subprocess
import sys

from inclusion.settings import PROJECT_ROOT


def test_small_benchmark_agrees_with_brute_force():
    result = subprocess.run(
        [sys.executable, "bench/finder.py", "--places", "2000", "--queries", "50", "--sqlite-only"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "results agree with brute force on 50/50 points" in result.stdout
