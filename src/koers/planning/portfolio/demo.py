"""The portfolio for the demo (`manage.py demo`), after the analyses: the key accounts' latest
analysis gets the two portfolio scores, and a quick analysis with only the scores places most
other customers, spread over the matrix with some tiers that differ from the suggestion; then
the health scores of the last six months are kept, so the account page shows a trend. Its own
random stream (from the seed), so the steps before draw as before."""

from __future__ import annotations

import random
from datetime import timedelta

from koers.accounts.models import Account
from koers.demo.context import DemoContext
from koers.planning.analysis import services
from koers.planning.models import AccountAnalysis
from koers.planning.portfolio import jobs

MONTHS = 6
# Of the other customers, this share is placed (the rest waits for an analysis).
PLACED = 0.7
SCORES_BY_TIER = {"A": (3, 5), "B": (2, 5), "C": (1, 4)}


def _scores(tier: str, rng: random.Random) -> dict[str, int]:
    low, high = SCORES_BY_TIER.get(tier, (1, 5))
    return {
        "attractiveness": rng.randint(low, high),
        "relationship_strength": rng.randint(1, 5),
    }


def _place(context: DemoContext, rng: random.Random) -> int:
    placed = 0
    scored = set()
    for analysis in AccountAnalysis.objects.select_related("account__owner").order_by(
        "account_id", "-analysed_on", "-pk"
    ):
        if analysis.account_id in scored:
            continue
        scored.add(analysis.account_id)
        services.analysis_update(
            actor=analysis.account.owner,
            analysis=analysis,
            expected_version=analysis.version,
            data=_scores(analysis.account.tier, rng),
        )
        placed += 1
    others = (
        Account.objects.filter(status="customer")
        .exclude(pk__in=scored)
        .select_related("owner")
        .order_by("pk")
    )
    for account in others:
        if rng.random() > PLACED:
            continue
        services.analysis_create(
            actor=account.owner,
            account=account,
            analysed_on=context.today - timedelta(days=rng.randrange(10, 200)),
            years=[],
            conclusion="Snelle inschatting voor het portfolio.",
            **_scores(account.tier, rng),
        )
        placed += 1
    return placed


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 19 + 120)
    placed = _place(context, rng)
    first = context.today.replace(day=1)
    for back in range(MONTHS - 1, -1, -1):
        month = (first - timedelta(days=28 * back)).replace(day=1)
        jobs.health_scores_compute(month if back else context.today)
    context.summary.append(f"{placed} accounts on the portfolio, {MONTHS} months of health")
