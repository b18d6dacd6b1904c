"""The demo has accountability reports: last quarter's submitted and closed, a draft of this
month."""

from __future__ import annotations

from django.utils import timezone

from koers.insights.reports.models import AccountabilityReport


def test_the_demo_has_last_quarters_reports_and_a_draft_of_this_month(demo):
    today = timezone.localdate()
    quarter = AccountabilityReport.objects.filter(period_kind="quarter")
    assert quarter.filter(status="closed").count() >= 1
    assert quarter.exclude(status__in=["closed", "submitted"]).count() == 0
    for report in quarter:
        assert report.snapshot is not None
        assert all(d["cause"] for d in report.snapshot["deviations"])
    draft = AccountabilityReport.objects.get(period_kind="month")
    assert (draft.status, draft.period_start) == ("draft", today.replace(day=1))
    assert "Accountability reports:" in demo
