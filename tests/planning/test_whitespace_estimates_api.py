"""The whitespace estimates in the API (decision 144): listed for an account and its branches,
set by an idempotent upsert (a null amount removes it), read and written through the account;
a bad value is a 422 naming the field and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koers.planning.models import WhitespaceEstimate
from tests.factories import make_account
from tests.sales.factories import make_group


@pytest.fixture
def chain(people):
    top = make_account(people.alice, "Keten")
    return top, make_account(people.alice, "Keten Zwolle", parent=top)


@pytest.fixture
def groups(db):
    bread = make_group("BROOD")
    return bread, make_group("ROGGE", parent=bread)


def test_setting_the_same_estimate_twice_keeps_one_and_lists_it(people, api, chain, groups):
    top, zwolle = chain
    bread, _rye = groups
    alice = api(people.alice)

    for _time in range(2):
        answer = alice.put(
            f"/accounts/{zwolle.pk}/whitespace/estimates",
            {"product_group_id": bread.pk, "amount": "12500.50"},
        )
        assert answer.status_code == 200, answer.content
    alice.put(
        f"/accounts/{top.pk}/whitespace/estimates",
        {"product_group_id": bread.pk, "amount": "40000"},
    )

    listed = alice.get(f"/accounts/{top.pk}/whitespace/estimates").json()
    assert [(r["account_id"], r["amount"]) for r in listed["results"]] == [
        (top.pk, "40000.00"),
        (zwolle.pk, "12500.50"),
    ]
    assert WhitespaceEstimate.objects.filter(account=zwolle).count() == 1
    assert answer.json()["updated_by_id"] == people.alice.pk


def test_a_null_amount_removes_the_estimate(people, api, chain, groups):
    top, _zwolle = chain
    bread, _rye = groups
    WhitespaceEstimate.objects.create(account=top, product_group=bread, amount=Decimal("10"))

    answer = api(people.alice).put(
        f"/accounts/{top.pk}/whitespace/estimates", {"product_group_id": bread.pk, "amount": None}
    )

    assert (answer.status_code, answer.json()["amount"]) == (200, None)
    assert not WhitespaceEstimate.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"product_group_id": "subgroup", "amount": "10"}, "product_group_id", "levels"),
        ({"product_group_id": 999999, "amount": "10"}, "product_group_id", "not_found"),
        ({"product_group_id": "bread", "amount": "-5"}, "amount", "schema"),
        ({"product_group_id": "bread", "amount": "1,5"}, "amount", "schema"),
    ],
)
def test_a_bad_value_is_a_422_naming_the_field(people, api, chain, groups, body, field, code):
    top, _zwolle = chain
    bread, rye = groups
    named = {"bread": bread.pk, "subgroup": rye.pk}
    body = {
        **body,
        "product_group_id": named.get(body["product_group_id"], body["product_group_id"]),
    }

    answer = api(people.alice).put(f"/accounts/{top.pk}/whitespace/estimates", body)

    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [(field, code)]
    assert not WhitespaceEstimate.objects.exists()


def test_access_goes_through_the_account(people, api, chain, groups):
    top, _zwolle = chain
    bread, _rye = groups
    body = {"product_group_id": bread.pk, "amount": "10"}
    path = f"/accounts/{top.pk}/whitespace/estimates"

    assert api(people.charlie).get(path).status_code == 404
    assert api(people.charlie).put(path, body).status_code == 404
    assert api(people.mark).get(path).status_code == 200
    assert api(people.mark).put(path, body).status_code == 403
    assert api(people.maria).put(path, body).status_code == 200
    assert WhitespaceEstimate.objects.get().updated_by == people.maria


def test_the_list_makes_a_fixed_number_of_queries(people, api, chain, groups, query_baseline):
    top, zwolle = chain
    bread, _rye = groups
    for n, row in enumerate(
        (top, zwolle, *(make_account(people.alice, f"Keten {n}", parent=top) for n in range(3)))
    ):
        WhitespaceEstimate.objects.create(account=row, product_group=bread, amount=Decimal(n))
    client = api(people.alice)

    with query_baseline("list"):
        assert len(client.get(f"/accounts/{top.pk}/whitespace/estimates").json()["results"]) == 5
