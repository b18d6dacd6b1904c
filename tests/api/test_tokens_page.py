"""The API token settings page: make a token (shown once), list and revoke your own only."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from koers.api import services
from koers.api.models import ApiToken
from tests.api.conftest import ApiClient

URL = "/settings/api-tokens/"


def test_the_page_has_its_name_and_asks_an_anonymous_visitor_to_log_in(client):
    assert reverse("api:tokens") == URL

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_creating_a_token_shows_it_once_and_stores_only_its_hash(people, client_for):
    client = client_for(people.alice)

    response = client.post(URL, {"name": "Webshop"})

    assert response.status_code == 200
    plaintext = response.context["new_token"]
    assert plaintext.startswith("koers_")
    html = response.content.decode()
    assert plaintext in html
    assert "only time it is shown" in html
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (people.alice, "Webshop", plaintext[:8])
    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()

    again = client.get(URL).content.decode()
    assert plaintext not in again
    assert "Webshop" in again
    assert f"{plaintext[:8]}…" in again


def test_the_new_token_works_at_once(people, client_for):
    response = client_for(people.alice).post(URL, {"name": "Script"})

    api = ApiClient(client_for(people.bob), response.context["new_token"])
    assert api.get("/users/me").json()["username"] == "alice"


def test_a_token_needs_a_name(people, client_for):
    response = client_for(people.alice).post(URL, {"name": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert response.context["new_token"] is None
    assert not ApiToken.objects.exists()


def test_the_list_shows_own_active_tokens_with_their_dates_only(people, client_for):
    services.api_token_create(user=people.alice, name="Webshop")
    revoked, _ = services.api_token_create(user=people.alice, name="Old ERP")
    services.api_token_revoke(actor=people.alice, token=revoked)
    services.api_token_create(user=people.bob, name="Bob's script")

    response = client_for(people.alice).get(URL)

    assert [t.name for t in response.context["tokens"]] == ["Webshop"]
    html = response.content.decode()
    assert "Bob's script" not in html
    assert "Old ERP" not in html
    assert "never" in html


def test_revoking_a_token_stops_it(people, client_for):
    token, plaintext = services.api_token_create(user=people.alice, name="Webshop")
    client = client_for(people.alice)

    response = client.post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(client, plaintext).get("/users/me").status_code == 401


def test_nobody_can_revoke_another_users_token(people, client_for):
    token, _plaintext = services.api_token_create(user=people.alice, name="Webshop")

    response = client_for(people.bob).post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(people, client_for):
    token, _ = services.api_token_create(user=people.alice, name="Webshop")

    response = client_for(people.alice).get(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
