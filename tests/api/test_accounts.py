"""/api/v1/accounts: reads and writes per role, branches, filters, ordering, pages, conflicts."""

from __future__ import annotations

import pytest

from koers.accounts import services
from koers.accounts.models import Account, AccountTeamMember
from koers.core.models import User
from tests.factories import make_account, make_contact, make_segment

NOT_FOUND = {"detail": "Not found."}


def make_tagged(owner: User, name: str, *, tags: list[str], **data) -> Account:
    return services.account_create(
        actor=owner, data={"owner": owner, "name": name, **data}, tag_names=tags
    )


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


# --- reading, per role ----------------------------------------------------------------------


def test_an_account_manager_lists_own_accounts_and_those_they_serve(people, api):
    make_account(people.alice, "Alpha")
    served = make_account(people.bob, "Bravo")
    served.team_members.create(user=people.alice, role="co_account_manager")
    make_account(people.charlie, "Charlie")

    response = api(people.alice).get("/accounts")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert names(response) == ["Alpha", "Bravo"]


def test_an_account_manager_gets_a_404_for_another_teams_account_like_a_missing_one(people, api):
    charlies = make_account(people.charlie, "Charlie")
    client = api(people.alice)

    hidden = client.get(f"/accounts/{charlies.pk}")
    missing = client.get("/accounts/999999")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == NOT_FOUND


def test_an_account_manager_cannot_change_another_teams_account(people, api):
    charlies = make_account(people.charlie, "Charlie", visit_city="Zwolle")

    response = api(people.alice).patch(
        f"/accounts/{charlies.pk}", {"version": 1, "name": "Taken over", "tier": "A"}
    )

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    charlies.refresh_from_db()
    assert (charlies.name, charlies.tier, charlies.version) == ("Charlie", "C", 1)


def test_an_account_manager_cannot_delete_another_teams_account_nor_see_its_branches(people, api):
    charlies = make_account(people.charlie, "Charlie")
    client = api(people.alice)

    assert client.delete(f"/accounts/{charlies.pk}").status_code == 404
    assert client.get(f"/accounts/{charlies.pk}/branches").status_code == 404
    assert client.get(f"/accounts/{charlies.pk}/team").status_code == 404
    assert Account.objects.filter(pk=charlies.pk).exists()


def test_a_manager_reads_the_accounts_of_the_team_but_not_another_team(people, api):
    alices = make_account(people.alice, "Alpha")
    make_account(people.bob, "Bravo")
    charlies = make_account(people.charlie, "Charlie")
    client = api(people.maria)

    assert names(client.get("/accounts")) == ["Alpha", "Bravo"]
    assert client.get(f"/accounts/{alices.pk}").json()["owner_id"] == people.alice.pk
    assert client.get(f"/accounts/{charlies.pk}").status_code == 404


def test_marketing_reads_every_account_but_changes_none(people, api):
    account = make_account(people.charlie, "Charlie")
    client = api(people.mark)

    assert names(client.get("/accounts")) == ["Charlie"]
    assert client.get(f"/accounts/{account.pk}").status_code == 200
    created = client.post("/accounts", {"name": "Campaign list"})
    changed = client.patch(f"/accounts/{account.pk}", {"version": 1, "name": "X"})
    deleted = client.delete(f"/accounts/{account.pk}")

    assert created.status_code == changed.status_code == deleted.status_code == 403
    assert changed.json() == {"detail": "Your role does not allow this."}
    assert list(Account.objects.values_list("name", "version")) == [("Charlie", 1)]


def test_an_administrator_reads_changes_and_deletes_any_account(people, api):
    account = make_account(people.charlie, "Charlie")
    client = api(people.admin)

    assert names(client.get("/accounts")) == ["Charlie"]
    changed = client.patch(f"/accounts/{account.pk}", {"version": 1, "tier": "A"})
    assert changed.status_code == 200
    assert changed.json()["tier"] == "A"
    assert client.delete(f"/accounts/{account.pk}").status_code == 204
    assert not Account.objects.exists()


def test_the_detail_has_the_chain_the_tags_and_the_account_team(people, api):
    segment = make_segment("Food service")
    chain = make_tagged(people.alice, "Chain", segment=segment, tags=["key", "north"])
    branch = make_account(people.alice, "Branch", parent=chain)
    chain.team_members.create(user=people.ingrid, role="inside_sales")

    body = api(people.alice).get(f"/accounts/{chain.pk}").json()
    branch_body = api(people.alice).get(f"/accounts/{branch.pk}").json()

    assert body["segment_id"] == segment.pk
    assert body["segment_name"] == "Food service"
    assert body["tags"] == ["key", "north"]
    assert body["team"] == [
        {"user_id": people.ingrid.pk, "user_name": "Ingrid Tester", "role": "inside_sales"}
    ]
    assert (body["parent_id"], body["root_id"], body["is_branch"]) == (None, None, False)
    assert (branch_body["parent_id"], branch_body["root_id"], branch_body["is_branch"]) == (
        chain.pk,
        chain.pk,
        True,
    )


def test_the_branches_of_an_account_are_its_readable_direct_branches(people, api):
    chain = make_account(people.alice, "Chain")
    north = make_account(people.alice, "North branch", parent=chain)
    make_account(people.alice, "Deeper", parent=north)
    make_account(people.charlie, "Charlie's branch", parent=chain)

    response = api(people.alice).get(f"/accounts/{chain.pk}/branches")

    assert response.status_code == 200
    assert names(response) == ["North branch"]


def test_a_whole_chain_is_one_filter_on_its_root(people, api):
    chain = make_account(people.alice, "Chain")
    north = make_account(people.alice, "North branch", parent=chain)
    make_account(people.alice, "Deeper", parent=north)
    make_account(people.alice, "Elsewhere")

    response = api(people.alice).get("/accounts", {"root": chain.pk})

    assert names(response) == ["Deeper", "North branch"]


# --- creating -------------------------------------------------------------------------------


def test_an_account_manager_creates_an_account_in_their_portfolio(people, api):
    segment = make_segment()
    response = api(people.alice).post(
        "/accounts",
        {
            "name": "Bakkerij de Korenbloem",
            "kvk_number": "1234 5678",
            "visit_postcode": "1234ab",
            "visit_city": "Utrecht",
            "tier": "B",
            "segment_id": segment.pk,
            "tags": ["bakery"],
        },
    )

    assert response.status_code == 201
    body = response.json()
    account = Account.objects.get()
    assert body["id"] == account.pk
    assert (body["kvk_number"], body["visit_postcode"]) == ("12345678", "1234 AB")
    assert (body["owner_id"], body["tier"], body["version"]) == (people.alice.pk, "B", 1)
    assert body["tags"] == ["bakery"]
    assert account.history.get().history_user == people.alice


def test_an_account_manager_cannot_put_a_new_account_in_a_colleagues_portfolio(people, api):
    response = api(people.alice).post("/accounts", {"name": "Mine", "owner_id": people.bob.pk})

    assert response.status_code == 201
    assert response.json()["owner_id"] == people.alice.pk


def test_a_manager_creates_an_account_for_a_team_member(people, api):
    response = api(people.maria).post("/accounts", {"name": "Yours", "owner_id": people.bob.pk})

    assert response.status_code == 201
    assert Account.objects.get().owner == people.bob


def test_a_branch_is_created_with_its_parent_and_gets_the_chains_root(people, api):
    chain = make_account(people.alice, "Chain")
    middle = make_account(people.alice, "Middle", parent=chain)

    response = api(people.alice).post("/accounts", {"name": "Leaf", "parent_id": middle.pk})

    assert response.status_code == 201
    assert (response.json()["parent_id"], response.json()["root_id"]) == (middle.pk, chain.pk)


def test_a_parent_the_user_may_not_read_is_refused_like_a_missing_one(people, api):
    charlies = make_account(people.charlie, "Charlie")
    client = api(people.alice)

    hidden = client.post("/accounts", {"name": "Sneaky", "parent_id": charlies.pk})
    missing = client.post("/accounts", {"name": "Sneaky", "parent_id": 999999})

    assert hidden.status_code == missing.status_code == 422
    assert hidden.json() == missing.json()
    assert hidden.json()["errors"] == [
        {
            "field": "parent_id",
            "message": "There is no account with this id.",
            "code": "not_found",
        }
    ]
    assert Account.objects.count() == 1


def test_the_services_validation_errors_name_each_field(people, api):
    response = api(people.alice).post(
        "/accounts",
        {"name": "Bad", "kvk_number": "123", "vat_number": "NL000", "email": "not-an-address"},
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request has invalid values."
    # The schema's patterns refuse the KvK number and the e-mail address before the services
    # see the request (the VAT number looks right, so only its check would refuse it).
    assert {e["field"] for e in body["errors"]} == {"kvk_number", "email"}
    assert {
        "field": "kvk_number",
        "message": "A KvK number has exactly 8 digits.",
        "code": "schema",
    } in body["errors"]
    assert not Account.objects.exists()


def test_a_model_validation_error_names_the_field(people, api):
    response = api(people.alice).post("/accounts", {"name": "Bad", "email": "not-an-address"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "email", "message": "Enter a valid email address.", "code": "schema"}
    ]


def test_a_missing_name_and_an_unknown_tier_are_named(people, api):
    response = api(people.alice).post("/accounts", {"tier": "Z"})

    assert response.status_code == 422
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["name", "tier"]


# --- changing -------------------------------------------------------------------------------


def test_a_patch_changes_only_the_fields_sent_and_raises_the_version(people, api):
    account = make_account(people.alice, "Alpha", visit_city="Utrecht", tier="B")

    response = api(people.alice).patch(f"/accounts/{account.pk}", {"version": 1, "tier": "A"})

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["visit_city"], body["tier"], body["version"]) == (
        "Alpha",
        "Utrecht",
        "A",
        2,
    )
    account.refresh_from_db()
    assert (account.tier, account.version) == ("A", 2)


def test_a_patch_without_a_version_is_refused(people, api):
    account = make_account(people.alice, "Alpha")

    response = api(people.alice).patch(f"/accounts/{account.pk}", {"name": "Beta"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "version", "message": "Field required", "code": "schema"}
    ]
    account.refresh_from_db()
    assert account.name == "Alpha"


def test_a_stale_patch_is_a_409_with_the_current_version_and_nothing_changes(people, api):
    account = make_account(people.alice, "Alpha", visit_city="Utrecht")
    client = api(people.alice)
    first = client.patch(f"/accounts/{account.pk}", {"version": 1, "name": "Beta"})
    assert first.status_code == 200

    response = client.patch(f"/accounts/{account.pk}", {"version": 1, "visit_city": "Zwolle"})

    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["current"]["name"] == "Beta"
    assert body["current"]["visit_city"] == "Utrecht"
    assert [(c["field"], c["old"], c["new"], c["by"]) for c in body["changes"]] == [
        ("name", "Alpha", "Beta", "Alice Tester")
    ]
    account.refresh_from_db()
    assert (account.visit_city, account.version) == ("Utrecht", 2)


def test_null_clears_a_segment_but_is_refused_for_a_name(people, api):
    account = make_account(people.alice, "Alpha", segment=make_segment())
    client = api(people.alice)

    refused = client.patch(f"/accounts/{account.pk}", {"version": 1, "name": None})
    cleared = client.patch(f"/accounts/{account.pk}", {"version": 1, "segment_id": None})

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "name"
    assert cleared.status_code == 200
    assert cleared.json()["segment_id"] is None


def test_only_a_manager_moves_an_account_to_another_portfolio(people, api):
    account = make_account(people.alice, "Alpha")

    refused = api(people.alice).patch(
        f"/accounts/{account.pk}", {"version": 1, "owner_id": people.bob.pk}
    )
    moved = api(people.maria).patch(
        f"/accounts/{account.pk}", {"version": 1, "owner_id": people.bob.pk}
    )

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "owner_id",
            "message": "Only a manager can move an account to another portfolio.",
            "code": "owner",
        }
    ]
    assert moved.status_code == 200
    assert moved.json()["owner_id"] == people.bob.pk


def test_an_account_cannot_become_a_branch_of_its_own_branch(people, api):
    chain = make_account(people.alice, "Chain")
    branch = make_account(people.alice, "Branch", parent=chain)

    response = api(people.alice).patch(
        f"/accounts/{chain.pk}", {"version": 1, "parent_id": branch.pk}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent_id"
    chain.refresh_from_db()
    assert chain.parent_id is None


def test_tags_are_replaced_by_the_list_sent(people, api):
    account = make_tagged(people.alice, "Alpha", tags=["old"])

    response = api(people.alice).patch(
        f"/accounts/{account.pk}", {"version": 1, "tags": ["new", "key"]}
    )

    assert response.json()["tags"] == ["key", "new"]


def test_a_patch_with_more_than_twenty_tags_is_refused_and_changes_nothing(people, api):
    account = make_tagged(people.alice, "Alpha", tags=["old"])

    response = api(people.alice).patch(
        f"/accounts/{account.pk}", {"version": 1, "tags": [f"tag {n}" for n in range(21)]}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["tags"]
    account.refresh_from_db()
    assert (account.version, [t.name for t in account.tags.all()]) == (1, ["old"])


# --- deleting -------------------------------------------------------------------------------


def test_an_account_manager_may_not_delete_even_their_own_account(people, api):
    account = make_account(people.alice, "Alpha")

    response = api(people.alice).delete(f"/accounts/{account.pk}")

    assert response.status_code == 403
    assert Account.objects.filter(pk=account.pk).exists()


def test_a_manager_deletes_a_team_account_but_not_one_with_branches(people, api):
    chain = make_account(people.alice, "Chain")
    make_account(people.alice, "Branch", parent=chain)
    lone = make_account(people.bob, "Lone")
    client = api(people.maria)

    blocked = client.delete(f"/accounts/{chain.pk}")
    deleted = client.delete(f"/accounts/{lone.pk}")

    # A conflict with what is stored, not a fault in the request (issue 8, fault 9: was a 422).
    assert blocked.status_code == 409
    assert blocked.json() == {"detail": "This account has branches; move or delete them first."}
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert sorted(Account.objects.values_list("name", flat=True)) == ["Branch", "Chain"]


# --- account team ---------------------------------------------------------------------------


def test_the_account_manager_adds_and_removes_a_colleague_on_the_account_team(people, api):
    account = make_account(people.alice, "Alpha")
    client = api(people.alice)

    added = client.post(
        f"/accounts/{account.pk}/team", {"user_id": people.ingrid.pk, "role": "inside_sales"}
    )
    listed = client.get(f"/accounts/{account.pk}/team")
    removed = client.delete(f"/accounts/{account.pk}/team/{people.ingrid.pk}")

    assert added.status_code == 201
    assert added.json() == {
        "user_id": people.ingrid.pk,
        "user_name": "Ingrid Tester",
        "role": "inside_sales",
    }
    assert listed.json() == [added.json()]
    assert removed.status_code == 204
    assert not AccountTeamMember.objects.exists()


def test_marketing_cannot_change_an_account_team(people, api):
    account = make_account(people.alice, "Alpha")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    client = api(people.mark)

    added = client.post(
        f"/accounts/{account.pk}/team", {"user_id": people.bob.pk, "role": "service"}
    )
    removed = client.delete(f"/accounts/{account.pk}/team/{people.ingrid.pk}")

    assert added.status_code == removed.status_code == 403
    assert list(account.team_members.values_list("user__username", flat=True)) == ["ingrid"]


def test_an_unknown_colleague_is_named_in_the_error(people, api):
    account = make_account(people.alice, "Alpha")

    response = api(people.alice).post(
        f"/accounts/{account.pk}/team", {"user_id": 999999, "role": "service"}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "user_id",
            "message": "There is no active user with this id.",
            "code": "not_found",
        }
    ]


# --- filters, ordering and pages ------------------------------------------------------------


@pytest.fixture
def portfolio(people):
    retail = make_segment("Retail")
    alpha = make_account(
        people.alice,
        "Alpha",
        visit_city="Utrecht",
        tier="A",
        status="customer",
        kvk_number="11112222",
    )
    make_account(people.alice, "Bravo", visit_city="Zwolle", tier="B", segment=retail)
    make_account(people.bob, "Charlie Foods", visit_city="Amersfoort", tier="C", status="former")
    make_contact(alpha, first_name="Piet", last_name="Zandvoort")
    return retail


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "alp"}, ["Alpha"]),
        ({"q": "zwolle"}, ["Bravo"]),
        ({"q": "1111"}, ["Alpha"]),
        ({"q": "zandvoort"}, ["Alpha"]),
        ({"q": "foods amersfoort"}, ["Charlie Foods"]),
        ({"tier": "B"}, ["Bravo"]),
        ({"status": "former"}, ["Charlie Foods"]),
        ({"ordering": "-name"}, ["Charlie Foods", "Bravo", "Alpha"]),
        ({"ordering": "city"}, ["Charlie Foods", "Alpha", "Bravo"]),
        ({"ordering": "-tier"}, ["Charlie Foods", "Bravo", "Alpha"]),
        ({"ordering": "status"}, ["Bravo", "Alpha", "Charlie Foods"]),
        ({"ordering": "-status"}, ["Charlie Foods", "Alpha", "Bravo"]),
        ({"ordering": "created_at"}, ["Alpha", "Bravo", "Charlie Foods"]),
    ],
)
def test_the_list_filters_and_orders_as_the_page_does(people, api, portfolio, params, expected):
    response = api(people.maria).get("/accounts", params)

    assert response.status_code == 200
    assert names(response) == expected


def test_the_list_filters_by_segment_owner_and_team(people, api, portfolio):
    client = api(people.maria)
    north = people.alice.teams.get()

    assert names(client.get("/accounts", {"segment": portfolio.pk})) == ["Bravo"]
    assert names(client.get("/accounts", {"owner": people.bob.pk})) == ["Charlie Foods"]
    assert names(client.get("/accounts", {"team": north.pk})) == ["Alpha", "Bravo", "Charlie Foods"]


def test_mine_is_what_the_caller_owns(people, api, portfolio):
    assert names(api(people.bob).get("/accounts", {"mine": "true"})) == ["Charlie Foods"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "owner_secret"}, "ordering"),
        ({"tier": "Z"}, "tier"),
        ({"page_size": "201"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"segment": "abc"}, "segment"),
        ({"owner": "999999"}, "owner"),
    ],
)
def test_a_bad_filter_is_a_422_naming_it(people, api, params, field):
    response = api(people.alice).get("/accounts", params)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_pages_link_to_each_other(people, api):
    for n in range(5):
        make_account(people.alice, f"Account {n}")
    client = api(people.alice)

    first = client.get("/accounts", {"page_size": 2, "tier": "C"}).json()
    last = client.get("/accounts", {"page_size": 2, "tier": "C", "page": 3}).json()
    beyond = client.get("/accounts", {"page_size": 2, "page": 9}).json()

    assert first["count"] == 5
    assert [r["name"] for r in first["results"]] == ["Account 0", "Account 1"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/accounts?page_size=2&tier=C&page=2"
    assert [r["name"] for r in last["results"]] == ["Account 4"]
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/accounts?page_size=2&tier=C&page=2"
    assert (beyond["count"], beyond["results"]) == (5, [])


def test_a_search_pages_through_its_matches_with_the_exact_count(people, api):
    for name in ("Bakkerij Appel", "Bakkerij Bes", "Bakkerij Citroen", "Slagerij Dadel"):
        make_account(people.alice, name)
    make_account(people.charlie, "Bakkerij Geheim")
    client = api(people.alice)

    first = client.get("/accounts", {"q": "bakkerij", "page_size": 2}).json()
    second = client.get("/accounts", {"q": "bakkerij", "page_size": 2, "page": 2}).json()
    beyond = client.get("/accounts", {"q": "bakkerij", "page_size": 2, "page": 3}).json()

    assert first["count"] == 3
    assert [a["name"] for a in first["results"]] == ["Bakkerij Appel", "Bakkerij Bes"]
    assert first["next"].endswith("page=2") and first["previous"] is None
    assert [a["name"] for a in second["results"]] == ["Bakkerij Citroen"]
    assert second["next"] is None
    assert beyond["results"] == [] and beyond["count"] == 3


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_the_account_list_makes_a_fixed_number_of_queries(people, api, query_baseline, rows):
    segment = make_segment()
    chain = make_tagged(people.alice, "Chain", segment=segment, tags=["a", "b"])
    for n in range(rows - 1):
        make_tagged(people.alice, f"Branch {n}", parent=chain, tags=["c"], segment=segment)
    client = api(people.alice)
    client.get("/users/me")  # the token's first use is recorded once

    # token, the capped count, the page, tags
    with query_baseline("list"):
        listed = client.get("/accounts", {"page_size": 200, "tier": "C"})
    # token, the matching ids (the search runs once), the page by id, tags
    with query_baseline("search"):
        found = client.get("/accounts", {"page_size": 200, "q": "a", "tier": "C"})

    assert listed.json()["count"] == found.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_branch_list_and_the_detail_make_a_fixed_number_of_queries(
    people, api, query_baseline, rows
):
    chain = make_account(people.alice, "Chain")
    for n in range(rows):
        branch = make_tagged(people.alice, f"Branch {n}", parent=chain, tags=["c"])
        branch.team_members.create(user=people.bob, role="service")
    client = api(people.alice)
    client.get("/users/me")

    # token, parent, the capped count, the page, tags
    with query_baseline("branches"):
        response = client.get(f"/accounts/{chain.pk}/branches", {"page_size": 200})
    assert response.json()["count"] == rows

    # token, account, tags, team members, their users
    with query_baseline("detail"):
        client.get(f"/accounts/{branch.pk}")
