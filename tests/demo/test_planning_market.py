"""The demo's market information: signals over a year, some from visit reports, competitors with
a profile present at demo accounts."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from koers.planning.models import AccountCompetitor, MarketSignal, ShareEstimate
from koers.sales.models import Competitor


def test_the_demo_has_signals_over_a_year_of_every_kind(demo):
    today = timezone.localdate()
    dates = list(MarketSignal.objects.values_list("date", flat=True))

    assert len(dates) >= 50
    assert min(dates) >= today - timedelta(days=365)
    assert max(dates) - min(dates) > timedelta(days=180)
    assert set(MarketSignal.objects.values_list("kind", flat=True)) >= {
        "price",
        "competitor",
        "customer",
    }
    assert MarketSignal.objects.filter(accounts__isnull=False).exists()
    assert MarketSignal.objects.filter(competitors__isnull=False).exists()
    assert "market signals" in demo


def test_the_demo_competitors_have_a_profile_and_supply_accounts(demo):
    assert Competitor.objects.exclude(strengths="").exists()
    assert AccountCompetitor.objects.count() >= 20
    assert AccountCompetitor.objects.values("competitor").distinct().count() > 1


def test_the_demo_has_plans_of_this_year_in_every_state(demo):
    from koers.planning.models import AccountPlan, PlanComment

    plans = AccountPlan.objects.filter(year=timezone.localdate().year)

    assert set(plans.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "approved",
    }
    assert PlanComment.objects.filter(kind="return").exists()
    assert plans.filter(revisions=1, status="approved").exists()
    assert plans.filter(drafts=2, status="approved").exists()
    assert plans.filter(goals__actions__activity__isnull=False).exists()
    assert "account plans" in demo
    assert ShareEstimate.objects.exists()  # some shares were estimated differently before


def test_the_demo_places_accounts_on_the_portfolio_with_months_of_health(demo):
    from koers.planning.models import AccountAnalysis, HealthRun, HealthScore

    scored = AccountAnalysis.objects.filter(attractiveness__isnull=False)
    assert scored.values("account").distinct().count() >= 20
    assert scored.values("attractiveness").distinct().count() >= 3
    assert HealthRun.objects.filter(status="done").count() == 6
    assert HealthScore.objects.filter(score__isnull=False).values("month").distinct().count() == 6
    assert "accounts on the portfolio" in demo
