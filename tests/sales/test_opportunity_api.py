"""/api/v1/opportunities: the list filters as the page, create with the DMU and an
Idempotency-Key, read, PATCH with the version, the stage change and reopening as actions that
apply the stage rules; refusals are 403/404/409/422 naming the field, never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koers.sales.models import Opportunity, Stage, StageChange
from koers.sales.opportunities import services
from tests.factories import make_account, make_contact
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_competitor, make_opportunity

PERSONAS = {
    "alice": 200,
    "maria": 200,
    "admin": 200,
    "mark": 403,
    "bob": 404,
    "charlie": 404,
    "ingrid": 404,
}


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def test_it_creates_with_the_dmu_and_lines_once_per_key(people, api, account):
    els = make_contact(account, first_name="Els", buying_role="decider", attitude="supporter")
    product = make_product(list_price=Decimal("12.50"))
    body = {
        "account_id": account.pk,
        "title": "Ovens",
        "close_on": "2026-09-30",
        "stage": "qualify",
        "contact_ids": [els.pk],
        "lines": [{"product_id": product.pk, "quantity": "3"}],
    }
    client = api(people.alice)
    first = client.post("/opportunities", body, headers={"Idempotency-Key": "k-1"})
    again = client.post("/opportunities", body, headers={"Idempotency-Key": "k-1"})

    assert first.status_code == 201, first.json()
    assert again.json() == first.json()
    data = first.json()
    assert (data["amount"], data["stage"], data["probability"], data["weighted_amount"]) == (
        "37.50",
        "qualify",
        10,
        "3.75",
    )
    assert data["contacts"] == [
        {
            "id": data["contacts"][0]["id"],
            "contact_id": els.pk,
            "contact_name": els.full_name,
            "buying_role": "decider",
            "attitude": "supporter",
        }
    ]
    assert Opportunity.objects.count() == 1


def test_create_refusals_name_the_field(people, api, account):
    stranger = make_contact(make_account(people.charlie))
    client = api(people.alice)
    base = {"account_id": account.pk, "title": "Ovens", "close_on": "2026-09-30"}

    def fields(body: dict) -> list[str]:
        response = client.post("/opportunities", {**base, **body})
        assert response.status_code == 422, response.json()
        return [e["field"] for e in response.json()["errors"]]

    assert fields({"contact_ids": [stranger.pk]}) == ["contact_ids"]
    assert fields({"stage": "won"}) == ["stage"]
    assert fields({"amount": "12,50"}) == ["amount"]
    assert fields({"lines": [{"product_id": 999999, "quantity": "1"}]}) == ["lines"]
    assert fields({"competitor_ids": [999999]}) == ["competitor_ids"]
    assert not Opportunity.objects.exists()
    assert api(people.mark).post("/opportunities", base).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_stage_action_is_for_who_may_change_the_account(people, api, account, persona):
    opportunity = make_opportunity(people.alice, account)
    response = api(getattr(people, persona)).post(
        f"/opportunities/{opportunity.pk}/stage", {"stage": "proposal"}
    )
    assert response.status_code == PERSONAS[persona], response.json()
    stored = Opportunity.objects.get()
    if response.status_code == 200:
        assert (response.json()["stage"], stored.stage, response.json()["probability"]) == (
            "proposal",
            "proposal",
            40,
        )
    else:
        assert (stored.stage, stored.version) == (Stage.PREPARE, 1)


def test_lost_without_a_reason_is_a_422_naming_it(people, api, account):
    opportunity = make_opportunity(people.alice, account)
    response = api(people.alice).post(f"/opportunities/{opportunity.pk}/stage", {"stage": "lost"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["lost_reason"]
    assert Opportunity.objects.get().stage == Stage.PREPARE


def test_lost_to_a_competitor(people, api, account):
    opportunity = make_opportunity(people.alice, account)
    rival = make_competitor()
    response = api(people.alice).post(
        f"/opportunities/{opportunity.pk}/stage",
        {"stage": "lost", "lost_reason": "competitor", "lost_to_id": rival.pk, "price_gap": "8.5"},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["lost_to_id"], response.json()["price_gap"]) == (rival.pk, "8.5")
    assert StageChange.objects.filter(opportunity=opportunity).count() == 2


def test_a_closed_opportunity_is_read_only_and_reopened_by_a_manager(people, api, account):
    opportunity = make_opportunity(people.alice, account, stage=Stage.WON)
    alice = api(people.alice)
    patch = alice.patch(
        f"/opportunities/{opportunity.pk}", {"title": "Other", "version": opportunity.version}
    )
    assert patch.status_code == 422
    assert [e["field"] for e in patch.json()["errors"]] == ["stage"]
    moved = alice.post(f"/opportunities/{opportunity.pk}/stage", {"stage": "lost"})
    assert moved.status_code == 409
    assert moved.json()["detail"] == "A won or lost opportunity is closed: a manager can reopen it."
    refused = alice.post(
        f"/opportunities/{opportunity.pk}/reopen", {"stage": "negotiation", "reason": "Again"}
    )
    assert refused.status_code == 403
    reopened = api(people.maria).post(
        f"/opportunities/{opportunity.pk}/reopen", {"stage": "negotiation", "reason": "Again"}
    )
    assert reopened.status_code == 200, reopened.json()
    assert (reopened.json()["stage"], reopened.json()["won_on"]) == ("negotiation", None)


def test_patch_checks_the_version(people, api, account):
    opportunity = make_opportunity(people.alice, account)
    services.opportunity_update(
        actor=people.maria, opportunity=opportunity, expected_version=1, data={"title": "New"}
    )
    stale = api(people.alice).patch(
        f"/opportunities/{opportunity.pk}", {"title": "Mine", "version": 1}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "New"
    fresh = api(people.alice).patch(
        f"/opportunities/{opportunity.pk}", {"amount": "2500.00", "probability": 55, "version": 2}
    )
    assert fresh.status_code == 200, fresh.json()
    assert (fresh.json()["amount"], fresh.json()["probability"], fresh.json()["version"]) == (
        "2500.00",
        55,
        3,
    )


def test_the_list_filters_and_reads_only_what_may_be_read(people, api, account):
    make_opportunity(people.alice, account, title="Ovens", amount=Decimal("900"))
    make_opportunity(people.alice, account, title="Won", stage=Stage.WON)
    make_opportunity(people.charlie, make_account(people.charlie), title="Charlie's")

    def titles(user, params=None):
        response = api(user).get("/opportunities", params or {})
        assert response.status_code == 200, response.json()
        return [o["title"] for o in response.json()["results"]]

    assert titles(people.alice) == ["Ovens"]
    assert titles(people.alice, {"stage": "won"}) == ["Won"]
    assert sorted(titles(people.alice, {"stage": "all"})) == ["Ovens", "Won"]
    assert titles(people.alice, {"value_min": "1000"}) == []
    assert titles(people.charlie) == ["Charlie's"]
    bad = api(people.alice).get("/opportunities", {"close_month": "2026-13"})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["close_month"]


@pytest.mark.parametrize("rows", [1, 5])
def test_the_list_makes_a_fixed_number_of_queries(people, api, account, query_baseline, rows):
    contact = make_contact(account)
    product = make_product()
    for i in range(rows):
        make_opportunity(
            people.alice,
            account,
            title=f"Deal {i}",
            contacts=[contact],
            lines=[(product, Decimal("1"))],
            competitors=[make_competitor()],
        )
    client = api(people.maria)
    with query_baseline("list"):
        client.get("/opportunities")
