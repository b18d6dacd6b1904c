"""The sales plans' API beyond decision 125 (decision 144): change and remove proposals,
propose, change and remove targets, add, change and remove actions of the activity plan and
plan one as an activity, and organisation-wide actions. The owner alone, only while the plan
is a draft or returned, as on the page; refusals change nothing."""

from __future__ import annotations

import pytest

from koers.planning.models import SalesAction, SalesPlanAction, SalesPlanTarget, SalesProposal
from koers.planning.salesplans import workflow
from tests.factories import make_account
from tests.planning.salesplan_factories import make_sales_plan, proposals_of, refreshed
from tests.sales.factories import make_group


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


@pytest.fixture
def plan(people, alpha):
    return make_sales_plan(people.alice, [(alpha, "10000", "500"), (alpha, "2000", "0")])


def test_the_owner_changes_and_removes_proposals(people, api, plan):
    alice = api(people.alice)
    first, second = proposals_of(plan)

    changed = alice.patch(
        f"/sales-proposals/{first.pk}", {"title": "Bigger", "expected_revenue": "15000.00"}
    )
    assert changed.status_code == 200, changed.content
    removed = alice.delete(f"/sales-proposals/{second.pk}")

    assert removed.status_code == 200
    body = removed.json()
    assert [(p["title"], p["expected_revenue"]) for p in body["proposals"]] == [
        ("Bigger", "15000.00")
    ]
    assert body["revenue"] == "15000.00"


def test_proposed_targets_are_added_changed_and_removed(people, api, plan):
    alice = api(people.alice)
    bread = make_group("BROOD")

    added = alice.post(
        f"/sales-plans/{plan.pk}/targets",
        {"measure": "revenue", "product_group_id": bread.pk, "amount": "50000"},
    )
    assert added.status_code == 201, added.content
    target_id = added.json()["targets"][0]["id"]
    changed = alice.patch(f"/sales-plan-targets/{target_id}", {"amount": "60000.50"})
    assert [(t["product_group_id"], t["amount"]) for t in changed.json()["targets"]] == [
        (bread.pk, "60000.50")
    ]

    assert alice.delete(f"/sales-plan-targets/{target_id}").json()["targets"] == []


def test_actions_are_added_changed_planned_and_removed(people, api, plan, alpha):
    alice = api(people.alice)
    beta = make_account(people.alice, "Beta")
    proposal = proposals_of(plan)[0]

    added = alice.post(
        f"/sales-plans/{plan.pk}/actions",
        {"title": "Visit", "account_id": alpha.pk, "due_on": "2099-03-01"},
    )
    assert added.status_code == 201, added.content
    action_id = added.json()["actions"][0]["id"]
    changed = alice.patch(
        f"/sales-plan-actions/{action_id}",
        {"account_id": beta.pk, "proposal_id": proposal.pk, "due_on": "2099-04-01"},
    ).json()["actions"][0]
    assert (changed["account_id"], changed["proposal_id"], changed["due_on"]) == (
        beta.pk,
        proposal.pk,
        "2099-04-01",
    )
    planned = alice.post(f"/sales-plan-actions/{action_id}/activity", {"kind": "visit"})
    assert planned.json()["actions"][0]["activity_id"] is not None

    assert alice.delete(f"/sales-plan-actions/{action_id}").json()["actions"] == []


def test_a_submitted_plan_refuses_changes_with_a_422_on_status(people, api, plan, alpha):
    workflow.sales_plan_submit(actor=people.alice, plan=plan)
    alice = api(people.alice)
    first = proposals_of(plan)[0]

    answers = [
        alice.patch(f"/sales-proposals/{first.pk}", {"title": "Late"}),
        alice.delete(f"/sales-proposals/{first.pk}"),
        alice.post(f"/sales-plans/{plan.pk}/targets", {"measure": "revenue", "amount": "1"}),
        alice.post(
            f"/sales-plans/{plan.pk}/actions",
            {"title": "Visit", "account_id": alpha.pk, "due_on": "2099-03-01"},
        ),
    ]

    assert [(a.status_code, a.json()["errors"][0]["field"]) for a in answers] == [
        (422, "status")
    ] * 4
    assert proposals_of(plan)[0].title == "Proposal 1"
    assert not SalesPlanTarget.objects.exists() and not SalesPlanAction.objects.exists()


def test_a_decided_proposal_stays_as_decided(people, api, plan):
    workflow.sales_plan_submit(actor=people.alice, plan=plan)
    first = proposals_of(plan)[0]
    workflow.proposal_decide(actor=people.maria, proposal=first, decision="adopt")
    workflow.sales_plan_ask_more(actor=people.maria, plan=refreshed(plan), comment="More")

    answer = api(people.alice).patch(f"/sales-proposals/{first.pk}", {"title": "Changed"})

    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "decision")
    assert SalesProposal.objects.get(pk=first.pk).title == "Proposal 1"


@pytest.mark.parametrize(
    ("who", "status"), [("maria", 403), ("mark", 403), ("bob", 404), ("charlie", 404)]
)
def test_only_the_owner_changes_the_plans_lines(people, api, plan, who, status):
    first = proposals_of(plan)[0]

    answer = api(getattr(people, who)).patch(f"/sales-proposals/{first.pk}", {"title": "Mine"})

    assert answer.status_code == status
    assert SalesProposal.objects.get(pk=first.pk).title == "Proposal 1"


def test_an_action_at_someone_elses_account_is_a_422_naming_it(people, api, plan):
    charlies = make_account(people.charlie, "Charlie BV")

    answer = api(people.alice).post(
        f"/sales-plans/{plan.pk}/actions",
        {"title": "Visit", "account_id": charlies.pk, "due_on": "2099-03-01"},
    )

    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "account_id")
    assert not SalesPlanAction.objects.exists()


def test_managers_and_marketing_define_organisation_wide_actions(people, api):
    bread = make_group("BROOD")
    body = {"name": "Spring", "starts_on": "2026-04-01", "ends_on": "2026-06-30"}

    made = api(people.mark).post("/sales-actions", {**body, "product_group_ids": [bread.pk]})
    assert made.status_code == 201, made.content
    changed = api(people.maria).patch(f"/sales-actions/{made.json()['id']}", {"name": "Lente"})

    assert (changed.json()["name"], changed.json()["product_group_ids"]) == ("Lente", [bread.pk])
    assert api(people.alice).post("/sales-actions", body).status_code == 403
    listed = api(people.alice).get("/sales-actions").json()["results"]
    assert [a["name"] for a in listed] == ["Lente"]


def test_an_action_that_ends_before_it_starts_is_a_422_naming_the_end(people, api):
    body = {"name": "Spring", "starts_on": "2026-04-01", "ends_on": "2026-03-30"}

    answer = api(people.maria).post("/sales-actions", body)

    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "ends_on")
    assert not SalesAction.objects.exists()


def test_the_actions_list_makes_a_fixed_number_of_queries(people, api, query_baseline):
    groups = [make_group(f"G{n}") for n in range(3)]
    client = api(people.maria)
    for n in range(4):
        client.post(
            "/sales-actions",
            {
                "name": f"Action {n}",
                "starts_on": "2026-04-01",
                "ends_on": "2026-06-30",
                "product_group_ids": [g.pk for g in groups],
            },
        )

    with query_baseline("list"):
        assert len(client.get("/sales-actions").json()["results"]) == 4
