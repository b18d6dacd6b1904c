"""/api/v1/products, /product-groups, /price-lists and the price of a product for an account:
read by all, written by administrators, cost prices as on the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from koers.sales.models import PriceList, Product
from tests.factories import make_account, make_segment
from tests.sales.factories import add_item, agree, make_group, make_price_list, make_product


def _body(group, **data):
    return {
        "code": "KIP-01",
        "kind": "product",
        "group_id": group.pk,
        "name_nl": "Kipfilet",
        "name_en": "Chicken breast",
        "unit": "kg",
        "cost_price": "6.40",
        "list_price": "9.95",
        "vat_category": "low",
        "active_from": "2026-01-01",
        **data,
    }


def test_the_administrator_adds_a_product(people, api):
    group = make_group("KIP")

    response = api(people.admin).post("/products", _body(group))

    assert response.status_code == 201
    body = response.json()
    assert (body["list_price"], body["cost_price"], body["margin_percent"]) == (
        "9.95",
        "6.40",
        "35.7",
    )
    assert Product.objects.get(code="KIP-01").list_price == Decimal("9.95")


@pytest.mark.parametrize("persona", ["alice", "bob", "maria", "ingrid", "mark"])
def test_others_may_not_add_products(people, api, persona):
    group = make_group("KIP")

    response = api(getattr(people, persona)).post("/products", _body(group))

    assert response.status_code == 403
    assert not Product.objects.exists()


def test_a_used_code_is_a_422_naming_the_code(people, api):
    group = make_group("KIP")
    make_product("kip-01", group=group)

    response = api(people.admin).post("/products", _body(group))

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("code", "unique")]


def test_a_float_price_is_refused(people, api):
    group = make_group("KIP")

    response = api(people.admin).post("/products", _body(group, list_price=9.95))

    assert response.status_code == 422
    assert not Product.objects.exists()


def test_cost_prices_are_null_for_account_managers_of_level_a(people, api):
    make_product("A1", cost_price=Decimal("6.13"))

    alice = api(people.alice).get("/products").json()["results"][0]
    bob = api(people.bob).get("/products").json()["results"][0]

    assert (alice["cost_price"], bob["cost_price"], bob["margin_percent"]) == ("6.13", None, None)


def test_a_stale_version_is_a_409_and_changes_nothing(people, api):
    product = make_product("A1")
    client = api(people.admin)
    client.patch(f"/products/{product.pk}", {"version": 1, "list_price": "11.00"})

    response = client.patch(f"/products/{product.pk}", {"version": 1, "list_price": "12.00"})

    assert response.status_code == 409
    product.refresh_from_db()
    assert product.list_price == Decimal("11.00")


def test_the_price_action_says_where_the_price_comes_from(people, api):
    product = make_product("A1", list_price=Decimal("10.00"))
    head = make_account(people.alice, "Keten")
    branch = make_account(people.alice, "Keten Zeist", parent=head)
    agreement = agree(head, product, "8.40")

    response = api(people.alice).get(
        f"/products/{product.pk}/price",
        {"account_id": branch.pk, "date": "2026-06-01", "quantity": "2.5"},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["unit_price"], body["source"], body["net"], body["gross"]) == (
        "8.40",
        "chain_agreed",
        "21.00",
        "25.41",
    )
    assert (body["agreed_price_id"], body["agreed_with_account_id"]) == (agreement.pk, head.pk)


def test_the_price_for_an_account_one_may_not_read_is_a_422(people, api):
    product = make_product("A1")
    theirs = make_account(people.charlie, "Van Charlie")

    response = api(people.alice).get(f"/products/{product.pk}/price", {"account_id": theirs.pk})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "account_id"


def test_a_product_not_sold_that_day_is_a_422_on_the_date(people, api):
    product = make_product("A1")
    account = make_account(people.alice, "Klant")

    response = api(people.alice).get(
        f"/products/{product.pk}/price", {"account_id": account.pk, "date": "2025-06-01"}
    )

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("date", "not_active")]


def test_a_chains_price_list_is_read_only_by_who_reads_the_chain(people, api):
    head = make_account(people.alice, "Keten")
    chain_list = make_price_list("Keten", account=head)
    make_price_list("Iedereen")

    def names(persona):
        return {
            p["name"] for p in api(getattr(people, persona)).get("/price-lists").json()["results"]
        }

    assert names("alice") == {"Keten", "Iedereen"}
    assert names("charlie") == {"Iedereen"}
    assert api(people.charlie).get(f"/price-lists/{chain_list.pk}").status_code == 404


def test_the_administrator_writes_a_price_list_with_quantity_breaks(people, api):
    product = make_product("A1")
    segment = make_segment("Zorg")
    client = api(people.admin)

    response = client.post(
        "/price-lists",
        {
            "name": "Zorg 2026",
            "segment_id": segment.pk,
            "valid_from": "2026-01-01",
            "items": [
                {"product_id": product.pk, "price": "9.50"},
                {"product_id": product.pk, "min_quantity": "10", "price": "9.00"},
            ],
        },
    )
    patched = client.patch(
        f"/price-lists/{response.json()['id']}",
        {
            "version": response.json()["version"],
            "items": [{"product_id": product.pk, "price": "9.25"}],
        },
    )

    assert response.status_code == 201
    assert [(i["min_quantity"], i["price"]) for i in response.json()["items"]] == [
        ("1", "9.50"),
        ("10", "9.00"),
    ]
    assert [(i["min_quantity"], i["price"]) for i in patched.json()["items"]] == [("1", "9.25")]
    assert PriceList.objects.get().items.count() == 1


def test_a_price_list_for_a_segment_and_a_chain_is_refused(people, api):
    head = make_account(people.alice, "Keten")

    response = api(people.admin).post(
        "/price-lists",
        {
            "name": "Beide",
            "segment_id": make_segment("Zorg").pk,
            "account_id": head.pk,
            "valid_from": "2026-01-01",
        },
    )

    assert response.status_code == 422
    assert not PriceList.objects.exists()


@pytest.mark.parametrize("size", [1, 6])
def test_the_lists_make_a_fixed_number_of_queries(people, api, query_baseline, size):
    plist = make_price_list("Lijst")
    for n in range(size):
        product = make_product(f"P{n}", group=make_group(f"G{n}", parent=make_group(f"M{n}")))
        add_item(plist, product, "9.00")
    client = api(people.alice)
    client.get("/products")  # the token's first use

    with query_baseline("products"):
        products = client.get("/products")
    with query_baseline("groups"):
        client.get("/product-groups")
    with query_baseline("price lists"):
        lists = client.get("/price-lists")

    assert len(products.json()["results"]) == size
    assert len(lists.json()["results"][0]["items"]) == size


def test_the_list_of_products_filters_on_being_sold_today(people, api):
    make_product("NOW")
    make_product("OLD", active_from=date(2025, 1, 1), active_until=date(2025, 12, 31))
    client = api(people.alice)

    def codes(state):
        response = client.get("/products", {"state": state} if state else {})
        return [p["code"] for p in response.json()["results"]]

    assert (codes(None), codes("active"), codes("inactive")) == (["NOW", "OLD"], ["NOW"], ["OLD"])
