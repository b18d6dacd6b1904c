"""/api/v1/quote-templates: read by everyone signed in, written by administrators (and the sales
director); `template_id` on POST /quotes. Refusals are 403/404/422 naming the field, and change
nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from koers.sales.catalogue import services as catalogue_services
from koers.sales.models import QuoteLine, QuoteTemplate
from koers.sales.quote_templates import services
from koers.sales.quote_templates.services import TemplateGroupData
from tests.factories import make_account
from tests.sales.factories import admin_user, agree, make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_template_factories import free_line, make_template, product_line


@pytest.fixture
def shelf(db):
    return make_product("SHELF", name_en="Shelf", list_price=D("10.00"), cost_price=D("6.00"))


def body(shelf, **changes):
    return {
        "name": "Shop fitting",
        "language": "en",
        "validity_days": 45,
        "introduction": "Thank you.",
        "payment_terms": "30 days net.",
        "groups": [
            {"title": "Shelving", "lines": [{"product_id": shelf.pk, "quantity": "4"}]},
            {
                "title": "Options",
                "display": "no_prices",
                "lines": [
                    {
                        "description": "Assembly",
                        "quantity": "1",
                        "unit_price": "150.00",
                        "vat_category": "high",
                        "optional": True,
                    }
                ],
            },
        ],
        **changes,
    }


def test_an_administrator_adds_a_template_that_everyone_reads(people, api, shelf):
    made = api(people.admin).post("/quote-templates", body(shelf))
    assert made.status_code == 201, made.json()
    data = made.json()
    assert (data["name"], data["language"], data["validity_days"], data["archived"]) == (
        "Shop fitting",
        "en",
        45,
        False,
    )
    shelving, options = data["groups"]
    assert shelving["lines"][0]["product_id"] == shelf.pk
    # A product line stores no price: the quote prices it for its account.
    assert shelving["lines"][0]["unit_price"] is None
    assert (options["display"], options["lines"][0]["optional"]) == ("no_prices", True)
    listed = api(people.alice).get("/quote-templates").json()
    assert [(r["id"], r["name"]) for r in listed["results"]] == [(data["id"], "Shop fitting")]
    assert api(people.mark).get(f"/quote-templates/{data['id']}").json() == data


@pytest.mark.parametrize("who", ["alice", "maria", "ingrid", "mark"])
def test_others_may_not_write_templates(people, api, shelf, who):
    client = api(getattr(people, who))
    assert client.post("/quote-templates", body(shelf)).status_code == 403
    template = make_template("Kept")
    put = client._send("put", f"/quote-templates/{template.pk}", body(shelf), None)
    assert put.status_code == 403
    assert list(QuoteTemplate.objects.values_list("name", flat=True)) == ["Kept"]


def test_a_bad_line_is_a_422_naming_its_place(people, api, shelf):
    bad = body(shelf)
    bad["groups"][1]["lines"][0].pop("unit_price")
    answer = api(people.admin).post("/quote-templates", bad)
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {
            "field": "groups.1.lines.0.unit_price",
            "message": "Give the unit price of a free line.",
            "code": "needs_field",
        }
    ]
    unknown = body(shelf)
    unknown["groups"][0]["lines"][0]["product_id"] = 999999
    answer = api(people.admin).post("/quote-templates", unknown)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "groups.0.lines.0.product_id"
    assert not QuoteTemplate.objects.exists()


def test_a_put_replaces_the_whole_template_and_archives_it(people, api, shelf):
    template = make_template("Old", groups=[TemplateGroupData(lines=[free_line("X", "1.00")])])
    client = api(people.admin)
    put = client._send("put", f"/quote-templates/{template.pk}", body(shelf, archived=True), None)
    assert put.status_code == 200, put.json()
    assert put.json()["archived"] is True
    assert [g["title"] for g in put.json()["groups"]] == ["Shelving", "Options"]
    assert client.get("/quote-templates").json()["results"] == []
    archived = client.get("/quote-templates", {"archived": "true"}).json()["results"]
    assert [r["name"] for r in archived] == ["Shop fitting"]


def test_a_quote_made_with_a_template_is_priced_for_its_account(people, api, shelf):
    account = make_account(people.alice, "Bakkerij Bos")
    agree(account, shelf, "8.00")
    deal = make_opportunity(people.alice, account)
    retired = make_product("OLD", name_en="Old shelf")
    template = make_template(
        "Shop fitting",
        language="en",
        groups=[TemplateGroupData(lines=[product_line(shelf, "4"), product_line(retired)])],
    )
    catalogue_services.product_update(
        actor=admin_user(), product=retired, data={"active_until": date(2026, 6, 14)}
    )
    made = api(people.alice).post(
        "/quotes", {"opportunity_id": deal.pk, "template_id": template.pk}
    )
    assert made.status_code == 201, made.json()
    assert made.json()["left_out"] == ["Old shelf"]
    version = made.json()["versions"][0]
    assert version["net_total"] == "32.00"
    assert QuoteLine.objects.get().unit_price == D("8.00")


def test_an_archived_or_unknown_template_is_a_422(people, api, shelf):
    deal = make_opportunity(people.alice, make_account(people.alice, "Bos"))
    template = make_template("Gone")
    services.quote_template_archive(actor=people.admin, template=template, archived=True)
    for template_id in (template.pk, 999999):
        answer = api(people.alice).post(
            "/quotes", {"opportunity_id": deal.pk, "template_id": template_id}
        )
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "template_id"
    assert not deal.quotes.exists()


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_makes_a_fixed_number_of_queries(people, api, query_baseline, rows):
    for n in range(rows):
        make_template(f"Template {n}")
    client = api(people.alice)
    client.get("/quote-templates")
    with query_baseline("list"):
        assert len(client.get("/quote-templates").json()["results"]) == rows
