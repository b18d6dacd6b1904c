"""The demo's year of relationship care: a believable day for every account manager."""

from __future__ import annotations

from django.utils import timezone

from koers.core.models import Role, User
from koers.relations.models import (
    REPORTED_KINDS,
    Activity,
    ActivityStatus,
    Commitment,
    CommitmentStatus,
    ContactState,
    VisitReport,
)


def test_every_account_manager_has_a_day_on_the_road_today(demo):
    today = timezone.localdate()
    for user in User.objects.filter(role=Role.ACCOUNT_MANAGER):
        planned = Activity.objects.filter(owner=user, status=ActivityStatus.PLANNED)
        assert [a for a in planned if timezone.localdate(a.planned_start) == today], user.username


def test_most_visits_have_a_report_and_reports_are_dated_after_their_visit(demo):
    visits = Activity.objects.filter(status=ActivityStatus.DONE, kind__in=REPORTED_KINDS)
    reported = VisitReport.objects.filter(activity__in=visits).select_related("activity")

    assert 0.7 < reported.count() / visits.count() < 0.95
    assert all(r.created_at > r.activity.planned_start for r in reported)


def test_a_year_of_history_with_accounts_going_cold_and_commitments_overdue(demo):
    today = timezone.localdate()
    done = Activity.objects.filter(status=ActivityStatus.DONE)

    first = min(timezone.localdate(a.planned_start) for a in done)
    assert (today - first).days > 300
    assert ContactState.objects.count() == 60
    assert ContactState.objects.filter(due_on__lt=today).exists()
    assert Commitment.objects.filter(status=CommitmentStatus.OPEN, due_date__lt=today).exists()
    assert Commitment.objects.filter(status=CommitmentStatus.DONE).exists()
    assert "activities with" in demo


def test_account_managers_have_a_recurring_round_and_visits_chain_to_a_call(demo):
    from koers.relations.models import FollowUpRule, VisitSchedule

    schedules = VisitSchedule.objects.select_related("account")
    assert schedules.exists()
    assert {s.account.tier for s in schedules} == {"A"}
    assert all(s.occurrences.filter(status=ActivityStatus.PLANNED).exists() for s in schedules)
    assert list(FollowUpRule.objects.values_list("kind", "next_kind", "working_days")) == [
        ("visit", "phone_call", 5)
    ]
