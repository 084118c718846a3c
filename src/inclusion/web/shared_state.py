"""State that several instances must share: session data and rate-limit counters.

With REDIS_URL set both live in Redis, so a session begun on one instance is valid on
the next and a rate limit counts every instance's requests. Without it they live on
this machine (sessions in files under var/, so a restart keeps people signed in),
which suits the single embedded instance.

The interface is synchronous: handlers that use it run in worker threads beside their
database work, and every operation is a single quick key lookup.

When Redis stops answering, the store raises SharedStateUnavailable (staff see that
signing in is not available, a resident's booking form says to try again shortly);
rate-limit counters let requests through rather than take the public site down with
Redis, except where a caller asks for `strict` counting (failed sign-ins). After a
failure Redis is left alone for a few seconds, so an outage costs each request
nothing and is logged once, not once a request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

# How long to leave Redis alone after it failed, before trying it again.
REDIS_RETRY_SECONDS = 5.0


class SharedStateUnavailable(Exception):
    """The shared store (Redis) did not answer: what needs it cannot go ahead now."""


class KeyValueStore(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, expires_in: int) -> None: ...
    def add(self, key: str, value: str, expires_in: int) -> bool:
        """Set only if absent (atomically); True if this call set it."""

    def delete(self, key: str) -> None: ...


class Counters(Protocol):
    """Fixed-window counters. With `strict`, a counter that cannot be reached raises
    SharedStateUnavailable; otherwise it counts nothing and lets the request through."""

    def hit(self, key: str, window_seconds: int, *, strict: bool = False) -> int: ...
    def count(self, key: str, *, strict: bool = False) -> int: ...
    def reset(self, key: str, *, strict: bool = False) -> None: ...


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


class RedisConnection:
    """A Redis client that fails fast while Redis is known to be down."""

    def __init__(self, client, retry_after: float = REDIS_RETRY_SECONDS) -> None:
        self.client = client
        self.retry_after = retry_after
        self._down_until = 0.0

    def call(self, operation: str, *args, **kwargs):
        from redis.exceptions import RedisError

        if time.monotonic() < self._down_until:
            raise SharedStateUnavailable()
        try:
            result = getattr(self.client, operation)(*args, **kwargs)
        except RedisError as error:
            if self._down_until == 0.0:
                log.warning("Redis unavailable (%s): sessions paused, rate limits open", error)
            self._down_until = time.monotonic() + self.retry_after
            raise SharedStateUnavailable() from error
        self._back_up()
        return result

    def _back_up(self) -> None:
        if self._down_until:
            log.warning("Redis answers again")
            self._down_until = 0.0

    def is_ready(self) -> bool:
        from redis.exceptions import RedisError

        try:
            self.client.ping()
        except RedisError:
            return False
        self._back_up()
        return True


class RedisStore:
    def __init__(self, connection: RedisConnection, namespace: str = "inclusion") -> None:
        self._redis = connection
        self._namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self._namespace}:{key}"

    def get(self, key: str) -> str | None:
        value = self._redis.call("get", self._key(key))
        return value.decode() if value is not None else None

    def set(self, key: str, value: str, expires_in: int) -> None:
        self._redis.call("set", self._key(key), value, ex=expires_in)

    def add(self, key: str, value: str, expires_in: int) -> bool:
        return bool(self._redis.call("set", self._key(key), value, ex=expires_in, nx=True))

    def delete(self, key: str) -> None:
        self._redis.call("delete", self._key(key))


class MemoryCounters:
    """Fixed-window counters for one process, on the app's clock (so tests can move it)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._now = now

    def hit(self, key: str, window_seconds: int, *, strict: bool = False) -> int:
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
            now = self._now()
            if expires <= now:
                count, expires = 0, now + window_seconds
            self._counts[key] = (count + 1, expires)
            return count + 1

    def count(self, key: str, *, strict: bool = False) -> int:
        with self._lock:
            count, expires = self._counts.get(key, (0, 0.0))
            return count if expires > self._now() else 0

    def reset(self, key: str, *, strict: bool = False) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisCounters:
    """Fixed-window counters in Redis: INCR is atomic across every instance."""

    def __init__(self, connection: RedisConnection, namespace: str = "inclusion:counter") -> None:
        self._redis = connection
        self._namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self._namespace}:{key}"

    def hit(self, key: str, window_seconds: int, *, strict: bool = False) -> int:
        name = self._key(key)

        def incr_with_expiry(pipe) -> None:
            pipe.multi()
            pipe.incr(name)
            pipe.expire(name, window_seconds, nx=True)

        try:
            count, _ = self._redis.call("transaction", incr_with_expiry)
        except SharedStateUnavailable:
            if strict:
                raise
            return 0
        return int(count)

    def count(self, key: str, *, strict: bool = False) -> int:
        try:
            value = self._redis.call("get", self._key(key))
        except SharedStateUnavailable:
            if strict:
                raise
            return 0
        return int(value) if value else 0

    def reset(self, key: str, *, strict: bool = False) -> None:
        try:
            self._redis.call("delete", self._key(key))
        except SharedStateUnavailable:
            if strict:
                raise


@dataclass
class SharedState:
    sessions: KeyValueStore
    counters: Counters
    redis: RedisConnection | None = None

    def is_ready(self) -> bool:
        """Redis answers, or there is no Redis to answer."""
        return self.redis is None or self.redis.is_ready()


def shared_state(
    redis_url: str | None,
    session_dir: Path | None,
    now: Callable[[], float] = time.monotonic,
    redis_prefix: str = "inclusion",
) -> SharedState:
    if redis_url:
        from redis import Redis

        connection = RedisConnection(
            Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=1)
        )
        return SharedState(
            RedisStore(connection, redis_prefix),
            RedisCounters(connection, f"{redis_prefix}:counter"),
            connection,
        )
    sessions = FileStore(session_dir) if session_dir else MemoryStore()
    return SharedState(sessions, MemoryCounters(now))
