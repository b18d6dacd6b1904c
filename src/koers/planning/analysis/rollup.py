"""A chain's business figures rolled up from its branches' latest analyses (docs/decisions.md,
119): per financial year, each figure summed over the branches whose latest analysis has that
year, in one grouped query. A figure that some of those branches left empty is shown as the
sum of the others with how many gave it, and ratios are computed only from figures every
branch gave (a ratio of half a chain's equity to all of its assets would mislead). Only the
branches the reader may read count. Read-only: nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.planning.analysis.ratios import FIGURE_NAMES, LABELS, RATIOS, Result, ratios_of
from koers.planning.models import AccountAnalysis, AnalysisYear


@dataclass(frozen=True)
class RolledFigure:
    total: Decimal | None
    given: int  # how many of the year's branches gave it

    def complete(self, branches: int) -> bool:
        return self.given == branches


@dataclass(frozen=True)
class RolledYear:
    year: int
    branches: int
    figures: dict[str, RolledFigure]
    ratios: dict[str, Result]


@dataclass(frozen=True)
class Rollup:
    branches: int  # readable branches of the chain
    analysed: int  # of which have an analysis
    years: list[RolledYear]

    def figure_rows(self) -> list[dict[str, object]]:
        return [
            {
                "name": n,
                "label": LABELS[n],
                "cells": [(y.figures[n], y.branches) for y in self.years],
            }
            for n in FIGURE_NAMES
        ]

    def ratio_rows(self) -> list[dict[str, object]]:
        return [{"ratio": r, "results": [y.ratios[r.key] for y in self.years]} for r in RATIOS]


def latest_of_branches(user: User, root: Account) -> list[int]:
    """The ids of the latest analysis of each readable branch of the chain under `root`."""
    branches = AccountAnalysis.objects.filter(account__root=root)
    latest = (
        AccountAnalysis.objects.filter(account_id=OuterRef("account_id"))
        .order_by("-analysed_on", "-pk")
        .values("pk")[:1]
    )
    rows = access.scope_through_account(branches, user).annotate(latest=Subquery(latest))
    return list(rows.filter(pk=F("latest")).values_list("pk", flat=True))


def chain_rollup(user: User, root: Account) -> Rollup | None:
    """The roll-up of the chain under `root`, or None when `root` has no branches."""
    branches = access.accounts_readable(user).filter(root=root)
    count = branches.count()
    if not count:
        return None
    latest = latest_of_branches(user, root)
    sums = {f"sum_{name}": Sum(name) for name in FIGURE_NAMES}
    given = {f"given_{name}": Count(name) for name in FIGURE_NAMES}
    grouped = (
        AnalysisYear.objects.filter(analysis_id__in=latest)
        .order_by()
        .values("year")
        .annotate(branches=Count("analysis", distinct=True), **sums, **given)
        .order_by("year")
    )
    years = []
    for row in grouped:
        figures = {
            name: RolledFigure(row[f"sum_{name}"], row[f"given_{name}"]) for name in FIGURE_NAMES
        }
        complete = {
            name: (f.total if f.complete(row["branches"]) else None) for name, f in figures.items()
        }
        years.append(RolledYear(row["year"], row["branches"], figures, ratios_of(complete)))
    return Rollup(branches=count, analysed=len(latest), years=years)
