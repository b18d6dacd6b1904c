"""Personas shared by every test (cf. healthchecks' alice/bob/charlie).

- alice: account manager (level B) in team North
- bob: account manager in team North (alice's colleague)
- charlie: account manager in team South
- maria: manager of team North
- ingrid: inside sales in team North
- mark: marketing
- admin: administrator
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from koers.core.models import Role, User
from tests.factories import make_team, make_user
from tests.query_counts import query_baseline, write_updates

__all__ = ["query_baseline"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-query-counts",
        action="store_true",
        help="write the query counts measured into tests/<app>/query_counts.json",
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if session.config.getoption("--update-query-counts"):
        write_updates()


@dataclass
class Personas:
    alice: User
    bob: User
    charlie: User
    maria: User
    ingrid: User
    mark: User
    admin: User


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """PostgreSQL: the test databases need no durable commits. Without the wait for the WAL
    flush, the commits of the transactional (browser) tests and of building the database are
    cheaper; a crash of the server loses at most the test run, which is thrown away anyway.
    A lock wait ends after a minute with an error naming the test, instead of holding the run
    until CI's limit (a test thread and a live server's thread waiting on each other)."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            options = settings_dict.setdefault("OPTIONS", {})
            options["options"] = (
                options.get("options", "") + " -c synchronous_commit=off -c lock_timeout=60s"
            ).strip()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: Any, django_db_use_migrations: bool
) -> None:
    """The test databases are built from the models (`--nomigrations` in pyproject.toml's
    addopts; `--migrations` runs them instead), plus what the migrations add besides
    (tests/migration_data.py)."""
    if django_db_use_migrations:
        return
    from django.db import connections

    from tests.migration_data import add_what_the_migrations_add

    with django_db_blocker.unblock():
        for alias in connections:
            add_what_the_migrations_add(connections[alias])


@pytest.fixture
def people(db) -> Personas:
    return make_people()


def make_people() -> Personas:
    """The personas, for fixtures of a wider scope than one test."""
    alice = make_user("alice", level="B")
    bob = make_user("bob", level="A")
    charlie = make_user("charlie", level="C")
    maria = make_user("maria", role=Role.MANAGER)
    sam = make_user("sam", role=Role.MANAGER)
    ingrid = make_user("ingrid", role=Role.INSIDE_SALES)
    mark = make_user("mark", role=Role.MARKETING)
    admin = make_user("admin", role=Role.ADMIN, is_staff=True)
    make_team("North", maria, alice, bob, ingrid)
    make_team("South", sam, charlie)
    return Personas(alice, bob, charlie, maria, ingrid, mark, admin)


@pytest.fixture
def client_for(client):
    """Logs the test client in as a persona: `client_for(people.alice)`."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Every test starts in English, the language of the messages tests compare (the personas'
    language too), whatever a request of the test before left active on this thread. Pages
    still follow the user's language: the middleware activates it per request."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded files (photos of visits) go to a folder of this run, never to var/media; for the
    whole session, so that objects built once per module find their files too."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The public pages count requests per address in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # WhiteNoise indexes every static file when its middleware starts, which the test client
    # does once per client: a third of the suite's time. Looking a file up when it is asked
    # for (as runserver does) serves the browser tests the same files.
    settings.WHITENOISE_AUTOREFRESH = True
