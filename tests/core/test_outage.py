"""While the database is down (issue 8, fault 4): a 503 page, a JSON 503 for the API and the
health check, never a 500; and connections are health-checked so a restart is not one."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from koers.api.services import api_token_create

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _database_down(error: type[Exception] = OperationalError):
    """Every query fails the way psycopg fails while PostgreSQL restarts."""

    def refuse(*args, **kwargs):
        raise error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with (
        mock.patch.object(CursorWrapper, "execute", refuse),
        mock.patch.object(CursorWrapper, "executemany", refuse),
    ):
        yield


@pytest.fixture
def quiet_client():
    """A client that gets the error page instead of the exception (as a browser would)."""
    return Client(raise_request_exception=False)


def test_a_signed_in_page_is_a_503_page_while_the_database_is_down(quiet_client, people):
    quiet_client.force_login(people.alice)

    with _database_down():
        response = quiet_client.get("/accounts/")

    html = response.content.decode()
    assert response.status_code == 503
    assert 'id="database-unavailable"' in html
    assert "De database is even niet bereikbaar" in html  # no language chosen: Dutch
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]


def test_the_503_page_speaks_the_visitors_language(quiet_client, people, settings):
    quiet_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    with _database_down():
        response = quiet_client.post("/login/", {"username": "alice", "password": "pw-alice"})

    assert response.status_code == 503
    assert "The database cannot be reached right now" in response.content.decode()
    assert "_auth_user_id" not in quiet_client.session


def test_a_view_that_loses_the_database_answers_503(client, people):
    # The sign-in form reaches the database in the view (axes, then the user): the middleware
    # turns the error into the page, and nothing is raised to the client.
    with _database_down(InterfaceError):
        response = client.post("/login/", {"username": "alice", "password": "pw-alice"})

    assert response.status_code == 503
    assert "core/unavailable.html" in [t.name for t in response.templates]


def test_the_api_answers_a_json_503(quiet_client, people):
    _token, secret = api_token_create(user=people.alice, name="test")

    with _database_down():
        response = quiet_client.get(
            "/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"}
        )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "De database is even niet bereikbaar. Probeer het zo opnieuw."
    }
    assert response["Retry-After"] == "10"


def test_the_api_answers_a_json_503_in_debug_mode_too(quiet_client, people, settings):
    settings.DEBUG = True
    _token, secret = api_token_create(user=people.alice, name="test")

    with _database_down():
        response = quiet_client.get(
            "/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"}
        )

    assert response.status_code == 503


def test_the_health_check_answers_503(client, db):
    with _database_down():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}


def test_other_database_errors_are_still_server_errors(quiet_client, people):
    quiet_client.force_login(people.alice)

    with _database_down(DatabaseError):
        response = quiet_client.get("/accounts/")

    assert response.status_code == 500


def test_connections_are_health_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_production_settings_on_postgresql_reuse_checked_connections(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TEST_DB_NAME"}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="crm.example.nl",
        DATABASE_URL="postgres://koers@db.internal:5432/koers",
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="koers.settings",
    )
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'])"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "60"]


def test_the_drivers_own_error_is_a_503_too(quiet_client, people):
    # Closing a server-side cursor (a select's options, read with .iterator()) raises psycopg's
    # error unwrapped; the load test's database restart found it as a 500.
    import psycopg

    quiet_client.force_login(people.alice)
    with _database_down(psycopg.OperationalError):
        page = quiet_client.get("/accounts/")
    _token, secret = api_token_create(user=people.alice, name="test")
    with _database_down(psycopg.OperationalError):
        api = quiet_client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"})

    assert page.status_code == 503
    assert 'id="database-unavailable"' in page.content.decode()
    assert api.status_code == 503
    assert "detail" in api.json()
