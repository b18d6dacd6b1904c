"""API lists count up to a cap and still page to the end (docs/api.md, changelog 2026-12-04)."""

from __future__ import annotations

import pytest

from koers.api import pagination
from tests.factories import make_account, make_contact


@pytest.fixture
def cap_of_three(monkeypatch):
    # The real cap is 1,000; three keeps the data small. Only the number changes.
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_a_list_within_the_cap_has_its_exact_count(people, api):
    for name in ("A", "B"):
        make_account(people.alice, name)

    body = api(people.alice).get("/accounts").json()

    assert (body["count"], body["count_capped"], body["next"]) == (2, False, None)


def test_a_long_list_counts_to_the_cap_and_next_pages_on_beyond_it(people, api, cap_of_three):
    for name in ("A", "B", "C", "D", "E"):
        make_account(people.alice, name)
    client = api(people.alice)

    pages = [client.get("/accounts", {"page_size": 2, "page": n}) for n in (1, 2, 3, 4)]

    assert [names(page) for page in pages] == [["A", "B"], ["C", "D"], ["E"], []]
    assert {(p.json()["count"], p.json()["count_capped"]) for p in pages} == {(3, True)}
    assert [p.json()["next"] for p in pages] == [
        "http://testserver/api/v1/accounts?page_size=2&page=2",
        "http://testserver/api/v1/accounts?page_size=2&page=3",
        None,
        None,
    ]


def test_following_next_reads_every_row_of_a_capped_search_once(people, api, cap_of_three):
    for n in range(7):
        make_account(people.alice, f"Bakkerij {n}")
    make_account(people.charlie, "Bakkerij Geheim")
    client = api(people.alice)

    seen, url = [], "/accounts?q=bakkerij&page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["name"] for row in body["results"]]
        url = body["next"] and body["next"].removeprefix("http://testserver/api/v1")

    assert seen == [f"Bakkerij {n}" for n in range(7)]
    assert (body["count"], body["count_capped"]) == (3, True)


def test_a_list_exactly_at_the_cap_is_not_capped(people, api, cap_of_three):
    for name in ("A", "B", "C"):
        make_account(people.alice, name)

    body = api(people.alice).get("/accounts", {"page_size": 2, "page": 2}).json()

    assert (body["count"], body["count_capped"], body["next"]) == (3, False, None)
    assert [row["name"] for row in body["results"]] == ["C"]


def test_a_contact_list_makes_the_same_queries_on_every_page(
    people, api, query_baseline, cap_of_three
):
    account = make_account(people.alice, "Alpha")
    for n in range(7):
        make_contact(account, last_name=f"Contact {n}")
    client = api(people.alice)
    client.get("/users/me")  # the token's first use is recorded once

    # token, the capped count, the page, positions with their accounts
    with query_baseline("first page"):
        first = client.get("/contacts", {"page_size": 2})
    with query_baseline("beyond the cap"):
        beyond = client.get("/contacts", {"page_size": 2, "page": 3})

    assert [row["last_name"] for row in beyond.json()["results"]] == ["Contact 4", "Contact 5"]
    assert first.json()["count_capped"] is beyond.json()["count_capped"] is True


def test_a_search_page_beyond_the_cap_makes_one_query_more(
    people, api, query_baseline, cap_of_three
):
    account = make_account(people.alice, "Alpha")
    for n in range(7):
        make_contact(account, last_name=f"Contact {n}")
    client = api(people.alice)
    client.get("/users/me")

    # token, the first matches' ids (the capped count), the page by id, positions with their
    # accounts; beyond the cap one query more: the page's ids
    with query_baseline("first page"):
        first = client.get("/contacts", {"q": "contact", "page_size": 2})
    with query_baseline("beyond the cap"):
        beyond = client.get("/contacts", {"q": "contact", "page_size": 2, "page": 3})

    assert [row["last_name"] for row in beyond.json()["results"]] == ["Contact 4", "Contact 5"]
    assert first.json()["count_capped"] is beyond.json()["count_capped"] is True
