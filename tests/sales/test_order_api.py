"""/api/v1/orders: the list filters as the page, create (idempotent on the ERP's order number
and with an Idempotency-Key), read, status moves and problems as actions, the UBL document;
refusals are 403/404/409/422 naming the field, never a 500."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from koers.sales.models import Order, OrderStatus
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.order_factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(people):
    account = make_account(people.alice, "Alpha BV")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    return account


def _body(account, **extra):
    return {
        "account_id": account.pk,
        "customer_reference": "PO-77",
        "lines": [{"description": "Service visit", "quantity": "2", "unit_price": "80.00"}],
        **extra,
    }


def test_it_creates_an_order_once_per_key(people, api, alpha):
    product = make_product(list_price=Decimal("12.50"))
    body = _body(alpha)
    body["lines"].append({"product_id": product.pk, "quantity": "4", "discount": "10"})
    client = api(people.alice)
    first = client.post("/orders", body, headers={"Idempotency-Key": "o-1"})
    again = client.post("/orders", body, headers={"Idempotency-Key": "o-1"})
    assert first.status_code == 201, first.json()
    assert again.json() == first.json()
    data = first.json()
    assert (data["net_total"], data["status"], data["customer_reference"]) == (
        "205.00",
        "received",
        "PO-77",
    )
    assert [line["net"] for line in data["lines"]] == ["160.00", "45.00"]
    assert Order.objects.count() == 1


def test_the_same_erp_number_updates_the_order_and_never_duplicates(people, api, alpha):
    client = api(people.admin)
    body = _body(alpha, external_number="ERP-1001", ordered_on="2026-06-01")
    first = client.post("/orders", body)
    body.update(status="delivered", status_on="2026-06-12", promised_on="2026-06-12")
    second = client.post("/orders", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert (second.json()["status"], second.json()["delivered_on"]) == ("delivered", "2026-06-12")
    body.update(status="invoiced", status_on="2026-06-14")
    third = client.post("/orders", body)
    assert third.json()["invoiced_on"] == "2026-06-14"
    assert Order.objects.count() == 1


def test_an_erp_number_of_another_account_is_refused_naming_the_field(people, api, alpha):
    other = make_account(people.alice, "Other BV")
    client = api(people.admin)
    client.post("/orders", _body(alpha, external_number="ERP-9"))
    response = client.post("/orders", _body(other, external_number="ERP-9"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "external_number"
    assert Order.objects.count() == 1


def test_an_account_manager_cannot_feed_a_delivered_order(people, api, alpha):
    response = api(people.alice).post(
        "/orders", _body(alpha, external_number="ERP-2", status="delivered")
    )
    assert response.status_code == 403
    assert not Order.objects.exists()


def test_a_negative_quantity_is_a_422_naming_the_lines(people, api, alpha):
    body = _body(alpha)
    body["lines"][0]["quantity"] = "-1"
    response = api(people.alice).post("/orders", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("lines")
    assert not Order.objects.exists()


def test_the_list_filters_as_the_page(people, api, alpha):
    late = make_order(
        people.alice, alpha, ordered_on=date(2026, 5, 20), promised_on=date(2026, 6, 1)
    )
    make_order(people.alice, alpha, promised_on=date(2026, 7, 1))
    response = api(people.alice).get("/orders?watch=true")
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["results"]] == [late.pk]
    bad = api(people.alice).get("/orders?status=shipped")
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("alice", 200), ("ingrid", 200), ("maria", 200), ("admin", 200), ("charlie", 404)],
)
def test_an_order_is_read_like_its_account(people, api, alpha, persona, expected):
    order = make_order(people.alice, alpha)
    assert api(getattr(people, persona)).get(f"/orders/{order.pk}").status_code == expected


def test_inside_sales_moves_the_status_and_a_refused_move_is_a_409(people, api, alpha):
    order = make_order(people.alice, alpha)
    client = api(people.ingrid)
    moved = client.post(f"/orders/{order.pk}/status", {"status": "confirmed"})
    assert moved.status_code == 200
    assert moved.json()["status"] == "confirmed"
    refused = client.post(f"/orders/{order.pk}/status", {"status": "invoiced"})
    assert refused.status_code == 409
    assert refused.json()["current"]["status"] == "confirmed"
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_the_account_manager_gets_a_403_on_a_status_move(people, api, alpha):
    order = make_order(people.alice, alpha)
    response = api(people.alice).post(f"/orders/{order.pk}/status", {"status": "confirmed"})
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED


def test_a_problem_is_recorded_and_resolved(people, api, alpha):
    order = make_order(people.alice, alpha)
    client = api(people.alice)
    recorded = client.post(
        f"/orders/{order.pk}/problems",
        {"kind": "shortage", "description": "Two missing", "new_promised_on": "2026-06-30"},
    )
    assert recorded.status_code == 200
    data = recorded.json()
    assert (data["open_problems"], data["promised_on"]) == (1, "2026-06-30")
    problem_id = data["problems"][0]["id"]
    resolved = client.post(f"/orders/{order.pk}/problems/{problem_id}/resolve", {})
    assert resolved.json()["open_problems"] == 0


def test_the_ubl_document_is_served(people, api, alpha):
    order = make_order(people.alice, alpha)
    response = api(people.alice).get(f"/orders/{order.pk}/ubl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"


@pytest.mark.parametrize("rows", [1, 5])
def test_the_list_makes_a_fixed_number_of_queries(people, api, alpha, query_baseline, rows):
    for _i in range(rows):
        make_order(people.alice, alpha)
    client = api(people.maria)
    client.get("/orders")
    with query_baseline("list"):
        client.get("/orders")
