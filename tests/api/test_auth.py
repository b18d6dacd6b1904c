"""Who may call the API: personal tokens (Bearer) and the browser session (with CSRF, 2FA)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY

from koers.accounts.models import Account
from koers.api import services
from koers.api.auth import SessionAuth
from koers.api.models import ApiToken
from koers.core.errors import NotAllowed
from tests.api.conftest import BASE, ApiClient
from tests.factories import make_account, make_totp_device

# Without a user the answer is in the site's default language.
with translation.override(settings.LANGUAGE_CODE):
    UNAUTHORIZED = {
        "detail": translation.gettext(
            "Give a valid API token (Authorization: Bearer …) or sign in."
        )
    }


def test_a_request_without_credentials_is_a_401_with_a_json_body(db, api):
    response = api(None).get("/accounts")

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    [
        "Bearer koers_not-a-real-token",
        "Bearer not-even-the-prefix",
        "Bearer ",
        "Bearer",
        "Basic YWxpY2U6cHctYWxpY2U=",
        "koers_abc",
    ],
)
def test_a_wrong_token_is_a_401(people, header):
    response = Client().get(f"{BASE}/accounts", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_the_token_is_stored_only_as_its_hash(people):
    token, plaintext = services.api_token_create(user=people.alice, name="webshop")

    assert plaintext.startswith("koers_")
    assert len(plaintext) == len("koers_") + 43
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:8]
    assert plaintext not in {token.name, token.prefix, token.key_hash}
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert token.key_hash in dump
        assert plaintext not in dump


def test_a_token_works_records_its_last_use_and_acts_as_its_owner(people):
    account = make_account(people.alice, "Alpha")
    token, plaintext = services.api_token_create(user=people.alice, name="webshop")
    client = ApiClient(Client(), plaintext)

    response = client.get(f"/accounts/{account.pk}")

    assert response.status_code == 200
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=5)


def test_a_revoked_token_is_a_401(people):
    make_account(people.alice, "Alpha")
    token, plaintext = services.api_token_create(user=people.alice, name="webshop")
    services.api_token_revoke(actor=people.alice, token=token)

    response = ApiClient(Client(), plaintext).get("/accounts")

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_the_token_of_an_inactive_user_is_a_401(people):
    _token, plaintext = services.api_token_create(user=people.alice, name="webshop")
    people.alice.is_active = False
    people.alice.save()

    response = ApiClient(Client(), plaintext).get("/accounts")

    assert response.status_code == 401


def test_nobody_revokes_another_users_token(people):
    token, _plaintext = services.api_token_create(user=people.alice, name="webshop")

    with pytest.raises(NotAllowed):
        services.api_token_revoke(actor=people.admin, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_errors_are_in_the_token_owners_language(people):
    people.alice.language = "nl"
    people.alice.save()
    _token, plaintext = services.api_token_create(user=people.alice, name="webshop")

    response = ApiClient(Client(), plaintext).get("/accounts/999999")

    assert response.status_code == 404
    assert response["Content-Language"] == "nl"


# --- the session ----------------------------------------------------------------------------


def test_the_signed_in_browser_session_reads_the_api(people, client_for):
    make_account(people.alice, "Alpha")

    response = client_for(people.alice).get(f"{BASE}/accounts")

    assert response.status_code == 200
    assert [a["name"] for a in response.json()["results"]] == ["Alpha"]


def test_a_session_write_needs_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.alice)
    client.get("/settings/api-tokens/")  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value

    refused = client.post(f"{BASE}/accounts", {"name": "X"}, content_type="application/json")
    accepted = client.post(
        f"{BASE}/accounts",
        {"name": "Y"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201
    assert list(Account.objects.values_list("name", flat=True)) == ["Y"]


def test_an_anonymous_post_is_a_401_not_a_csrf_failure(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"{BASE}/accounts", {"name": "X"}, content_type="application/json")

    assert response.status_code == 401


def test_a_token_request_needs_no_csrf_token_even_with_a_session(people, token_for):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.bob)

    response = client.post(
        f"{BASE}/accounts",
        {"name": "By token"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(people.alice)}"},
    )

    assert response.status_code == 201
    assert Account.objects.get().owner == people.alice


def test_a_session_that_still_owes_its_second_factor_gets_no_data(people, client_for):
    make_account(people.charlie, "Charlie")
    make_totp_device(people.alice)

    for user in (people.admin, people.alice):  # must set up 2FA; must give the code
        response = client_for(user).get(f"{BASE}/accounts")

        assert response.status_code in (401, 403)
        assert "results" not in response.json()


def test_the_session_auth_refuses_an_unverified_second_factor_itself(people, rf: RequestFactory):
    """Also without the TwoFactorMiddleware in front of it."""
    make_totp_device(people.alice)
    request = rf.get(f"{BASE}/accounts")
    request.user = people.alice
    people.alice.is_verified = lambda: False

    assert SessionAuth()(request) is None

    people.alice.is_verified = lambda: True
    assert SessionAuth()(request) == people.alice


def test_a_verified_session_with_a_device_reads_the_api(people, client_for):
    device = make_totp_device(people.admin)
    client = client_for(people.admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    response = client.get(f"{BASE}/users/me")

    assert response.status_code == 200
    assert response.json()["username"] == "admin"


def test_tokens_are_listed_newest_first_and_revocation_keeps_the_row(people):
    first, _ = services.api_token_create(user=people.alice, name="one")
    second, _ = services.api_token_create(user=people.alice, name="two")
    services.api_token_revoke(actor=people.alice, token=first)

    assert list(ApiToken.objects.filter(user=people.alice)) == [second, first]
    first.refresh_from_db()
    assert first.revoked_at is not None
