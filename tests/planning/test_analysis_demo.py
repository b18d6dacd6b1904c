"""The demo's analyses: key accounts with two financial years, some with an older one to
compare, made by the account's manager, with every ratio computable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from koers.planning.analysis.ratios import ratios_of
from koers.planning.models import AccountAnalysis, AnalysisYear
from tests.module_data import module_data


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker) -> str:
    def run() -> str:
        out = StringIO()
        call_command("demo", "--accounts", "60", "--contacts", "200", stdout=out)
        return out.getvalue()

    with module_data(django_db_blocker, run) as output:
        yield output


@pytest.fixture
def demo(_demo, db) -> str:
    return _demo


def test_key_accounts_have_an_analysis_of_two_years(demo):
    analyses = AccountAnalysis.objects.select_related("account")

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
