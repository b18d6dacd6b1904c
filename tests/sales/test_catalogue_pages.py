"""The catalogue's pages: the administrator adds and changes products and groups (messages next
to the field, retire instead of delete), everyone reads the list and a product's price for an
account, cost prices only for whom the setting allows, the export likewise."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from koers.sales.catalogue import services
from koers.sales.models import Product, ProductGroup
from tests.core.administration import signed_in_admin
from tests.factories import make_account
from tests.sales.factories import add_item, agree, make_group, make_price_list, make_product


def _product_form(group, **data):
    return {
        "code": "VL-100",
        "kind": "product",
        "group": str(group.pk),
        "name_nl": "Rundergehakt",
        "name_en": "Minced beef",
        "unit": "kg",
        "cost_price": "5,10",
        "list_price": "8,95",
        "vat_category": "low",
        "active_from": "2026-01-01",
        **data,
    }


def test_the_administrator_adds_a_product_with_dutch_amounts(people, admin_client):
    group = make_group("VL")
    people.admin.language = "nl"
    people.admin.save()

    response = admin_client.post(reverse("sales:product_create"), _product_form(group))

    product = Product.objects.get(code="VL-100")
    assert response.status_code == 302
    assert (product.list_price, product.cost_price, product.unit) == (
        Decimal("8.95"),
        Decimal("5.10"),
        "kg",
    )


def test_a_used_code_is_refused_next_to_the_field(people, admin_client):
    group = make_group("VL")
    make_product("vl-100", group=group)

    response = admin_client.post(reverse("sales:product_create"), _product_form(group))

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["This code is already used."]
    assert Product.objects.count() == 1


def test_a_last_day_before_the_first_is_refused_next_to_the_field(people, admin_client):
    group = make_group("VL")

    response = admin_client.post(
        reverse("sales:product_create"), _product_form(group, active_until="2025-12-31")
    )

    assert "active_until" in response.context["form"].errors
    assert not Product.objects.exists()


def test_a_group_has_two_levels(people, admin_client):
    main = make_group("M")
    sub = make_group("S", parent=main)

    response = admin_client.post(
        reverse("sales:group_create"),
        {"code": "T", "name_nl": "Te diep", "parent": str(sub.pk), "position": "0"},
    )

    assert "parent" in response.context["form"].errors
    assert not ProductGroup.objects.filter(code="T").exists()


def test_a_group_in_use_is_retired_and_an_empty_one_deleted(people, admin_client):
    used, empty = make_group("U"), make_group("E")
    make_product(group=used)

    admin_client.post(reverse("sales:group_remove", args=[used.pk]))
    admin_client.post(reverse("sales:group_remove", args=[empty.pk]))

    used.refresh_from_db()
    assert used.active is False
    assert not ProductGroup.objects.filter(pk=empty.pk).exists()


def test_a_product_in_use_is_sold_until_today_instead_of_deleted(people, admin_client):
    used, unused = make_product("USED"), make_product("FREE")
    add_item(make_price_list(), used, "9.00")

    admin_client.post(reverse("sales:product_remove", args=[used.pk]))
    admin_client.post(reverse("sales:product_remove", args=[unused.pk]))

    used.refresh_from_db()
    assert used.active_until == date(2026, 6, 15)
    assert not Product.objects.filter(pk=unused.pk).exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "maria", "ingrid", "mark"])
def test_other_roles_cannot_add_products(people, client_for, persona):
    group = make_group("VL")
    client = client_for(getattr(people, persona))

    response = client.post(reverse("sales:product_create"), _product_form(group))

    assert response.status_code == 403
    assert not Product.objects.exists()


def test_the_list_shows_products_sold_today_in_the_readers_language(people, client_for):
    group = make_group("VL", name_nl="Vlees", name_en="Meat")
    make_product("A1", group=group, name_nl="Biefstuk", name_en="Steak")
    make_product("A2", group=group, name_nl="Oud", active_until=date(2026, 5, 31))

    page = client_for(people.alice).get(reverse("sales:product_list")).content.decode()

    assert "Steak" in page and "Meat" in page
    assert "A2" not in page


def test_a_filter_on_a_main_group_includes_its_subgroups(people, client_for):
    main = make_group("M")
    make_product("IN", group=make_group("S", parent=main))
    make_product("OUT")

    response = client_for(people.alice).get(reverse("sales:product_list"), {"group": main.pk})

    assert [p.code for p in response.context["page_obj"].object_list] == ["IN"]


def test_cost_prices_are_hidden_from_account_managers_of_level_a(people, client_for):
    product = make_product("A1", cost_price=Decimal("6.13"))

    seen = {}
    for persona in ("alice", "bob", "maria"):
        client = client_for(getattr(people, persona))
        pages = (
            client.get(reverse("sales:product_list")).content.decode()
            + client.get(reverse("sales:product_detail", args=[product.pk])).content.decode()
        )
        seen[persona] = "6.13" in pages

    assert seen == {"alice": True, "bob": False, "maria": True}


def test_the_setting_decides_who_sees_cost_prices(people, client, client_for):
    product = make_product("A1", cost_price=Decimal("6.13"))
    services.cost_prices_hide_for(actor=people.admin, audiences=["account_manager_B", "manager"])

    def sees(persona):
        user = getattr(people, persona)
        client = signed_in_admin(Client(), user) if user.is_admin else client_for(user)
        return (
            "6.13"
            in client.get(reverse("sales:product_detail", args=[product.pk])).content.decode()
        )

    assert (sees("alice"), sees("bob"), sees("maria"), sees("admin")) == (False, True, False, True)


def test_the_export_has_cost_prices_only_for_who_may_see_them(people, client_for):
    make_product("A1", cost_price=Decimal("6.13"), list_price=Decimal("10.00"))

    def header(persona):
        response = client_for(getattr(people, persona)).get(reverse("sales:product_export_csv"))
        text = (
            b"".join(response.streaming_content).decode("utf-8-sig")
            if response.streaming
            else response.content.decode("utf-8-sig")
        )
        return next(
            csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ",")
        )

    assert "Cost price" in header("alice")
    assert "Cost price" not in header("bob")
    assert "Margin (%)" not in header("bob")


def test_the_product_page_shows_the_price_for_an_account_and_where_it_comes_from(
    people, client_for
):
    product = make_product("A1", list_price=Decimal("10.00"))
    head = make_account(people.alice, "Keten")
    branch = make_account(people.alice, "Keten Zeist", parent=head)
    agree(head, product, "8.40")
    client = client_for(people.alice)

    response = client.get(
        reverse("sales:product_detail", args=[product.pk]),
        {"account": branch.pk, "quantity": "3"},
    )

    price = response.context["price"]
    assert (price.unit_price, price.net, price.source) == (
        Decimal("8.40"),
        Decimal("25.20"),
        "chain_agreed",
    )
    assert "Keten" in response.content.decode()


def test_an_account_search_on_the_product_page_offers_only_readable_accounts(people, client_for):
    product = make_product("A1")
    make_account(people.alice, "Bakkerij Alice")
    make_account(people.charlie, "Bakkerij Charlie")

    response = client_for(people.alice).get(
        reverse("sales:product_detail", args=[product.pk]), {"q": "Bakkerij"}
    )

    assert [a.name for a in response.context["choices"]] == ["Bakkerij Alice"]


def test_the_price_for_an_account_one_may_not_read_is_not_found(people, client_for):
    product = make_product("A1")
    theirs = make_account(people.charlie, "Van Charlie")

    response = client_for(people.alice).get(
        reverse("sales:product_detail", args=[product.pk]), {"account": theirs.pk}
    )

    assert response.status_code == 404


def test_a_product_not_sold_on_the_day_says_so_next_to_the_date(people, client_for):
    product = make_product("A1", active_from=date(2026, 1, 1), active_until=date(2026, 3, 31))
    account = make_account(people.alice, "Klant")

    response = client_for(people.alice).get(
        reverse("sales:product_detail", args=[product.pk]),
        {"account": account.pk, "date": "2026-06-15"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert response.context["price"] is None


@pytest.mark.parametrize("size", [2, 12])
def test_the_lists_make_a_fixed_number_of_queries(people, client_for, query_baseline, size):
    admin_client = signed_in_admin(Client(), people.admin)
    account = make_account(people.alice, "Klant")
    group = make_group("M")
    sub = make_group("S", parent=group)
    plist = make_price_list("Lijst")
    for n in range(size):
        product = make_product(f"P{n:03}", group=sub if n % 2 else group)
        add_item(plist, product, "9.00")
        agree(account, product, "8.00")
    make_price_list("Tweede")
    alice = client_for(people.alice)
    alice.get(reverse("sales:product_list"))

    with query_baseline("product list"):
        alice.get(reverse("sales:product_list"))
    with query_baseline("product page with a price"):
        alice.get(reverse("sales:product_detail", args=[product.pk]), {"account": account.pk})
    admin_client.get(reverse("sales:price_list_list"))
    with query_baseline("price lists"):
        admin_client.get(reverse("sales:price_list_list"))
    with query_baseline("agreed prices"):
        agreed_page = admin_client.get(reverse("sales:agreed_price_list"))
    with query_baseline("groups"):
        admin_client.get(reverse("sales:group_list"))

    assert agreed_page.content.decode().count('id="agreed-row-') == size
