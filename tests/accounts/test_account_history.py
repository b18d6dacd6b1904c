"""The full history page of an account."""

from __future__ import annotations

from django.urls import reverse

from koers.accounts import services
from tests.factories import make_account


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
