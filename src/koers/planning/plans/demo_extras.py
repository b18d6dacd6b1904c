"""The whitespace grid in the demo (docs/decisions.md, 128): estimated potentials for a few
cells of the accounts with a plan of this year and of the biggest chain's branches, made
through the service by the account's owner. Its own random stream: deterministic."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db.models import Count

from koers.accounts.models import Account
from koers.demo.context import DemoContext
from koers.planning.models import AccountPlan
from koers.planning.plans.whitespace import main_groups
from koers.planning.plans.whitespace_services import may_estimate, whitespace_estimate_set
from koers.sales.models import ProductGroup

PLAN_ACCOUNTS = 4
GROUPS_EACH = 2
BRANCHES = 3


def _estimate(account: Account, groups: list[ProductGroup], rng: random.Random) -> int:
    if not may_estimate(account.owner, account):
        return 0
    for group in rng.sample(groups, min(GROUPS_EACH, len(groups))):
        whitespace_estimate_set(
            actor=account.owner,
            account=account,
            product_group=group,
            amount=Decimal(rng.randrange(5_000, 60_000, 1_000)),
        )
    return min(GROUPS_EACH, len(groups))


def build(context: DemoContext) -> None:
    rng = random.Random(context.seed * 23 + 128)
    groups = main_groups()
    if not groups:
        return
    made = 0
    planned = (
        AccountPlan.objects.filter(year=context.today.year)
        .select_related("account__owner")
        .order_by("account_id")[:PLAN_ACCOUNTS]
    )
    for plan in planned:
        made += _estimate(plan.account, groups, rng)
    chain = (
        Account.objects.filter(root__isnull=False)
        .values("root_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "root_id")
        .first()
    )
    if chain is not None:
        branches = Account.objects.filter(root_id=chain["root_id"]).select_related("owner")
        for branch in branches.order_by("pk")[:BRANCHES]:
            made += _estimate(branch, groups, rng)
    context.summary.append(f"{made} whitespace estimates")
