"""A chain's health: the revenue-weighted mean of its branches' scores with the weakest branch
named, as a pure function, on the account page and in the portfolio."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from koers.planning.models import HealthScore
from koers.planning.portfolio.chain import BranchScore, kept_chain_health, rollup_of
from tests.factories import make_account


def _b(pk, name, score, revenue):
    return BranchScore(pk, name, score, Decimal(revenue))


def test_the_mean_is_weighted_by_revenue_and_names_the_weakest_branch():
    chain = rollup_of(
        [_b(1, "Noord", 80, 300000), _b(2, "Zuid", 40, 100000), _b(3, "Oost", None, 0)]
    )

    # (80 x 300,000 + 40 x 100,000) / 400,000 = 70; Oost has no score and is left out.
    assert (chain.score, chain.scored, chain.branches) == (70, 2, 3)
    assert chain.weakest.name == "Zuid"


def test_without_revenue_each_branch_counts_the_same_and_without_scores_it_is_not_available():
    assert rollup_of([_b(1, "A", 90, 0), _b(2, "B", 61, 0)]).score == 76  # 75.5 rounds up
    empty = rollup_of([_b(1, "A", None, 100)])
    assert (empty.score, empty.weakest, empty.branches) == (None, None, 1)


def test_a_tie_for_the_weakest_is_broken_by_name():
    assert rollup_of([_b(2, "Zuid", 50, 1), _b(1, "Noord", 50, 1)]).weakest.name == "Noord"


def test_the_portfolio_uses_the_kept_scores_of_the_branches(people):
    top = make_account(people.alice, "Keten")
    noord = make_account(people.alice, "Keten Noord", parent=top)
    zuid = make_account(people.alice, "Keten Zuid", parent=top)
    single = make_account(people.alice, "Los BV")
    HealthScore.objects.create(account=noord, month=date(2026, 11, 1), score=90)
    HealthScore.objects.create(account=zuid, month=date(2026, 10, 1), score=30)
    HealthScore.objects.create(account=zuid, month=date(2026, 11, 1), score=50)

    kept_chain_health([top, single], date(2026, 12, 1))

    assert (top.chain.score, top.chain.weakest.name) == (70, "Keten Zuid")
    assert single.chain is None


def test_the_health_panel_of_a_chain_shows_its_roll_up(people, client_for):
    top = make_account(people.alice, "Keten")
    make_account(people.alice, "Keten Noord", parent=top)

    page = client_for(people.alice).get(
        reverse("planning:account_health", args=[top.pk]), HTTP_HX_REQUEST="true"
    )

    assert page.status_code == 200
    assert b'id="chain-health"' in page.content
    # A new branch is judged by its contact status alone.
    assert b"Weakest branch: Keten Noord" in page.content
