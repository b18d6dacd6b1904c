"""/api/v1/quotes: the list as the page, make a quote from an opportunity, read it with its
versions, lines and totals, a draft's lines, and the moves as actions; refusals are 403/404/
409/422 naming the field, never a 500."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from koers.sales.models import QuoteLine, QuoteStatus, QuoteVersion
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus
PERSONAS = {
    "alice": 200,
    "maria": 200,
    "admin": 200,
    "mark": 200,
    "bob": 404,
    "charlie": 404,
    "ingrid": 404,
}


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


@pytest.fixture
def product(db):
    return make_product(list_price=D("10.00"), cost_price=D("6.00"))


def test_it_makes_a_quote_and_adds_lines(people, api, account, product):
    deal = make_opportunity(people.alice, account, lines=[(product, D("2"))])
    client = api(people.alice)
    made = client.post("/quotes", {"opportunity_id": deal.pk}, headers={"Idempotency-Key": "q1"})
    again = client.post("/quotes", {"opportunity_id": deal.pk}, headers={"Idempotency-Key": "q1"})
    assert made.status_code == 201, made.json()
    assert again.json() == made.json()
    data = made.json()
    assert data["number"] == "OF-2026-00001"
    version = data["versions"][0]
    assert (version["label"], version["status"], version["net_total"]) == ("v1", "draft", "20.00")
    added = client.post(
        f"/quote-versions/{version['id']}/lines",
        {
            "description": "Fitting",
            "quantity": "1",
            "unit_price": "50.00",
            "discount_amount": "5.00",
            "vat_category": "low",
        },
    )
    assert added.status_code == 200, added.json()
    # 20.00 at 21 % (4.20) + 45.00 at 9 % (4.05)
    assert (added.json()["net_total"], added.json()["vat_total"]) == ("65.00", "8.25")
    line_id = added.json()["groups"][0]["lines"][1]["id"]
    changed = client.patch(f"/quote-lines/{line_id}", {"quantity": "2"})
    assert changed.json()["net_total"] == "115.00"
    removed = client.delete(f"/quote-lines/{line_id}")
    assert removed.json()["net_total"] == "20.00"


def test_a_negative_quantity_is_a_422_naming_the_field(people, api, account, product):
    version = make_quote(people.alice, account, product)
    response = api(people.alice).post(
        f"/quote-versions/{version.pk}/lines", {"product_id": product.pk, "quantity": "-1"}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["quantity"]
    assert QuoteLine.objects.filter(group__quote_version=version).count() == 1


def test_submit_then_a_line_change_is_a_409(people, api, account, product):
    version = make_quote(people.alice, account, product)
    client = api(people.alice)
    submitted = client.post(f"/quote-versions/{version.pk}/submit")
    assert submitted.json()["status"] == "in_review"
    line = QuoteLine.objects.get(group__quote_version=version)
    refused = client.patch(f"/quote-lines/{line.pk}", {"quantity": "5"})
    assert refused.status_code == 409
    assert "can no longer change" in refused.json()["detail"]
    line.refresh_from_db()
    assert line.quantity == D("2")


def test_revise_variant_withdraw_and_decline(people, api, account, product):
    serve(account, people.ingrid)
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    client = api(people.alice)
    refused = client.post(f"/quote-versions/{sent.pk}/decline", {"reason": ""})
    assert refused.status_code == 409
    variant = client.post(f"/quote-versions/{sent.pk}/variant")
    assert variant.json()["label"] == "v1B"
    revised = client.post(f"/quote-versions/{sent.pk}/revise")
    assert (revised.json()["label"], revised.json()["status"]) == ("v2A", "draft")
    withdrawn = client.post(f"/quote-versions/{variant.json()['id']}/withdraw", {"reason": "No"})
    assert withdrawn.json()["status"] == "withdrawn"
    listed = client.get("/quotes", {"status": "all"}).json()
    assert sorted(r["label"] for r in listed["results"]) == ["v1B", "v2A"]


@pytest.mark.parametrize(("persona", "status"), PERSONAS.items())
def test_a_quote_is_read_like_its_account(people, api, account, product, persona, status):
    version = make_quote(people.alice, account, product)
    response = api(getattr(people, persona)).get(f"/quotes/{version.quote_id}")
    assert response.status_code == status


def test_who_may_not_change_gets_a_403_and_nothing_changes(people, api, account, product):
    version = make_quote(people.alice, account, product)
    response = api(people.mark).post(f"/quote-versions/{version.pk}/submit")
    assert response.status_code == 403
    assert QuoteVersion.objects.get().status == S.DRAFT


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_makes_a_fixed_number_of_queries(
    people, api, account, product, query_baseline, rows
):
    for _ in range(rows):
        make_quote(people.alice, account, product)
    client = api(people.maria)
    client.get("/quotes")
    with query_baseline("list"):
        assert len(client.get("/quotes").json()["results"]) == rows
