"""The full history page of an account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.accounts import services
from tests.factories import make_account, make_segment


def history_url(account) -> str:
    return reverse("accounts:account_history", args=[account.pk])


def test_the_history_is_paginated_newest_first(people, client_for, settings):
    settings.PAGE_SIZE = 5
    account = make_account(people.alice, "Name 0")
    for i in range(1, 8):
        account = services.account_update(
            actor=people.alice,
            account=account,
            expected_version=account.version,
            data={"name": f"Name {i}"},
        )
    client = client_for(people.alice)

    first = client.get(history_url(account))
    second = client.get(history_url(account), {"page": 2})

    assert [e["changes"][0]["new"] for e in first.context["entries"]] == [
        "Name 7",
        "Name 6",
        "Name 5",
        "Name 4",
        "Name 3",
    ]
    second_entries = second.context["entries"]
    assert [e["changes"][0]["new"] for e in second_entries[:2]] == ["Name 2", "Name 1"]
    assert second_entries[-1]["type"] == "+"
    assert "8 changes" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_the_history_of_an_unreadable_account_is_a_404(people, client_for):
    account = make_account(people.charlie, "Slagerij Geheim")

    response = client_for(people.alice).get(history_url(account))

    assert response.status_code == 404
    assert b"Slagerij Geheim" not in response.content


def test_the_history_page_names_owners_segments_and_only_readable_parents(people, client_for):
    retail = make_segment("Retail")
    secret = make_account(people.charlie, "Secret chain")
    chain = make_account(people.alice, "Open chain")
    account = make_account(people.alice, "Shop", phone="+31201234567")
    for data in (
        {"parent": secret, "segment": retail},
        {"parent": chain, "owner": people.bob, "phone": "+31307654321", "tier": "A"},
    ):
        account = services.account_update(
            actor=people.admin, account=account, expected_version=account.version, data=data
        )

    response = client_for(people.maria).get(history_url(account))

    html = response.content.decode()
    assert "Secret chain" not in html
    newest, older = response.context["entries"][:2]
    assert {c["name"]: (c["old"], c["new"]) for c in newest["changes"]} == {
        "parent": ("an account you cannot see", "Open chain"),
        "owner": ("Alice Tester", "Bob Tester"),
        "phone": ("020 123 4567", "030 765 4321"),
        "tier": ("C account", "A account"),
    }
    assert {c["name"]: (c["old"], c["new"]) for c in older["changes"]} == {
        "parent": ("", "an account you cannot see"),
        "segment": ("", "Retail"),
    }
    assert "<del>—</del> → <ins>Retail</ins>" in html


# session, user, OTP (2), account, chain for the breadcrumbs, count, history rows, and one
# each for the accounts, users and segments named in the changes.


@pytest.mark.parametrize("changes", [3, 30])
def test_the_history_page_makes_a_fixed_number_of_queries(
    people, client_for, query_baseline, changes
):
    segments = [make_segment("Retail"), make_segment("Horeca")]
    chains = [make_account(people.alice, "Chain 1"), make_account(people.alice, "Chain 2")]
    account = make_account(people.alice, "Shop")
    for n in range(changes):
        account = services.account_update(
            actor=people.maria,
            account=account,
            expected_version=account.version,
            data={
                "parent": chains[n % 2],
                "segment": segments[n % 2],
                "owner": [people.alice, people.bob][n % 2],
            },
        )
    client = client_for(people.maria)

    with query_baseline("history page"):
        response = client.get(history_url(account))

    assert len(response.context["entries"]) == min(changes + 1, 25)
