"""/api/v1/users and /api/v1/teams: read only, for every signed-in role."""

from __future__ import annotations

import pytest

from koers.core.models import Role
from tests.factories import make_team, make_user


def usernames(response) -> list[str]:
    return [row["username"] for row in response.json()["results"]]


@pytest.mark.parametrize("persona", ["alice", "maria", "ingrid", "mark", "admin"])
def test_every_role_reads_the_active_colleagues_and_the_teams(people, api, persona):
    make_user("gone", is_active=False)
    client = api(getattr(people, persona))

    users = client.get("/users")
    teams = client.get("/teams")

    assert users.status_code == teams.status_code == 200
    assert usernames(users) == [
        "admin",
        "alice",
        "bob",
        "charlie",
        "ingrid",
        "maria",
        "mark",
        "sam",
    ]
    assert [t["name"] for t in teams.json()["results"]] == ["North", "South"]


def test_a_user_shows_role_level_and_teams(people, api):
    north = people.alice.teams.get()

    body = api(people.bob).get(f"/users/{people.alice.pk}").json()

    assert body == {
        "id": people.alice.pk,
        "username": "alice",
        "first_name": "Alice",
        "last_name": "Tester",
        "full_name": "Alice Tester",
        "email": "",
        "role": "account_manager",
        "level": "B",
        "team_ids": [north.pk],
    }


def test_me_is_the_token_owner(people, api):
    assert api(people.maria).get("/users/me").json()["username"] == "maria"


def test_an_inactive_user_is_not_found(people, api):
    gone = make_user("gone", is_active=False)

    assert api(people.alice).get(f"/users/{gone.pk}").status_code == 404


def test_users_filter_by_role_team_and_name(people, api):
    north = people.alice.teams.get()
    client = api(people.alice)

    assert usernames(client.get("/users", {"role": Role.MANAGER})) == ["maria", "sam"]
    assert usernames(client.get("/users", {"team": north.pk})) == [
        "alice",
        "bob",
        "ingrid",
        "maria",
    ]
    assert usernames(client.get("/users", {"q": "char"})) == ["charlie"]


def test_a_team_lists_its_manager_and_members(people, api):
    north = people.alice.teams.get()

    body = api(people.charlie).get(f"/teams/{north.pk}").json()

    assert body == {
        "id": north.pk,
        "name": "North",
        "manager_id": people.maria.pk,
        "member_ids": sorted([people.alice.pk, people.bob.pk, people.ingrid.pk]),
    }


def test_users_and_teams_cannot_be_written(people, api):
    client = api(people.admin)

    assert client.post("/users", {"username": "x"}).status_code == 405
    assert client.delete(f"/teams/{people.alice.teams.get().pk}").status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_the_user_and_team_lists_make_a_fixed_number_of_queries(people, api, query_baseline, rows):
    for n in range(rows):
        member = make_user(f"user{n}")
        make_team(f"Team {n}", people.maria, member, people.bob)
    client = api(people.alice)
    client.get("/users/me")

    # token, the capped count, the page, teams
    with query_baseline("users"):
        assert client.get("/users", {"page_size": 200}).json()["count"] == rows + 8
    # token, the capped count, the page, members
    with query_baseline("teams"):
        assert client.get("/teams", {"page_size": 200}).json()["count"] == rows + 2
