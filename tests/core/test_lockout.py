"""Login lockout (issue 8, fault 3): forwarded addresses only from trusted proxies, and a
lockout per user name from whatever address, which mails the user and an administrator lifts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from axes.models import AccessAttempt
from django.core.management import call_command

from koers.core.middleware import client_ip

LOGIN = "/login/"


def _login(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _guess_from_many_addresses(client, count: int, username: str = "alice") -> None:
    for n in range(count):
        _login(client, username, "wrong", REMOTE_ADDR=f"203.0.113.{n + 1}")


# --- the client's address -----------------------------------------------------------------


def test_rotating_x_forwarded_for_from_an_untrusted_address_does_not_reset_the_count(
    client, people, settings
):
    # The old .env.example: BEHIND_PROXY=true, but nobody's proxy in front.
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(4):
        assert (
            _login(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
            == 200
        )

    fifth = _login(client, "alice", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.77")
    right = _login(client, "alice", "pw-alice", HTTP_X_FORWARDED_FOR="198.51.100.78")

    assert fifth.status_code == 429
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_a_trusted_proxy_gives_the_right_most_address_it_did_not_add_itself(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.7"]
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4, 192.0.2.7"
    )

    assert client_ip(request) == "198.51.100.4"


def test_an_untrusted_address_is_taken_as_it_is(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="10.0.0.9")

    assert client_ip(request) == "198.51.100.4"


def test_a_forwarded_value_that_is_no_address_is_not_used(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")

    assert client_ip(request) == "10.0.0.1"


def test_through_a_trusted_proxy_each_client_is_locked_on_its_own(client, people, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        _login(client, "alice", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)

    locked = _login(client, "alice", "pw-alice", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    other = _login(client, "alice", "pw-alice", HTTP_X_FORWARDED_FOR="198.51.100.5", **proxy)

    assert locked.status_code == 429
    assert other.status_code == 302


# --- the lockout per user name ------------------------------------------------------------


def test_guesses_from_many_addresses_against_one_user_name_end_in_a_lockout(
    client, people, settings
):
    settings.AXES_USERNAME_FAILURE_LIMIT = 20
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _guess_from_many_addresses(client, 20)

    response = _login(client, "alice", "pw-alice", REMOTE_ADDR="198.51.100.200")

    assert response.status_code == 429
    assert response.context["username_locked"] is True
    assert "signing in with this user name is blocked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other users are not affected.
    assert _login(client, "bob", "pw-bob", REMOTE_ADDR="198.51.100.200").status_code == 302


def test_fewer_guesses_than_the_user_name_limit_do_not_lock_it(client, people, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 20
    _guess_from_many_addresses(client, 19)

    response = _login(client, "alice", "pw-alice", REMOTE_ADDR="198.51.100.200")

    assert response.status_code == 302


def test_the_user_gets_one_mail_when_their_user_name_is_locked(
    client, people, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.AXES_USERNAME_FAILURE_LIMIT = 20
    people.alice.email = "alice@example.nl"
    people.alice.save()

    with django_capture_on_commit_callbacks(execute=True):
        _guess_from_many_addresses(client, 19)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _guess_from_many_addresses(client, 3)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.nl"]
    assert mail.subject == "Signing in to Koers is blocked for your user name"
    assert "20 failed sign-in attempts" in mail.body
    assert "15 minutes" in mail.body


def test_no_mail_goes_out_for_a_user_name_nobody_has(
    client, people, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.AXES_USERNAME_FAILURE_LIMIT = 20

    with django_capture_on_commit_callbacks(execute=True):
        _guess_from_many_addresses(client, 20, username="nobody")

    assert mailoutbox == []


def test_an_administrator_lifts_the_lock_with_the_management_command(client, people, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 20
    _guess_from_many_addresses(client, 20)
    assert _login(client, "alice", "pw-alice").status_code == 429

    call_command("axes_reset_username", "alice", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _login(client, "alice", "pw-alice").status_code == 302
    assert client.session["_auth_user_id"] == str(people.alice.pk)


# --- the example settings -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DB_NAME"}}
    environment.update(PYTHONPATH=str(ROOT / "src"), DJANGO_SETTINGS_MODULE="koers.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_example_settings_trust_no_forwarded_address():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    active = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))

    assert active.get("BEHIND_PROXY", "false") == "false"
    assert active.get("TRUSTED_PROXIES", "") == ""


def test_behind_proxy_without_trusted_proxies_refuses_to_start():
    result = _settings_with(BEHIND_PROXY="true", TRUSTED_PROXIES="")

    assert result.returncode != 0
    assert "BEHIND_PROXY needs TRUSTED_PROXIES" in result.stderr


def test_a_trusted_proxy_that_is_no_address_refuses_to_start():
    result = _settings_with(TRUSTED_PROXIES="proxy.internal")

    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list addresses or networks, not 'proxy.internal'" in result.stderr
