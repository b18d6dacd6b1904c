"""The demo's targets: this year's and last year's at every level, with progress from the demo
orders, and causes of deviations recorded by their owners."""

from __future__ import annotations

from django.utils import timezone

from koers.planning.models import Target, TargetDeviation, TargetLevel
from koers.planning.targets import progress


def test_the_demo_has_targets_of_this_and_last_year_at_every_level(demo):
    year = timezone.localdate().year
    levels = set(Target.objects.filter(year=year).values_list("level", flat=True))

    assert levels == set(TargetLevel.values)
    assert Target.objects.filter(year=year - 1, level=TargetLevel.COMPANY).exists()
    assert Target.objects.filter(year=year, period_kind="month").exists()


def test_the_demo_shows_progress_from_its_orders(demo):
    company = Target.objects.get(
        year=timezone.localdate().year, level="company", period_kind="year", measure="revenue"
    )

    (row,) = progress.figures([company])

    assert row.actual > 0


def test_the_demo_has_causes_of_deviations_recorded_by_their_owners(demo):
    recorded = TargetDeviation.objects.select_related("for_target")

    assert recorded.count() >= 3
    assert len({d.cause for d in recorded}) > 1
    assert all(
        d.recorded_by_id
        in (d.for_target.user_id, d.for_target.team and d.for_target.team.manager_id)
        for d in recorded
    )
    assert "causes of deviations" in demo
