"""The demo's analyses: key accounts with two financial years, some with an older one to
compare, made by the account's manager, with every ratio computable."""

from __future__ import annotations

from koers.planning.analysis.ratios import ratios_of
from koers.planning.models import AccountAnalysis, AnalysisYear


def test_key_accounts_have_an_analysis_of_two_years(demo):
    # The portfolio's step adds quick analyses with only its two scores (tests/demo/
    # test_planning_market.py); the analyses with figures are the key accounts'.
    analyses = AccountAnalysis.objects.select_related("account").filter(years__isnull=False)
    analyses = analyses.distinct()

    assert analyses.exists()
    assert "account analyses" in demo
    for analysis in analyses:
        assert analysis.years.count() == 2
        assert analysis.account.tier == "A"
        assert analysis.created_by == analysis.account.owner
    compared = analyses.values("account").distinct().count()
    assert compared < analyses.count()


def test_every_ratio_of_the_demo_is_computable(demo):
    for year in AnalysisYear.objects.all():
        assert all(r.computable for r in ratios_of(year.figures()).values())
