"""The account and contact lists give the same rows, in the same order, for the same filters on
the page, in the CSV export and through the API: one FilterSet per list behind all three."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from koers.accounts.filters import ACCOUNT_COLUMNS
from koers.accounts.models import Account
from koers.api.services import api_token_create
from tests.factories import make_account, make_contact

CHANNELS = ["page", "csv", "api"]
NAME_COLUMN = next(
    i
    for i, c in enumerate(ACCOUNT_COLUMNS)
    if c.header == Account._meta.get_field("name").verbose_name
)


@pytest.fixture
def customer_file(people):
    """Three accounts of maria's team (alice, bob) and one of charlie's, with contacts."""
    acme = make_account(
        people.alice, "Acme Foods", tier="A", status="customer", visit_city="Utrecht"
    )
    bol = make_account(
        people.bob, "Bakkerij Bol", tier="B", status="prospect", visit_city="Amsterdam"
    )
    make_account(people.alice, "Zeeman Retail", tier="C", status="prospect", visit_city="Breda")
    south = make_account(people.charlie, "Zuid Handel", tier="A", visit_city="Bakkum")
    make_contact(
        acme,
        first_name="Anna",
        last_name="de Vries",
        buying_role="decider",
        attitude="supporter",
        mailing_consent=True,
        consent_date="2025-01-10",
    )
    make_contact(
        acme, first_name="Bram", last_name="Bakker", buying_role="buyer", attitude="critic"
    )
    make_contact(bol, first_name="Bert", last_name="Bol", buying_role="decider", attitude="critic")
    make_contact(south, first_name="Zara", last_name="Bakker", buying_role="decider")


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]


def _rows(client, user, channel: str, what: str, page_params: dict, api_params: dict) -> list[str]:
    if channel == "page":
        response = client.get(reverse(f"accounts:{what[:-1]}_list"), page_params)
        assert response.status_code == 200
        rows = response.context["page_obj"].object_list
        return [r.name if what == "accounts" else r.full_name for r in rows]
    if channel == "csv":
        response = client.get(reverse(f"transfer:export_{what}_csv"), page_params)
        assert response.status_code == 200
        if what == "accounts":
            return [row[NAME_COLUMN] for row in _csv(response)]
        return [f"{row[0]} {row[1]}" for row in _csv(response)]
    token = api_token_create(user=user, name="parity")[1]
    response = client.get(
        f"/api/v1/{what}", api_params, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    if what == "accounts":
        return [r["name"] for r in results]
    return [f"{r['first_name']} {r['last_name']}" for r in results]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("persona", "page_params", "api_params", "expected"),
    [
        ("maria", {}, {}, ["Acme Foods", "Bakkerij Bol", "Zeeman Retail"]),
        ("maria", {"tier": "A"}, {"tier": "A"}, ["Acme Foods"]),
        (
            "maria",
            {"status": "prospect", "sort": "-name"},
            {"status": "prospect", "ordering": "-name"},
            ["Zeeman Retail", "Bakkerij Bol"],
        ),
        # An account's name, or the name of a contact working there (Bram Bakker at Acme).
        ("maria", {"q": "bakk"}, {"q": "bakk"}, ["Acme Foods", "Bakkerij Bol"]),
        (
            "maria",
            {"owner": "alice", "sort": "city"},
            {"owner": "alice", "ordering": "city"},
            [
                "Zeeman Retail",
                "Acme Foods",
            ],
        ),
        ("alice", {"scope": "mine"}, {"mine": "true"}, ["Acme Foods", "Zeeman Retail"]),
        (
            "alice",
            {"scope": "all", "sort": "-tier"},
            {"ordering": "-tier"},
            [
                "Zeeman Retail",
                "Acme Foods",
            ],
        ),
    ],
)
def test_the_account_list_is_the_same_on_the_page_in_the_export_and_in_the_api(
    people, client_for, customer_file, channel, persona, page_params, api_params, expected
):
    user = getattr(people, persona)
    # "alice" stands for her id, which differs per database and test.
    page_params, api_params = (
        {k: str(people.alice.pk) if v == "alice" else v for k, v in params.items()}
        for params in (page_params, api_params)
    )

    rows = _rows(client_for(user), user, channel, "accounts", page_params, api_params)

    assert rows == expected


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(
    ("page_params", "api_params", "expected"),
    [
        ({}, {}, ["Bram Bakker", "Bert Bol", "Anna de Vries"]),
        # A name, an e-mail address or the name of a readable account they work at.
        ({"q": "acme"}, {"q": "acme"}, ["Bram Bakker", "Anna de Vries"]),
        ({"q": "bakk"}, {"q": "bakk"}, ["Bram Bakker", "Bert Bol"]),
        ({"role": "decider"}, {"buying_role": "decider"}, ["Bert Bol", "Anna de Vries"]),
        ({"consent": "yes"}, {"may_receive_mailings": "true"}, ["Anna de Vries"]),
        ({"consent": "no"}, {"may_receive_mailings": "false"}, ["Bram Bakker", "Bert Bol"]),
        (
            {"attitude": "critic", "sort": "-name"},
            {"attitude": "critic", "ordering": "-name"},
            ["Bert Bol", "Bram Bakker"],
        ),
        # One position must hold both: Anna decides but supports, Bram is critical but buys.
        (
            {"role": "decider", "attitude": "critic"},
            {"buying_role": "decider", "attitude": "critic"},
            ["Bert Bol"],
        ),
        (
            {"sort": "-created"},
            {"ordering": "-created_at"},
            ["Bert Bol", "Bram Bakker", "Anna de Vries"],
        ),
    ],
)
def test_the_contact_list_is_the_same_on_the_page_in_the_export_and_in_the_api(
    people, client_for, customer_file, channel, page_params, api_params, expected
):
    rows = _rows(
        client_for(people.maria), people.maria, channel, "contacts", page_params, api_params
    )

    assert rows == expected
