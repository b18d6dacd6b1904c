"""The sales plans' pages: the plan page shows what its reader may do; a refused move says why
and changes nothing; the general plan shows the team's lines and total; the list and the general
plan make a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.core.models import Team
from tests.factories import make_account
from tests.planning.salesplan_factories import make_sales_plan, proposals_of, refreshed


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


def test_the_owner_sees_submit_and_the_manager_the_decisions(people, client_for, alpha):
    plan = make_sales_plan(people.alice, [(alpha, "1000", "10")])
    url = reverse("planning:salesplan_detail", args=[plan.pk])

    assert 'id="salesplan-submit"' in client_for(people.alice).get(url).content.decode()
    client_for(people.alice).post(reverse("planning:salesplan_submit", args=[plan.pk]))
    owner_page = client_for(people.alice).get(url).content.decode()
    manager_page = client_for(people.maria).get(url).content.decode()

    assert 'id="salesplan-submit"' not in owner_page and "proposal-adopt" not in owner_page
    assert "proposal-adopt" in manager_page and 'id="salesplan-ask-more"' in manager_page


def test_a_refused_submit_says_why_and_changes_nothing(people, client_for):
    plan = make_sales_plan(people.alice)

    page = client_for(people.alice).post(
        reverse("planning:salesplan_submit", args=[plan.pk]), follow=True
    )

    assert "Add at least one new proposal" in page.content.decode()
    assert refreshed(plan).status == "draft"


def test_a_proposal_without_a_title_is_refused_next_to_the_field(people, client_for, alpha):
    plan = make_sales_plan(people.alice)

    page = client_for(people.alice).post(
        reverse("planning:salesproposal_new", args=[plan.pk]),
        {"title": "", "expected_revenue": "-5", "action_cost": "0"},
    )

    assert page.status_code == 200
    assert not plan.proposals.exists()
    assert page.context["form"].errors.keys() >= {"title", "expected_revenue"}


def test_rejecting_without_a_reason_says_so_and_changes_nothing(people, client_for, alpha):
    plan = make_sales_plan(people.alice, [(alpha, "1000", "10")])
    client_for(people.alice).post(reverse("planning:salesplan_submit", args=[plan.pk]))
    proposal = proposals_of(plan)[0]

    page = client_for(people.maria).post(
        reverse("planning:salesproposal_decide", args=[proposal.pk]),
        {"decision": "reject", "comment": ""},
        follow=True,
    )

    assert "Say why the proposal is rejected." in page.content.decode()
    assert proposals_of(plan)[0].decision == "open"


def test_the_general_plan_shows_the_teams_people_and_total(people, client_for, alpha):
    make_sales_plan(people.alice, [(alpha, "1000", "10"), (alpha, "500", "0")])

    page = client_for(people.maria).get(reverse("planning:salesplan_general") + "?year=2026")

    text = page.content.decode()
    assert page.context["team"] == Team.objects.get(name="North")
    assert [line.label for line in page.context["general"].lines] == ["Alice Tester", "Bob Tester"]
    assert page.context["general"].total.revenue == D("1500.00")
    assert "1,500.00" in text


@pytest.mark.parametrize("plans", [1, 3])
def test_the_list_and_the_general_plan_make_a_fixed_number_of_queries(
    people, client_for, alpha, query_baseline, plans
):
    for quarter in range(1, plans + 1):
        make_sales_plan(people.alice, [(alpha, "100", "0")], period_kind="quarter", period=quarter)
    client = client_for(people.maria)
    client.get(reverse("planning:salesplan_list"))

    with query_baseline("list"):
        listed = client.get(reverse("planning:salesplan_list") + "?year=2026")
    with query_baseline("general"):
        client.get(reverse("planning:salesplan_general") + "?year=2026&period_kind=quarter")

    assert len(listed.context["plans"]) == plans
