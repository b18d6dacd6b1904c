"""A NUL byte or another control character in the API's search: a 422 naming `q`, never a 500
(the pages ignore the character: tests/accounts/test_search_control_characters.py)."""

from __future__ import annotations

import pytest

from tests.factories import make_account

CONTROL_CHARACTERS = ["\x00", "\x01", "\x08", "\x1f", "\x7f", "\x9f"]


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha Bakery")


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=repr)
@pytest.mark.parametrize("path", ["/accounts", "/contacts"])
def test_the_api_refuses_a_control_character_in_a_search_naming_it(people, api, alpha, path, char):
    response = api(people.alice).get(path, {"q": f"Alp{char}ha"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["q"]

    ok = api(people.alice).get(path, {"q": "Alpha"})
    assert ok.status_code == 200


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=repr)
def test_the_user_search_refuses_a_control_character_naming_q(people, api, char):
    response = api(people.alice).get("/users", {"q": f"ali{char}"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["q"]
    names = [u["username"] for u in api(people.alice).get("/users", {"q": "ali"}).json()["results"]]
    assert names == ["alice"]
