"""The catalogue's deletes and versioned changes in the API: a product or a price list in use is
a 409 with the reasons and nothing changes (the same in-use rule as the page, which retires it);
a price list, one of its prices and an agreed price change only with the version read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.sales.models import AgreedPrice, PriceList, PriceListItem, Product
from tests.factories import make_account
from tests.sales.factories import add_item, agree, make_price_list, make_product
from tests.sales.opportunity_factories import make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def test_an_unused_product_is_deleted(people, api):
    product = make_product("WEG")
    assert api(people.admin).delete(f"/products/{product.pk}").status_code == 204
    assert not Product.objects.filter(pk=product.pk).exists()


def test_a_product_in_an_estimate_or_on_a_list_is_kept_with_the_reasons(account, people, api):
    product = make_product("OVEN")
    make_opportunity(people.alice, account, lines=[(product, Decimal("2"))])
    add_item(make_price_list(), product, "9.00")

    response = api(people.admin).delete(f"/products/{product.pk}")

    assert response.status_code == 409
    assert response.json()["uses"] == [
        "It is on 1 price list.",
        "It is in the estimate of 1 opportunity.",
    ]
    assert Product.objects.get(pk=product.pk).active_until is None


def test_a_product_on_a_quote_or_in_a_complaint_is_kept_with_the_reasons(account, people, api):
    from koers.sales.models import OpportunityLine
    from tests.complaints.factories import make_complaint
    from tests.sales.quote_factories import make_quote

    on_quote, in_complaint = make_product("OFFERTE"), make_product("KLACHT")
    make_quote(people.alice, account, on_quote)
    OpportunityLine.objects.filter(product=on_quote).delete()  # the quote's line alone
    make_complaint(people.alice, account, product=in_complaint)

    quoted = api(people.admin).delete(f"/products/{on_quote.pk}")
    complained = api(people.admin).delete(f"/products/{in_complaint.pk}")

    assert (quoted.status_code, quoted.json()["uses"]) == (409, ["It is named in quote lines."])
    assert (complained.status_code, complained.json()["uses"]) == (
        409,
        ["It is named in complaints."],
    )
    assert Product.objects.filter(pk__in=[on_quote.pk, in_complaint.pk]).count() == 2


def test_only_the_administrator_deletes(people, api):
    product = make_product("WEG")
    assert api(people.maria).delete(f"/products/{product.pk}").status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


def test_the_page_retires_a_product_in_an_estimate_instead_of_failing(
    account, people, admin_client
):
    product = make_product("OVEN")
    make_opportunity(people.alice, account, lines=[(product, Decimal("2"))])
    response = admin_client.post(reverse("sales:product_remove", args=[product.pk]), follow=True)
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).active_until == date(2026, 6, 15)
    assert "It is in the estimate of 1 opportunity." in response.content.decode()


def test_a_price_list_deletes_before_it_applies_and_not_after(people, api):
    later = make_price_list("Later", valid_from=date(2026, 9, 1))
    applied = make_price_list("Nu")
    client = api(people.admin)
    assert client.delete(f"/price-lists/{later.pk}").status_code == 204
    refused = client.delete(f"/price-lists/{applied.pk}")
    assert refused.status_code == 409
    assert refused.json()["uses"] == [
        "It has applied since 2026-01-01: end it with its last day instead."
    ]
    assert PriceList.objects.filter(pk=applied.pk, valid_until=None).exists()


def test_a_price_list_changes_only_with_the_version_read(people, api):
    plist = make_price_list("Zomer")
    client = api(people.admin)
    read = client.get(f"/price-lists/{plist.pk}").json()
    first = client.patch(f"/price-lists/{plist.pk}", {"version": read["version"], "notes": "A"})
    stale = client.patch(f"/price-lists/{plist.pk}", {"version": read["version"], "notes": "B"})

    assert first.status_code == 200 and first.json()["version"] == read["version"] + 1
    assert stale.status_code == 409
    assert stale.json()["current"]["notes"] == "A"
    assert PriceList.objects.get(pk=plist.pk).notes == "A"


def test_one_price_of_a_list_changes_with_its_version_and_the_list_gets_a_new_one(people, api):
    plist = make_price_list("Zomer")
    item = add_item(plist, make_product("A1"), "9.00")
    client = api(people.admin)
    listed = client.get(f"/price-lists/{plist.pk}").json()
    (shown,) = listed["items"]
    url = f"/price-lists/{plist.pk}/items/{shown['id']}"

    changed = client.patch(url, {"version": shown["version"], "price": "8.75"})
    stale = client.patch(url, {"version": shown["version"], "price": "8.50"})

    assert changed.status_code == 200, changed.json()
    assert (changed.json()["price"], changed.json()["version"]) == ("8.75", shown["version"] + 1)
    assert stale.status_code == 409 and stale.json()["current"]["price"] == "8.75"
    assert PriceListItem.objects.get(pk=item.pk).price == Decimal("8.75")
    assert client.get(f"/price-lists/{plist.pk}").json()["version"] > listed["version"]
    other = make_price_list("Ander")
    assert (
        client.patch(
            f"/price-lists/{other.pk}/items/{item.pk}", {"version": 2, "price": "1"}
        ).status_code
        == 404
    )


def test_agreed_prices_are_added_and_changed_with_their_version(account, people, api):
    product = make_product("A1")
    client = api(people.admin)
    created = client.post(
        "/agreed-prices",
        {
            "account_id": account.pk,
            "product_id": product.pk,
            "price": "7.25",
            "valid_from": "2026-06-01",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    url = f"/agreed-prices/{body['id']}"

    changed = client.patch(url, {"version": body["version"], "price": "7.00"})
    stale = client.patch(url, {"version": body["version"], "price": "6.00"})

    assert changed.status_code == 200 and changed.json()["price"] == "7.00"
    assert stale.status_code == 409 and stale.json()["current"]["price"] == "7.00"
    assert AgreedPrice.objects.get(pk=body["id"]).price == Decimal("7.00")
    refused = api(people.alice).patch(url, {"version": body["version"] + 1, "price": "1.00"})
    assert refused.status_code == 403
    assert AgreedPrice.objects.get(pk=body["id"]).price == Decimal("7.00")


def test_agreed_prices_are_read_like_their_account(account, people, api):
    agreed = agree(account, make_product("A1"), "5.00")
    mine = api(people.alice).get("/agreed-prices", {"account_id": account.pk}).json()
    assert [a["id"] for a in mine["results"]] == [agreed.pk]
    assert api(people.charlie).get("/agreed-prices").json()["results"] == []
    assert api(people.charlie).get(f"/agreed-prices/{agreed.pk}").status_code == 404
