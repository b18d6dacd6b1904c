"""The account plan's pages: the panel and the plan page show what a reader may do; a refused
move says why and changes nothing; an approved plan offers no change; the versions are read;
the pages and the API list make a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.planning.models import AccountPlan
from koers.planning.plans import services
from tests.factories import make_account
from tests.planning.plan_factories import make_plan, refreshed


def test_the_account_panel_lists_its_plans(people, client_for, account):
    plan = make_plan(people.alice, account)

    page = client_for(people.alice).get(
        reverse("planning:account_plans", args=[account.pk]), HTTP_HX_REQUEST="true"
    )

    text = page.content.decode()
    assert f'id="plan-row-{plan.pk}"' in text and "Draft" in text
    assert 'id="plan-new"' in text


def test_the_owner_sees_submit_and_the_manager_approve(people, client_for, account):
    plan = make_plan(people.alice, account)
    url = reverse("planning:plan_detail", args=[plan.pk])

    assert 'id="plan-submit"' in client_for(people.alice).get(url).content.decode()
    services.plan_submit(actor=people.alice, plan=plan)
    owner_page = client_for(people.alice).get(url).content.decode()
    manager_page = client_for(people.maria).get(url).content.decode()

    assert 'id="plan-submit"' not in owner_page and 'id="plan-edit"' not in owner_page
    assert 'id="plan-approve"' in manager_page and 'id="plan-return"' in manager_page


def test_a_refused_move_says_why_and_changes_nothing(people, client_for, account):
    plan = make_plan(people.alice, account)
    client = client_for(people.maria)

    response = client.post(reverse("planning:plan_approve", args=[plan.pk]), follow=True)

    assert "Only a submitted plan can be approved." in response.content.decode()
    assert refreshed(plan).status == "draft"


def test_a_return_without_comment_is_refused(people, client_for, account):
    plan = make_plan(people.alice, account)
    services.plan_submit(actor=people.alice, plan=plan)

    response = client_for(people.maria).post(
        reverse("planning:plan_return", args=[plan.pk]), {"comment": ""}, follow=True
    )

    assert "Say why the plan is returned." in response.content.decode()
    assert refreshed(plan).status == "submitted"


def test_the_edit_form_saves_the_parts(people, client_for, account):
    plan = make_plan(people.alice, account)

    response = client_for(people.alice).post(
        reverse("planning:plan_edit", args=[plan.pk]),
        {"version": plan.version, "expected_revenue": "125000", "risks": "Price war"},
    )

    assert response.status_code == 302
    assert (refreshed(plan).expected_revenue, refreshed(plan).risks) == (
        D("125000.00"),
        "Price war",
    )


def test_an_approved_plan_cannot_be_edited_from_its_form(people, client_for, account):
    plan = make_plan(people.alice, account)
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_approve(actor=people.maria, plan=refreshed(plan))

    response = client_for(people.alice).post(
        reverse("planning:plan_edit", args=[plan.pk]),
        {"version": refreshed(plan).version, "risks": "Changed"},
    )

    assert response.status_code == 200
    assert "revise it first" in response.content.decode()
    assert refreshed(plan).risks == ""


def test_a_version_page_shows_the_plan_as_submitted(people, client_for, account):
    plan = make_plan(people.alice, account)
    services.plan_submit(actor=people.alice, plan=plan)

    page = client_for(people.maria).get(reverse("planning:plan_version", args=[plan.pk, 1]))

    assert "Grow revenue in a new product group" in page.content.decode()


def test_the_plan_page_is_in_dutch_for_a_dutch_user(people, client_for, account):
    people.alice.language = "nl"
    people.alice.save()
    plan = make_plan(people.alice, account)

    text = client_for(people.alice).get(reverse("planning:plan_detail", args=[plan.pk])).content
    assert "Indienen bij mijn leidinggevende" in text.decode()


@pytest.mark.parametrize("plans", [1, 3])
def test_the_pages_make_a_fixed_number_of_queries(
    people, client_for, api, account, query_baseline, plans
):
    for i in range(plans):
        latest = make_plan(people.alice, account, year=2020 + i)
        services.plan_submit(actor=people.alice, plan=latest)
    make_plan(people.alice, make_account(people.alice, "Beta"))
    client = client_for(people.maria)

    with query_baseline("list"):
        client.get(reverse("planning:plan_list", args=[account.pk]))
    with query_baseline("panel"):
        client.get(reverse("planning:account_plans", args=[account.pk]), HTTP_HX_REQUEST="true")
    with query_baseline("detail"):
        client.get(reverse("planning:plan_detail", args=[latest.pk]))
    with query_baseline("api list"):
        response = api(people.maria).get("/account-plans", {"account": account.pk})
    assert response.json()["count"] == plans
    assert AccountPlan.objects.count() == plans + 1
