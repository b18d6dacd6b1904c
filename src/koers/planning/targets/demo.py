"""Targets for the demo (`manage.py demo`), after the orders: revenue targets of last year and
this year at every level (the company, each team, each account manager with their months and
quarters, the main product groups, the segments, a few accounts and branches, an account
manager per product group), set near the demo orders' actual so that the plan against actual
shows some ahead and some behind; and the causes of the deviations of those behind, recorded by
their owners. Its own random stream (from the seed), so the steps before draw as before."""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from koers.accounts.models import Account, Segment
from koers.core.models import Role, Team, User
from koers.demo.context import DemoContext
from koers.planning.models import DeviationCause, PeriodKind, Target, TargetLevel
from koers.planning.models.targets import target_key
from koers.planning.targets import actuals, deviations, progress, services
from koers.planning.targets.spreading import split
from koers.sales.models import ProductGroup

ROUND = Decimal("1000")
MINIMUM = Decimal("5000")
CAUSES = (
    (DeviationCause.MARKET, "Horeca kocht minder door het natte voorjaar.", "Actie op barbecue."),
    (
        DeviationCause.COMPETITOR,
        "Concurrent bood 8% korting op vers vlees.",
        "Jaarcontract bieden.",
    ),
    (DeviationCause.PRICE, "Prijsverhoging van januari kostte twee klanten.", "Staffelkorting."),
    (DeviationCause.AVAILABILITY, "Kip was zes weken niet leverbaar.", "Tweede leverancier."),
    (DeviationCause.CUSTOMER_LOST, "Grootste klant is overgenomen.", "Nieuwe eigenaar bezoeken."),
    (DeviationCause.CAPACITY, "Vacature in de buitendienst.", "Binnendienst belt de C-klanten."),
)


def _subjects() -> list[tuple[str, dict[str, Any]]]:
    people = list(
        User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    groups = list(
        ProductGroup.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    main = Account.objects.filter(parent__isnull=True, status="customer").order_by("pk")
    branches = Account.objects.filter(parent__isnull=False).order_by("pk")
    found: list[tuple[str, dict[str, Any]]] = [(TargetLevel.COMPANY, {})]
    found += [(TargetLevel.TEAM, {"team": t}) for t in Team.objects.values_list("pk", flat=True)]
    found += [(TargetLevel.USER, {"user": u}) for u in people]
    found += [(TargetLevel.PRODUCT_GROUP, {"product_group": g}) for g in groups]
    found += [
        (TargetLevel.SEGMENT, {"segment": s}) for s in Segment.objects.values_list("pk", flat=True)
    ]
    found += [(TargetLevel.ACCOUNT, {"account": a}) for a in main.values_list("pk", flat=True)[:10]]
    found += [
        (TargetLevel.BRANCH, {"account": a}) for a in branches.values_list("pk", flat=True)[:3]
    ]
    found += [
        (TargetLevel.USER_GROUP, {"user": u, "product_group": g})
        for u in people[:3]
        for g in groups
    ]
    # A few of the biggest customers' targets per product group (an account manager's target
    # spread over accounts and product groups, decision 149).
    found += [
        (TargetLevel.ACCOUNT_GROUP, {"account": a, "product_group": g})
        for a in main.values_list("pk", flat=True)[:2]
        for g in groups[:2]
    ]
    return found


def _ids(values: dict[str, Any]) -> dict[str, int | None]:
    return {
        name: values.get(name) for name in ("team", "user", "account", "product_group", "segment")
    }


def _amount(actual: Decimal, factor: float) -> Decimal:
    return max((actual * Decimal(str(factor)) / ROUND).quantize(Decimal("1")) * ROUND, MINIMUM)


def _rows(year: int, months_done: int, rng: random.Random) -> list[services.TargetRow]:
    by_level: dict[str, list[dict[str, int | None]]] = defaultdict(list)
    for level, values in _subjects():
        by_level[level].append(_ids(values))
    rows = []
    for level, ids_list in by_level.items():
        figures = actuals.monthly_actuals("revenue", level, ids_list, year)
        for ids in ids_list:
            done = sum(figures.get(target_key(level, ids), actuals.empty()), Decimal("0"))
            # A year's pace from the months done, then 10 % below to 20 % above it.
            amount = _amount(done * 12 / months_done, rng.uniform(0.9, 1.2))
            stretch = (amount * Decimal("1.1")).quantize(Decimal("1"))
            rows.append(
                services.TargetRow("revenue", level, ids, year, PeriodKind.YEAR, 1, amount, stretch)
            )
            if level in (TargetLevel.COMPANY, TargetLevel.TEAM, TargetLevel.USER):
                for kind, parts in ((PeriodKind.QUARTER, 4), (PeriodKind.MONTH, 12)):
                    for n, part in enumerate(split(amount, [Decimal(1)] * parts), 1):
                        rows.append(services.TargetRow("revenue", level, ids, year, kind, n, part))
    return rows


def _explain(targets: list[Target], rng: random.Random) -> int:
    """The causes of the year targets of people and teams that are behind, by their owners."""
    recorded = 0
    for row in progress.figures(targets):
        t = row.target
        owner = t.user if t.level == TargetLevel.USER else (t.team.manager if t.team else None)
        if owner is None or not row.behind or rng.random() < 0.25:
            continue
        cause, comment, action = rng.choice(CAUSES)
        deviations.deviation_record(
            actor=owner, target=t, cause=cause, comment=comment, action=action
        )
        recorded += 1
    return recorded


def build(context: DemoContext) -> None:
    rng = random.Random(context.seed * 13 + 15)
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        return
    this_year = context.today.year
    rows = _rows(this_year - 1, 12, rng) + _rows(this_year, max(context.today.month - 1, 1), rng)
    services.targets_upsert(actor=admin, rows=rows)
    years = Target.objects.filter(
        period_kind=PeriodKind.YEAR,
        level__in=(TargetLevel.USER, TargetLevel.TEAM),
        measure="revenue",
    ).select_related("user", "team__manager", "account")
    recorded = _explain(list(years.order_by("year", "key")), rng)
    context.summary.append(f"{len(rows)} targets of {this_year - 1} and {this_year}")
    context.summary.append(f"{recorded} causes of deviations")
