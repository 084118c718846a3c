"""State that several instances must share: session data and rate-limit counters.

With REDIS_URL set both live in Redis, so a session begun on one instance is valid on
the next and a rate limit counts every instance's requests. Without it they live on
this machine (sessions in files under var/, so a restart keeps people signed in),
which suits the single embedded instance.

The interface is synchronous: handlers that use it run in worker threads beside their
database work, and every operation is a single quick key lookup.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class KeyValueStore(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, expires_in: int) -> None: ...
    def add(self, key: str, value: str, expires_in: int) -> bool:
        """Set only if absent (atomically); True if this call set it."""

    def delete(self, key: str) -> None: ...


class Counters(Protocol):
    def hit(self, key: str, window_seconds: int) -> int: ...
    def count(self, key: str) -> int: ...
    def reset(self, key: str) -> None: ...


class MemoryStore:
    def __init__(self) -> None:
        self._items: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            value, expires = self._items.get(key, (None, 0.0))
            if value is not None and expires <= time.time():
                del self._items[key]
                return None
            return value

    def set(self, key: str, value: str, expires_in: int) -> None:
        with self._lock:
            self._items[key] = (value, time.time() + expires_in)

    def add(self, key: str, value: str, expires_in: int) -> bool:
        with self._lock:
            current = self._items.get(key)
            if current is not None and current[1] > time.time():
                return False
            self._items[key] = (value, time.time() + expires_in)
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)


class FileStore:
    """One small JSON file a key, named by the key's hash, written atomically."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self._directory / hashlib.sha256(key.encode()).hexdigest()

    def get(self, key: str) -> str | None:
        try:
            record = json.loads(self._path(key).read_text())
        except (OSError, ValueError):
            return None
        if record["expires"] <= time.time():
            self.delete(key)
            return None
        return record["value"]

    def set(self, key: str, value: str, expires_in: int) -> None:
        record = json.dumps({"value": value, "expires": time.time() + expires_in})
        handle, temporary = tempfile.mkstemp(dir=self._directory)
        with os.fdopen(handle, "w") as stream:
            stream.write(record)
        os.replace(temporary, self._path(key))

    def add(self, key: str, value: str, expires_in: int) -> bool:
        if self.get(key) is not None:  # also clears an expired file
            return False
        record = json.dumps({"value": value, "expires": time.time() + expires_in})
        try:
            handle = os.open(self._path(key), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(handle, "w") as stream:
            stream.write(record)
        return True

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class RedisStore:
    def __init__(self, client, namespace: str = "inclusion") -> None:
        self._redis = client
        self._namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self._namespace}:{key}"

    def get(self, key: str) -> str | None:
        value = self._redis.get(self._key(key))
        return value.decode() if value is not None else None

    def set(self, key: str, value: str, expires_in: int) -> None:
        self._redis.set(self._key(key), value, ex=expires_in)

    def add(self, key: str, value: str, expires_in: int) -> bool:
        return bool(self._redis.set(self._key(key), value, ex=expires_in, nx=True))

    def delete(self, key: str) -> None:
        self._redis.delete(self._key(key))


class MemoryCounters:
    """Fixed-window counters for one process, on the app's clock (so tests can move it)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._now = now

    def hit(self, key: str, window_seconds: int) -> int:
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
            now = self._now()
            if expires <= now:
                count, expires = 0, now + window_seconds
            self._counts[key] = (count + 1, expires)
            return count + 1

    def count(self, key: str) -> int:
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
            return count if expires > self._now() else 0

    def reset(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisCounters:
    """Fixed-window counters in Redis: INCR is atomic across every instance."""

    def __init__(self, client, namespace: str = "inclusion:counter") -> None:
        self._redis = client
        self._namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self._namespace}:{key}"

    def hit(self, key: str, window_seconds: int) -> int:
        pipe = self._redis.pipeline(transaction=True)
        pipe.incr(self._key(key))
        pipe.expire(self._key(key), window_seconds, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def count(self, key: str) -> int:
        value = self._redis.get(self._key(key))
        return int(value) if value else 0

    def reset(self, key: str) -> None:
        self._redis.delete(self._key(key))


@dataclass
class SharedState:
    sessions: KeyValueStore
    counters: Counters


def shared_state(
    redis_url: str | None,
    session_dir: Path | None,
    now: Callable[[], float] = time.monotonic,
    redis_prefix: str = "inclusion",
) -> SharedState:
    if redis_url:
        from redis import Redis

        client = Redis.from_url(redis_url, socket_timeout=2)
        return SharedState(
            RedisStore(client, redis_prefix), RedisCounters(client, f"{redis_prefix}:counter")
        )
    sessions = FileStore(session_dir) if session_dir else MemoryStore()
    return SharedState(sessions, MemoryCounters(now))
