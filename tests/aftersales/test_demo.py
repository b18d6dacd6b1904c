"""The demo's after-sales: surveys with scores on delivered orders, low ones followed up, the
calls of recent deliveries planned; nothing mailed."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command

from koers.aftersales.models import AfterSales, Survey
from koers.sales.models import REVENUE_STATUSES


def test_the_demo_has_surveys_with_scores_on_delivered_orders(
    db, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--accounts", "60", "--contacts", "200", stdout=out)
    answered = Survey.objects.filter(answered_at__isnull=False)
    assert answered.count() >= 10
    assert Survey.objects.filter(answered_at__isnull=True).count() == 1
    assert not Survey.objects.exclude(order__status__in=REVENUE_STATUSES).exists()
    assert answered.filter(score__lte=6).exists()
    assert not answered.filter(score__lte=6, follow_up__isnull=True).exists()
    assert AfterSales.objects.filter(call__isnull=False).exists()
    assert mail.outbox == []
    assert "surveys" in out.getvalue()
