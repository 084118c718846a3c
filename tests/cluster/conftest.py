"""The cluster: two app instances and a worker on PostgreSQL and Redis, as in production.

Every test here is marked `cluster`. `make test-cluster` runs them; `make test` leaves
them out, since they start servers of their own and take a minute or two.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from tests.cluster.harness import Cluster, cluster_database, running_cluster
from tests.conftest import _postgres_admin_url, skip_or_fail
from tests.integration.notify.conftest import RecordingSmtpHandler
from tests.servers import free_port

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
FORM_POSTS_PER_MINUTE = 20
SECRET_KEY = "cluster-test-secret-key-0123456789abcdef"


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "cluster: starts app instances and a worker as processes")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/cluster/" in item.nodeid:
            item.add_marker(pytest.mark.cluster)


@pytest.fixture(scope="module")
def smtp() -> Iterator[RecordingSmtpHandler]:
    """A real SMTP server that keeps what it is given."""
    handler = RecordingSmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def shared_postgres() -> str:
    """The machine's PostgreSQL (it is never stopped here)."""
    admin_url = _postgres_admin_url()
    try:
        engine = create_engine(admin_url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure to connect means "absent"
        reason = f"PostgreSQL is not reachable at {admin_url}: {error}"
        skip_or_fail(reason, "INCLUSION_REQUIRE_POSTGRES")
    return admin_url


@pytest.fixture(scope="module")
def shared_redis() -> Iterator[dict[str, str]]:
    """The machine's Redis under a prefix of this module's own, deleted afterwards."""
    from redis import Redis

    client = Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001 - any failure means Redis is absent
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}", "INCLUSION_REQUIRE_REDIS")
    prefix = f"cluster-{uuid.uuid4().hex[:10]}"
    try:
        yield {"REDIS_URL": REDIS_URL, "INCLUSION_REDIS_PREFIX": prefix}
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        client.close()


def cluster_env(database_url: str, redis: dict[str, str], smtp: RecordingSmtpHandler) -> dict:
    return {
        "DATABASE_URL": database_url,
        **redis,
        "INCLUSION_SECRET_KEY": SECRET_KEY,
        "INCLUSION_NOTIFY_SENDER": "smtp",
        "INCLUSION_SMTP_HOST": "127.0.0.1",
        "INCLUSION_SMTP_PORT": str(smtp.port),
        "INCLUSION_RUN_WORKER_IN_APP": "0",
        "INCLUSION_SESSION_DIR": "",
        # Low enough for a test to reach; each simulated person has an address of their own.
        "INCLUSION_FORM_POSTS_PER_MINUTE": str(FORM_POSTS_PER_MINUTE),
    }


@pytest.fixture(scope="module")
def cluster(shared_postgres, shared_redis, smtp, tmp_path_factory) -> Iterator[Cluster]:
    """Two instances and a worker on a new database of the shared PostgreSQL."""
    with cluster_database(shared_postgres) as database_url:
        env = cluster_env(database_url, shared_redis, smtp)
        logs = tmp_path_factory.mktemp("cluster-logs")
        with running_cluster(env, logs) as running:
            yield running
