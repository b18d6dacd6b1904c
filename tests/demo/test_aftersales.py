"""The demo's after-sales: surveys with scores on delivered orders, low ones followed up, the
calls of recent deliveries planned; nothing mailed."""

from __future__ import annotations

from koers.aftersales.models import AfterSales, Survey
from koers.sales.models import REVENUE_STATUSES


def test_the_demo_has_surveys_with_scores_on_delivered_orders(demo_build):
    answered = Survey.objects.filter(answered_at__isnull=False)
    assert answered.count() >= 10
    assert Survey.objects.filter(answered_at__isnull=True).count() == 1
    assert not Survey.objects.exclude(order__status__in=REVENUE_STATUSES).exists()
    assert answered.filter(score__lte=6).exists()
    assert not answered.filter(score__lte=6, follow_up__isnull=True).exists()
    assert AfterSales.objects.filter(call__isnull=False).exists()
    assert demo_build.mails_sent == 0
    assert "surveys" in demo_build.output
