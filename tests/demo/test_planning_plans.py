"""The demo's account plans are monitored (decision 127): their goals have targets, so their
pages show progress; the approved plans have a review, two of them a recorded deviation cause;
every team with a manager has a deadline for the year's plans."""

from __future__ import annotations

from koers.core.models import Team
from koers.planning.models import AccountPlan, PlanDeadline, PlanDeviation, PlanReview


def test_approved_plans_are_reviewed_and_two_have_a_deviation_cause(demo):
    approved = AccountPlan.objects.filter(status="approved")

    assert approved.exists()
    assert set(PlanReview.objects.values_list("plan", flat=True)) == set(
        approved.values_list("pk", flat=True)
    )
    assert all(p.next_review_on is not None for p in approved)
    assert PlanDeviation.objects.count() == 2
    assert "deviation causes" in demo


def test_the_goals_of_the_demo_plans_have_targets(demo):
    plans = AccountPlan.objects.prefetch_related("goals")

    for plan in plans:
        measured = [g for g in plan.goals.all() if g.metric != "relationship"]
        assert all(g.target is not None for g in measured)


def test_every_managed_team_has_a_deadline(demo):
    teams = Team.objects.filter(manager__isnull=False).count()

    assert PlanDeadline.objects.count() == teams
