"""The demo gives the insights dashboards figures to show."""

from __future__ import annotations

from django.utils import timezone

from koers.core.models import Role, User
from koers.insights import figures
from koers.insights.periods import Period


def test_every_indicator_shows_a_figure_for_a_demo_account_manager_this_year(demo):
    year = Period.of("year", timezone.localdate())
    best = {}
    for person in User.objects.filter(role=Role.ACCOUNT_MANAGER):
        for f in figures.my_figures(person, year, compare=False):
            best[f.indicator.key] = best.get(f.indicator.key) or f.value
    assert [key for key, value in best.items() if not value] == []
    assert "Insights:" in demo


def test_a_demo_manager_sees_the_team_side_by_side(demo):
    manager = User.objects.filter(role=Role.MANAGER).order_by("username").first()
    matrix = figures.team_matrix(manager, Period.of("year", timezone.localdate()))
    assert len(matrix.rows) >= 2
    assert matrix.totals[0].value


def test_each_demo_manager_gets_the_team_every_monday(demo):
    from koers.insights.subscriptions.models import Subscription

    managers = User.objects.filter(role=Role.MANAGER).exclude(email="")
    assert managers.exists()
    for manager in managers:
        assert Subscription.objects.filter(user=manager, view="team", frequency="weekly").exists()
