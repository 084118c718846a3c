"""A real server and Debian's Chromium, driven by Playwright; axe on every page visited.

Browser tests skip when /usr/bin/chromium is missing (`make test` installs it when
run as root), unless INCLUSION_REQUIRE_BROWSER is set, as CI sets it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inclusion.db import migrate
from inclusion.db.engine import Database
from inclusion.loans.demo import load_demo_stock
from inclusion.places.demo import load_demo
from inclusion.settings import PROJECT_ROOT
from tests.conftest import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_database(tmp_path_factory) -> Iterator[Database]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'site.sqlite3'}"
    migrate.upgrade(database_url)
    database = Database.from_url(database_url)
    with database.session() as session:
        load_demo(session)
        load_demo_stock(session, datetime.now(UTC))
    yield database
    database.engine.dispose()


@pytest.fixture(scope="session")
def base_url(site_database, tmp_path_factory) -> Iterator[str]:
    """The site served by uvicorn on a free port, on its own migrated SQLite database."""
    database_url = site_database.engine.url.render_as_string(hide_password=False)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "inclusion.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "INCLUSION_SESSION_DIR": str(tmp_path_factory.mktemp("sessions")),
        },
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(
            "Chromium is not installed: run `make test` as root, or `apt-get install chromium`",
            "INCLUSION_REQUIRE_BROWSER",
        )
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", str(PROJECT_ROOT / "var" / "playwright"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, base_url: str, **options):
    context = browser.new_context(base_url=base_url, **options)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, base_url):
    context, page = _new_page(browser, base_url, viewport={"width": 1024, "height": 800})
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser, base_url):
    context, page = _new_page(
        browser, base_url, java_script_enabled=False, viewport={"width": 1024, "height": 800}
    )
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, base_url):
    """320 CSS pixels wide: the WCAG reflow width (1280 px at 400% zoom)."""
    context, page = _new_page(browser, base_url, viewport={"width": 320, "height": 640})
    yield page
    context.close()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.0, 2.1 or 2.2 A/AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_reflows(page) -> None:
    """Nothing forces sideways scrolling."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
