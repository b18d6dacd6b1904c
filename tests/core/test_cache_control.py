"""Cache-Control: nothing a signed-in user sees and no API answer is kept by a browser or proxy."""

from __future__ import annotations

import pytest

from koers.api.services import api_token_create
from tests.factories import make_account


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "path",
    ["/accounts/", "/contacts/", "/settings/", "/export/accounts.csv", "/api/v1/accounts"],
)
def test_pages_exports_and_the_api_are_not_stored_for_a_signed_in_user(client_for, people, path):
    make_account(people.alice, "Bakkerij Jansen")

    response = client_for(people.alice).get(path)

    assert response.status_code == 200
    assert "no-store" in _directives(response)


def test_a_partial_is_not_stored(client_for, people):
    response = client_for(people.alice).get("/accounts/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "no-store" in _directives(response)


def test_a_redirect_after_signing_in_is_not_stored(client, people):
    response = client.post("/login/", {"username": "alice", "password": "pw-alice"})

    assert response.status_code == 302
    assert "no-store" in _directives(response)


def test_an_api_answer_with_a_token_is_not_stored(client, people):
    _token, secret = api_token_create(user=people.alice, name="test")

    response = client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200
    assert "no-store" in _directives(response)


def test_an_api_refusal_without_a_token_is_not_stored(client, people):
    response = client.get("/api/v1/accounts")

    assert response.status_code == 401
    assert "no-store" in _directives(response)


def test_static_files_stay_cacheable_for_a_signed_in_user(client_for, people):
    response = client_for(people.alice).get("/static/koers/koers.css")

    assert response.status_code == 200
    assert "no-store" not in _directives(response)


def test_the_new_token_page_keeps_its_no_store(client_for, people):
    response = client_for(people.alice).post("/settings/api-tokens/", {"name": "laptop"})

    assert response.status_code == 200
    assert _directives(response) == {"no-store"}
