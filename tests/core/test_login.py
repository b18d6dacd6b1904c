"""Signing in and out: the login form, django-axes lockout, redirects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

LOGIN = "/login/"


def _login(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_the_login_page_has_the_form_and_no_navigation(client, people):
    response = client.get(LOGIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'button type="submit"' in html
    assert reverse("accounts:account_list") not in html
    assert reverse("core:logout") not in html


def test_it_signs_in_and_goes_to_the_agenda(client, people):
    response = _login(client, "alice", "pw-alice")

    assert response.status_code == 302
    assert response["Location"] == reverse("relations:my_day")
    assert client.session["_auth_user_id"] == str(people.alice.pk)


def test_it_goes_to_next_after_signing_in(client, people):
    response = client.post(
        LOGIN, {"username": "alice", "password": "pw-alice", "next": "/contacts/?q=x"}
    )

    assert response["Location"] == "/contacts/?q=x"


def test_it_ignores_an_off_site_next(client, people):
    response = client.post(
        LOGIN, {"username": "alice", "password": "pw-alice", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("relations:my_day")


def test_a_page_that_needs_login_sends_an_anonymous_visitor_to_login(client, people):
    response = client.get("/settings/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/settings/"


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(client, people):
    response = _login(client, "alice", "wrong")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert form.errors.keys() == {"__all__"}
    assert 'id="login-error"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_inactive_user_cannot_sign_in(client, people):
    people.alice.is_active = False
    people.alice.save()

    response = _login(client, "alice", "pw-alice")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_username_from_that_address(client, people):
    for _ in range(4):
        assert _login(client, "alice", "wrong").status_code == 200

    fifth = _login(client, "alice", "wrong")
    after = _login(client, "alice", "pw-alice")

    assert fifth.status_code == 429
    assert after.status_code == 429
    assert "core/locked_out.html" in [t.name for t in after.templates]
    assert after.context["minutes"] == 15
    html = after.content.decode()
    assert "Probeer het over 15 minuten opnieuw." in html  # anonymous visitors get Dutch
    assert 'id="locked-out"' in html
    assert "_auth_user_id" not in client.session
    # The attempt made while locked counts as a failure too.
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 6


def test_the_lock_holds_for_that_username_and_address_only(client, people):
    for _ in range(5):
        _login(client, "alice", "wrong")

    other_address = _login(client, "alice", "pw-alice", REMOTE_ADDR="10.0.0.9")

    assert other_address.status_code == 302
    assert client.session["_auth_user_id"] == str(people.alice.pk)


def test_a_successful_login_resets_the_failure_count(client, people):
    for _ in range(4):
        _login(client, "alice", "wrong")
    _login(client, "alice", "pw-alice")
    client.post("/logout/")

    for _ in range(4):
        assert _login(client, "alice", "wrong").status_code == 200


def test_the_lock_ends_after_the_cool_off(client, people):
    for _ in range(5):
        _login(client, "alice", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = _login(client, "alice", "pw-alice")

    assert response.status_code == 302


def test_logout_is_post_only(client_for, people):
    client = client_for(people.alice)

    response = client.get("/logout/")

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(people.alice.pk)


def test_logout_signs_out_and_returns_to_login(client_for, people):
    client = client_for(people.alice)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("core:login")
    assert "_auth_user_id" not in client.session


def test_a_signed_in_user_on_the_login_page_goes_on_to_their_agenda(client_for, people):
    response = client_for(people.alice).get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == reverse("relations:my_day")


@pytest.mark.parametrize("path", ["/", "/settings/"])
def test_pages_need_a_login(client, people, path):
    assert client.get(path).status_code == 302
