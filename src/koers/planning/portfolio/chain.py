"""A chain's health score (issue 14, docs/decisions.md, 128): the revenue-weighted mean of its
branches' scores, with the weakest branch named.

The weight of a branch is its delivered revenue of the last twelve months (what the health
score's revenue trend reads too); branches without a score are left out; when none of the
scored branches had revenue, each counts the same. `rollup_of` is pure.

On the account page the branches' scores are computed now (the four grouped queries of
`health.facts_for`, for all branches at once, plus the list of branches); in the portfolio
list the kept scores of the latest month are used, for the chains shown, in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from koers.accounts.models import Account
from koers.planning.models import HealthScore
from koers.planning.portfolio import health
from koers.sales.models import Order
from koers.sales.models.orders import REVENUE_STATUSES

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=17, decimal_places=2)


@dataclass(frozen=True)
class BranchScore:
    account_id: int
    name: str
    score: int | None
    revenue: Decimal


@dataclass(frozen=True)
class ChainHealth:
    score: int | None  # None: no branch has a score
    scored: int  # branches with a score
    branches: int
    weakest: BranchScore | None


def rollup_of(branches: Sequence[BranchScore]) -> ChainHealth:
    """The revenue-weighted mean of the scored branches (each the same when none had
    revenue), and the branch with the lowest score (by name on a tie)."""
    scored = [b for b in branches if b.score is not None]
    if not scored:
        return ChainHealth(None, 0, len(branches), None)
    total = sum((b.revenue for b in scored if b.revenue > 0), Decimal(0))
    if total > 0:
        mean = sum(Decimal(b.score or 0) * max(b.revenue, Decimal(0)) for b in scored) / total
    else:
        mean = Decimal(sum(b.score or 0 for b in scored)) / len(scored)
    weakest = min(scored, key=lambda b: (b.score, b.name, b.account_id))
    return ChainHealth(int(mean.quantize(Decimal(1))), len(scored), len(branches), weakest)


def chain_health_now(account: Account, as_of: date) -> ChainHealth | None:
    """The roll-up of a chain's top as of a day; None for an account without branches."""
    if account.parent_id is not None:
        return None
    branches = list(Account.objects.filter(root_id=account.pk).values_list("pk", "name"))
    if not branches:
        return None
    facts = health.facts_for([pk for pk, _name in branches], as_of)
    parts = [
        BranchScore(pk, name, health.health_of(facts[pk]).score, facts[pk].revenue_now)
        for pk, name in branches
    ]
    return rollup_of(parts)


def _revenue_since(day: date) -> Subquery:
    rows = (
        Order.objects.filter(
            account=OuterRef("pk"), status__in=REVENUE_STATUSES, delivered_on__gt=day
        )
        .order_by()
        .values("account")
        .annotate(total=Sum("net_total", output_field=MONEY))
        .values("total")
    )
    return Subquery(rows, output_field=MONEY)


def kept_chain_health(tops: Iterable[Any], as_of: date) -> None:
    """Sets `chain` (a ChainHealth, or None) on each of `tops` from the branches' latest kept
    scores, in one query for all of them."""
    tops = list(tops)
    ids = [a.pk for a in tops if getattr(a, "parent_id", None) is None]
    latest = (
        HealthScore.objects.filter(account=OuterRef("pk")).order_by("-month").values("score")[:1]
    )
    found: dict[int, list[BranchScore]] = {}
    if ids:
        branches = (
            Account.objects.filter(root_id__in=ids)
            .annotate(
                kept=Subquery(latest, output_field=IntegerField()),
                revenue=Coalesce(
                    _revenue_since(as_of - timedelta(days=health.PERIOD_DAYS)),
                    0,
                    output_field=MONEY,
                ),
            )
            .values_list("root_id", "pk", "name", "kept", "revenue")
        )
        for root, pk, name, kept, revenue in branches:
            found.setdefault(root, []).append(BranchScore(pk, name, kept, Decimal(revenue or 0)))
    for account in tops:
        parts = found.get(account.pk)
        account.chain = rollup_of(parts) if parts else None
