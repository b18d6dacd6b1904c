"""Browser tests: Playwright drives Debian's Chromium (headless) against the live test server."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright

from koers.core.models import User
from tests.migration_data import add_defaults

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (setting up data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    _wait_for_live_server_requests()


def _wait_for_live_server_requests(timeout: float = 5.0) -> None:
    """A request the page started (a poll, a late HTMX fetch) can still be running in the live
    server when the test ends; on PostgreSQL the flush that ends a transactional test then
    deadlocks against it (seen in CI). Wait until no other session on this database is busy."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND backend_type = 'client backend'"
                " AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


@pytest.fixture
def login(page: Page):
    """Signs in through the real login form: `login(people.alice)`."""

    def _login(user: User, password: str | None = None) -> Page:
        page.goto("/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password or "pw-" + user.username)
        # Scoped to <main>: the header's language and logout buttons are submit buttons too.
        # Waiting for the page the form leads to, not for half a second without network.
        with page.expect_navigation(wait_until="load"):
            page.click("main button[type=submit]")
        return page

    return _login


@pytest.fixture(autouse=True)
def _migration_defaults(request: pytest.FixtureRequest) -> None:
    """The rows the migrations put in (stages, mandates, VAT rates, norms): a browser test before
    this one emptied the tables (a transactional test ends by flushing the database), and the
    pages show the defaults."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    add_defaults(connection)
