"""A goal's product group in the plan's progress (issue 14; docs/decisions.md, 144).

A revenue or margin goal that names a product group counts only the order lines of that group
and of its subgroups (product groups have two levels), of the same orders the whole account
counts (`REVENUE_STATUSES`, by `delivered_on`, from the 1st of January of the plan's year up
to the day asked; a chain with its branches, a branch by `Coalesce(branch, account)`). One
grouped query for every plan asked, and only when one of their goals names a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from koers.planning.models import GoalMetric
from koers.sales.models import OrderLine
from koers.sales.models.orders import REVENUE_STATUSES

ZERO = Decimal(0)
# Goals whose figure is a sum of order lines; share of wallet is measured against the
# account's whole purchase volume, which the analysis does not split by group.
BY_GROUP = (GoalMetric.REVENUE, GoalMetric.MARGIN)
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)

# {(year, top account): [(part, group, group's parent, revenue, margin)]}
GroupRows = dict[tuple[int, int], list[tuple[int, int, int | None, Decimal, Decimal]]]


def grouped_lines(ids: list[int], years: set[int], as_of: date, groups: Iterable[int]) -> GroupRows:
    """The delivered lines of the accounts (and their branches) in `groups` or their
    subgroups, summed per year, chain, part and product group."""
    wanted = sorted(set(groups))
    found: GroupRows = {}
    if not wanted:
        return found
    rows = (
        OrderLine.objects.filter(
            Q(order__account__in=ids) | Q(order__account__parent__in=ids),
            Q(product_group__in=wanted) | Q(product_group__parent__in=wanted),
            order__status__in=REVENUE_STATUSES,
            order__delivered_on__gte=date(min(years), 1, 1),
            order__delivered_on__lte=min(as_of, date(max(years), 12, 31)),
        )
        .annotate(
            top=Coalesce("order__account__parent", "order__account"),
            part=Coalesce("order__branch", "order__account"),
            year=ExtractYear("order__delivered_on"),
        )
        .values("year", "top", "part", "product_group", "product_group__parent")
        .annotate(
            revenue=Sum("net", output_field=_MONEY),
            gain=Sum(F("net") - F("cost"), output_field=_MONEY),
        )
    )
    for row in rows:
        found.setdefault((row["year"], row["top"]), []).append(
            (
                row["part"],
                row["product_group"],
                row["product_group__parent"],
                row["revenue"] or ZERO,
                row["gain"] or ZERO,
            )
        )
    return found


def group_sums(
    rows: GroupRows, year: int, account: int, part: int | None, group: int
) -> tuple[Decimal, Decimal]:
    """Revenue and margin of `group` with its subgroups for a plan's account (`part` None: the
    whole chain; a branch: only what went to it; the plan of a branch itself: its own)."""
    revenue = margin = ZERO
    for at, line_group, parent, line_revenue, line_margin in _of(rows, year, account):
        if group in (line_group, parent) and part in (None, at):
            revenue += line_revenue
            margin += line_margin
    return revenue, margin


def _of(
    rows: GroupRows, year: int, account: int
) -> list[tuple[int, int, int | None, Decimal, Decimal]]:
    """The rows of a chain, or of a branch whose own plan this is."""
    found = rows.get((year, account))
    if found is not None:
        return found
    return [r for (y, _top), rs in rows.items() if y == year for r in rs if r[0] == account]
