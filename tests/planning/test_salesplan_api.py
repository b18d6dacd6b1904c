"""The sales plans' API (issue 15): start a plan, add proposals, submit, and the manager's
decisions as actions; refusals are 403/404 or a 422 naming the field; the list makes a fixed
number of queries."""

from __future__ import annotations

import pytest

from koers.planning.models import SalesPlan
from tests.factories import make_account
from tests.planning.salesplan_factories import make_sales_plan, proposals_of


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


def test_an_account_manager_writes_and_submits_a_plan_the_manager_decides(people, api, alpha):
    alice, maria = api(people.alice), api(people.maria)

    made = alice.post("/sales-plans", {"year": 2026, "period_kind": "quarter", "period": 2})
    assert made.status_code == 201, made.content
    plan_id = made.json()["id"]
    for title, revenue in (("Range", "12000.00"), ("Promotion", "3000")):
        added = alice.post(
            f"/sales-plans/{plan_id}/proposals",
            {"title": title, "account_id": alpha.pk, "expected_revenue": revenue},
        )
        assert added.status_code == 201, added.content
    assert alice.post(f"/sales-plans/{plan_id}/submit").json()["status"] == "submitted"
    first, second = (p["id"] for p in added.json()["proposals"])

    assert maria.post(f"/sales-proposals/{first}/adopt", {}).status_code == 200
    body = maria.post(f"/sales-proposals/{second}/adjust", {"adopted_revenue": "2000"}).json()

    assert (
        body["status"],
        body["revenue"],
        body["adopted_revenue"],
        body["proposals_adopted"],
    ) == (
        "decided",
        "14000.00",
        "14000.00",
        2,
    )
    assert [p["decision"] for p in body["proposals"]] == ["adopted", "adjusted"]


def test_a_proposal_at_someone_elses_account_is_a_422_naming_it(people, api):
    plan = make_sales_plan(people.alice)
    charlies = make_account(people.charlie, "Charlie BV")

    answer = api(people.alice).post(
        f"/sales-plans/{plan.pk}/proposals", {"title": "Steal", "account_id": charlies.pk}
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "account_id"
    assert not plan.proposals.exists()


def test_a_second_plan_for_a_period_is_a_422_on_the_period(people, api):
    make_sales_plan(people.alice)

    answer = api(people.alice).post("/sales-plans", {"year": 2026, "period_kind": "year"})

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "period"
    assert SalesPlan.objects.count() == 1


def test_deciding_a_draft_is_a_422_on_the_status(people, api, alpha):
    plan = make_sales_plan(people.alice, [(alpha, "100", "0")])

    answer = api(people.maria).post(
        f"/sales-proposals/{proposals_of(plan)[0].pk}/reject", {"comment": "No"}
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "status"
    assert proposals_of(plan)[0].decision == "open"


def test_bob_does_not_read_alices_plan_and_charlies_manager_does_not_decide(people, api, alpha):
    plan = make_sales_plan(people.alice, [(alpha, "100", "0")])
    api(people.alice).post(f"/sales-plans/{plan.pk}/submit")
    sam = people.charlie.teams.get().manager

    assert api(people.bob).get(f"/sales-plans/{plan.pk}").status_code == 404
    assert api(people.bob).get("/sales-plans").json()["count"] == 0
    assert (
        api(sam).post(f"/sales-proposals/{proposals_of(plan)[0].pk}/adopt", {}).status_code == 404
    )
    assert proposals_of(plan)[0].decision == "open"


@pytest.mark.parametrize("plans", [1, 4])
def test_the_list_makes_a_fixed_number_of_queries(people, api, alpha, query_baseline, plans):
    for quarter in range(1, plans + 1):
        make_sales_plan(
            people.alice,
            [(alpha, "100", "0"), (None, "50", "5")],
            period_kind="quarter",
            period=quarter,
        )
    client = api(people.maria)

    with query_baseline("list"):
        answer = client.get("/sales-plans")

    assert answer.json()["count"] == plans
