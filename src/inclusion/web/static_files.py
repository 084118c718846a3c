"""Static files with a content hash in their URL, so browsers may cache them forever."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

STATIC_PREFIX = "/static"


@cache
def _fingerprint(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(static_dir: Path, name: str) -> str:
    """`/static/app.css?v=<hash of its content>`; the hash changes when the file does."""
    path = static_dir / name
    version = _fingerprint(path, path.stat().st_mtime_ns)
    return f"{STATIC_PREFIX}/{name}?v={version}"
