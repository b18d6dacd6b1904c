"""Monitoring account plans (decision 127): recording a deviation's cause and a review on the
plan page, the reviews due, the manager's overview with "not submitted by the deadline" and
its export, the Plans page, the API, and the pages' query counts."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from koers.planning.models import AccountPlan, PlanDeadline, PlanDeviation, PlanReview
from koers.planning.plans import services
from tests.factories import make_account
from tests.planning.plan_factories import make_plan, refreshed

TODAY = date(2026, 3, 14)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 14, 12)), tick=False):
        yield


def _approved(people, account, year=2026):
    plan = make_plan(people.alice, account, year=year)
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_approve(actor=people.maria, plan=refreshed(plan))
    return refreshed(plan)


def _behind_plan(people, account):
    """A plan with a revenue goal of 10,000 and nothing sold by mid-March: behind."""
    plan = make_plan(people.alice, account)
    services.goals_replace(
        actor=people.alice,
        plan=plan,
        goals=[{"title": "Grow", "metric": "revenue", "target": Decimal("10000"), "actions": []}],
    )
    return plan


def test_the_plan_page_highlights_a_goal_behind_and_offers_to_record_its_cause(
    people, client_for, account
):
    plan = _behind_plan(people, account)
    goal = plan.goals.get()

    text = (
        client_for(people.alice)
        .get(reverse("planning:plan_detail", args=[plan.pk]))
        .content.decode()
    )

    assert f'id="goal-progress-{goal.pk}" data-status="behind" class="behind"' in text
    assert reverse("planning:deviation_new", args=[goal.pk]) in text
    assert 'id="plan-progress-percent"' in text and "0 of 1 goals on track (0 %)." in text


def test_the_owner_records_the_cause_and_the_corrective_action(people, client_for, account):
    plan = _behind_plan(people, account)
    goal = plan.goals.get()
    url = reverse("planning:deviation_new", args=[goal.pk])

    response = client_for(people.alice).post(
        url,
        {"cause": "competitor", "comment": "New rival", "corrective_action": "Visit the buyer"},
        follow=True,
    )

    row = PlanDeviation.objects.get()
    assert (row.goal, row.cause, row.as_of, row.recorded_by) == (
        goal,
        "competitor",
        TODAY,
        people.alice,
    )
    assert "Competitor: Visit the buyer (New rival)" in response.content.decode()


def test_a_deviation_without_corrective_action_is_refused_next_to_the_field(
    people, client_for, account
):
    goal = _behind_plan(people, account).goals.get()

    response = client_for(people.alice).post(
        reverse("planning:deviation_new", args=[goal.pk]), {"cause": "price"}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PlanDeviation.objects.exists()


def test_marketing_reads_the_progress_but_records_nothing(people, client_for, account):
    goal = _behind_plan(people, account).goals.get()

    response = client_for(people.mark).post(
        reverse("planning:deviation_new", args=[goal.pk]),
        {"cause": "price", "corrective_action": "x"},
    )

    assert response.status_code == 403
    assert not PlanDeviation.objects.exists()


def test_a_review_records_its_checklist_and_sets_the_next_one(people, client_for, account):
    plan = _approved(people, account)

    client_for(people.maria).post(
        reverse("planning:review_new", args=[plan.pk]),
        {"held_on": "2026-03-10", "goals_still_right": "on", "outcome": "On course"},
    )

    review = PlanReview.objects.get()
    assert (review.held_by, review.goals_still_right, review.customer_spoken) == (
        people.maria,
        True,
        False,
    )
    assert review.next_review_on == date(2026, 6, 10)
    assert refreshed(plan).next_review_on == date(2026, 6, 10)


def test_a_review_in_the_future_is_refused(people, client_for, account):
    plan = _approved(people, account)

    response = client_for(people.alice).post(
        reverse("planning:review_new", args=[plan.pk]),
        {"held_on": "2026-04-01", "outcome": "Too early"},
    )

    assert "Give today or a day before." in response.content.decode()
    assert not PlanReview.objects.exists()


def test_the_reviews_due_are_listed_for_the_owner_and_the_manager(people, client_for, account):
    plan = _approved(people, account)
    AccountPlan.objects.filter(pk=plan.pk).update(next_review_on=date(2026, 3, 20))
    url = reverse("planning:review_list")

    assert f'id="review-due-{plan.pk}"' in client_for(people.alice).get(url).content.decode()
    assert f'id="review-due-{plan.pk}"' in client_for(people.maria).get(url).content.decode()
    assert f'id="review-due-{plan.pk}"' not in client_for(people.charlie).get(url).content.decode()


def _submitted_on(plan, day):
    services.plan_submit(actor=plan.owner, plan=plan)
    plan.versions.update(submitted_at=timezone.make_aware(datetime(day.year, day.month, day.day)))


@pytest.fixture
def team_plans(people):
    """Team North's accounts: one submitted in time, one late, one without a plan, and bob's
    draft never submitted; the deadline is the 1st of February."""
    on_time = make_plan(people.alice, make_account(people.alice, "Op tijd"))
    _submitted_on(on_time, date(2026, 1, 20))
    late = make_plan(people.alice, make_account(people.alice, "Te laat"))
    _submitted_on(late, date(2026, 2, 10))
    make_account(people.alice, "Geen plan")
    make_plan(people.bob, make_account(people.bob, "Concept"))
    team = people.alice.teams.get()
    services.deadline_set(actor=people.maria, team=team, year=2026, submit_by=date(2026, 2, 1))
    return team


def test_the_overview_shows_those_not_submitted_by_the_deadline(people, client_for, team_plans):
    client = client_for(people.maria)

    late = client.get(reverse("planning:plan_overview"), {"late": "true"}).content.decode()
    everything = client.get(reverse("planning:plan_overview")).content.decode()

    assert "Te laat" in late and "Geen plan" in late and "Concept" in late
    assert "Op tijd" not in late
    assert "Op tijd" in everything and everything.count("overview-late") == 3


def test_the_manager_sets_the_deadline_on_the_overview(people, client_for):
    team = people.alice.teams.get()

    client_for(people.maria).post(
        reverse("planning:plan_deadline"),
        {"team": team.pk, "year": "2027", "submit_by": "2026-12-15"},
    )

    assert PlanDeadline.objects.get(team=team, year=2027).submit_by == date(2026, 12, 15)


def test_the_overview_exports_as_xlsx(people, client_for, team_plans):
    response = client_for(people.maria).get(
        reverse("planning:plan_overview_export_xlsx"), {"late": "true"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Account", "Owner", "Plan status")
    assert sorted(r[0] for r in rows[1:]) == ["Concept", "Geen plan", "Te laat"]
    assert {r[8] for r in rows[1:]} == {"yes"}


def test_an_account_manager_has_no_team_overview(people, client_for):
    assert client_for(people.alice).get(reverse("planning:plan_overview")).status_code == 403


def test_the_plans_page_shows_my_plans_and_my_teams(people, client_for, team_plans):
    url = reverse("planning:plan_index")
    mine = client_for(people.alice).get(url).content.decode()
    team = client_for(people.maria).get(url).content.decode()  # a manager starts with the team

    assert "Te laat" in mine and "Concept" not in mine
    assert "Te laat" in team and "Concept" in team


@pytest.mark.parametrize("extra", [0, 3])
def test_the_overview_and_plans_page_make_a_fixed_number_of_queries(
    people, client_for, query_baseline, team_plans, extra
):
    for i in range(extra):
        plan = make_plan(people.alice, make_account(people.alice, f"Extra {i}"))
        services.goal_add(actor=people.alice, plan=plan, title="Grow", target=Decimal(100))
    client = client_for(people.maria)

    with query_baseline("overview"):
        client.get(reverse("planning:plan_overview"))
    with query_baseline("plans"):
        client.get(reverse("planning:plan_index"), {"scope": "team"})


def test_the_plan_page_makes_a_fixed_number_of_queries(people, client_for, query_baseline, account):
    plan = _behind_plan(people, account)
    client = client_for(people.alice)

    with query_baseline("page"):
        client.get(reverse("planning:plan_detail", args=[plan.pk]))


def test_the_api_answers_the_progress_and_records_a_deviation_and_a_review(people, api, account):
    plan = _behind_plan(people, account)
    goal = plan.goals.get()
    client = api(people.alice)

    progress = client.get(f"/account-plans/{plan.pk}/progress")
    cause = client.post(
        f"/account-plans/{plan.pk}/deviations",
        {"goal_id": goal.pk, "cause": "price", "corrective_action": "New prices"},
    )
    review = client.post(f"/account-plans/{plan.pk}/reviews", {"outcome": "Behind on revenue"})
    bad = client.post(f"/account-plans/{plan.pk}/deviations", {"goal_id": goal.pk, "cause": "x"})

    assert progress.status_code == 200
    body = progress.json()
    assert (body["percent"], body["elapsed"], body["goals"][0]["status"]) == (0, "0.200", "behind")
    assert body["goals"][0]["expected"] == "2000.00"
    assert cause.status_code == 201 and cause.json()["cause"] == "price"
    assert review.status_code == 201 and review.json()["next_review_on"] == "2026-06-14"
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"cause"}
    assert client.get(f"/account-plans/{plan.pk}/deviations").json()[0]["corrective_action"] == (
        "New prices"
    )


def test_the_api_overview_lists_the_team_for_its_manager(people, api, team_plans):
    found = api(people.maria).get("/plan-overview", {"late": "true"})
    refused = api(people.alice).get("/plan-overview")

    assert found.status_code == 200
    names = sorted(r["account_name"] for r in found.json()["results"])
    assert names == ["Concept", "Geen plan", "Te laat"]
    assert refused.status_code == 403
