"""A SQLite site with a little of everything, and its export file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from inclusion.db import migrate
from inclusion.db.engine import build_engine
from inclusion.loans.demo import load_demo_stock
from inclusion.places.demo import load_demo
from inclusion.sessions import services
from inclusion.sessions.demo import load_demo_sessions
from inclusion.sessions.references import Links
from inclusion.staff import queries as staff_queries
from inclusion.staff.demo import load_demo_accounts
from inclusion.transfer.exporting import export_data
from inclusion.transfer.schema import primary_key_order, tables_in_dependency_order
from tests.factories.feedback import make_change, make_item, make_page_answer
from tests.factories.loans import make_device_type, make_loan, make_request
from tests.factories.sessions import make_session

SECRET_KEY = "transfer-test-secret-key-0123456789abcdef"


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order, as the models read them."""
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(select(table).order_by(*primary_key_order(table)))
                ]
                for table in tables_in_dependency_order()
            }
    finally:
        engine.dispose()


def _fill(session: Session, now: datetime) -> None:
    load_demo(session)
    load_demo_sessions(session, now)
    load_demo_stock(session, now)
    load_demo_accounts(session, SECRET_KEY, now)
    links = Links("https://getonline.example", SECRET_KEY)
    small = make_session(session, now + timedelta(days=3), capacity=2)
    for name in ("Ann Example", "Bob Example"):
        details = services.Details(name, "email", email=f"{name[:3].lower()}@example.org")
        services.book(session, small, details, now, links)
    services.join_waiting_list(session, small, services.Details("Cat Example", "none"), now, links)
    device_type = make_device_type(session)
    make_loan(session, device_type, now)
    make_request(session, device_type, now, name="Dan Example")
    item = make_item(
        session,
        now,
        contact_method="email",
        name="Eve",
        email="eve@example.org",
        goals=("P2", "C4"),
    )
    make_page_answer(session, now.date(), useful=False)
    make_change(session, now, items=[item])
    staff_queries.record_audit(
        session, now=now, action="transfer_test", actor_id=None, details={"note": "ünïcode ✓"}
    )


@pytest.fixture(scope="module")
def source_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'site.sqlite3'}"
    migrate.upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        _fill(session, datetime.now(UTC).replace(microsecond=123456))
        session.commit()
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def export_file(source_url, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "site.jsonl.gz"
    export_data(source_url, path)
    return path


@pytest.fixture
def empty_sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    migrate.upgrade(url)
    return url
