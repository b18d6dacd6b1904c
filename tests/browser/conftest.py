"""Browser tests: Playwright drives Debian's Chromium (headless) against the live test server."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.core.signals import request_finished, request_started
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


class _InFlight:
    """The requests the live server is handling now. A request the page started (a poll, a late
    HTMX fetch) can still be running when the test ends; the flush that ends a transactional
    test then deadlocks against it on PostgreSQL (seen in CI, and once it held the run until
    CI's limit). Counted with Django's request signals, in the live server's threads only
    (the test client's requests run in the test's own thread and end before it goes on)."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **kwargs: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count += 1

    def finished(self, **kwargs: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count = max(0, self.count - 1)


_in_flight = _InFlight()
request_started.connect(_in_flight.started, dispatch_uid="browser-tests-in-flight")
request_finished.connect(_in_flight.finished, dispatch_uid="browser-tests-in-flight")


def _wait_for_live_server_requests(timeout: float = 10.0) -> None:
    """Waits until the live server has had no request for a tenth of a second (a request the
    browser sent just before it closed may still be on its way to a thread)."""
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        if _in_flight.count:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 0.1:
            break
        time.sleep(0.02)
    if connection.vendor != "postgresql":
        return
    # Whatever is still busy on this test database now was abandoned by the closed page (or
    # waits on something that will not come): its locks would hold the flush, so end it.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid() AND state <> 'idle'"
        )


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
