"""The impact benchmark still runs: a generated year, every page it times answering."""

from __future__ import annotations

import subprocess
import sys

from inclusion.settings import PROJECT_ROOT


def test_the_impact_benchmark_runs():
    result = subprocess.run(
        [sys.executable, "bench/impact.py", "--repeat", "1"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "dashboard, 12 months" in result.stdout
    assert "open data JSON, kept" in result.stdout
