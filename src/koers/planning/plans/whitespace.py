"""The whitespace grid of an account (issue 14, docs/decisions.md, 128): rows are the account
and, for a chain, its branches; columns are the main product groups. Each cell holds what the
row bought in the group in the last twelve months (delivered and invoiced orders, as the
indicators count revenue), the potential a user estimated for it, and the open opportunities in
it (their count and amount). Each row also shows the latest analysis' purchase volume in our
categories, the whole potential of the row.

Six queries whatever the number of branches and groups: the rows (with their purchase
volume), the groups, the revenue grouped per cell, the opportunities' lines grouped per cell,
the opportunities opened from a cell, and the estimates. Python only adds grouped rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.planning.models import (
    AccountAnalysis,
    AccountPlan,
    PlanStatus,
    WhitespaceDeal,
    WhitespaceEstimate,
)
from koers.sales.models import OPEN_STAGES, Opportunity, OpportunityLine, OrderLine, ProductGroup
from koers.sales.models.orders import REVENUE_STATUSES
from koers.sales.opportunities import queries as opportunity_queries

ZERO = Decimal("0.00")
PERIOD_DAYS = 365
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=17, decimal_places=2)
Key = tuple[int, int]  # (row account id, main product group id)


@dataclass
class Cell:
    row_id: int
    group: ProductGroup
    revenue: Decimal = ZERO
    estimate: Decimal | None = None
    open_count: int = 0
    open_amount: Decimal = ZERO

    @property
    def empty(self) -> bool:
        """Nothing bought and nothing open: whitespace."""
        return self.revenue == 0 and self.open_count == 0

    @property
    def gap(self) -> Decimal | None:
        """The estimated potential not yet bought (None without an estimate)."""
        if self.estimate is None:
            return None
        return max(self.estimate - self.revenue, ZERO)


@dataclass
class Row:
    account: Account
    purchase_volume: Decimal | None
    cells: list[Cell] = field(default_factory=list)
    may_goal: bool = False  # a goal of the plan may name this row (the account or a child)

    @property
    def revenue(self) -> Decimal:
        return sum((c.revenue for c in self.cells), ZERO)

    @property
    def share(self) -> Decimal | None:
        """Our share of the purchase volume in our categories, in per cent."""
        if not self.purchase_volume:
            return None
        return (self.revenue * 100 / self.purchase_volume).quantize(Decimal("0.1"))


@dataclass
class Grid:
    account: Account
    groups: list[ProductGroup]
    rows: list[Row]
    as_of: date
    plan: AccountPlan | None = None

    def cell(self, row_id: int, group_id: int) -> Cell | None:
        for row in self.rows:
            if row.account.pk == row_id:
                return next((c for c in row.cells if c.group.pk == group_id), None)
        return None

    @property
    def totals(self) -> list[Cell]:
        out = [Cell(0, g) for g in self.groups]
        for row in self.rows:
            for total, cell in zip(out, row.cells, strict=True):
                total.revenue += cell.revenue
                total.open_count += cell.open_count
                total.open_amount += cell.open_amount
                if cell.estimate is not None:
                    total.estimate = (total.estimate or ZERO) + cell.estimate
        return out


def tree_filter(account: Account) -> Q:
    """The account and the accounts under it: for a chain's top every account of the chain
    (`root`), for a branch with branches of its own its children."""
    if account.parent_id is None:
        return Q(pk=account.pk) | Q(root_id=account.pk)
    return Q(pk=account.pk) | Q(parent_id=account.pk)


def tree_ids(account: Account) -> QuerySet[Account, Any]:
    """The ids of `tree_filter`, as a subquery."""
    return Account.objects.filter(tree_filter(account)).values("pk")


def latest_purchase_volume() -> Subquery:
    latest = (
        AccountAnalysis.objects.filter(account=OuterRef("pk"), purchase_volume__isnull=False)
        .order_by("-analysed_on", "-pk")
        .values("purchase_volume")[:1]
    )
    return Subquery(latest, output_field=MONEY)


def grid_rows(user: User, account: Account) -> QuerySet[Account]:
    """The rows the user may read: the account first, then its branches by name."""
    return (
        access.accounts_readable(user)
        .filter(tree_filter(account))
        .annotate(purchase_volume=latest_purchase_volume())
        .order_by(Case(When(pk=account.pk, then=Value(0)), default=Value(1)), "name", "pk")
    )


def main_groups() -> list[ProductGroup]:
    return list(
        ProductGroup.objects.filter(parent__isnull=True, active=True).order_by("position", "code")
    )


def _on_rows(ids: Iterable[int] | QuerySet[Account, Any], prefix: str) -> Q:
    return Q(**{f"{prefix}account_id__in": ids}) | Q(**{f"{prefix}branch_id__in": ids})


def revenue_by_cell(ids: list[int], as_of: date) -> dict[Key, Decimal]:
    """Delivered revenue of the last twelve months per (row, main group): one grouped query."""
    rows = (
        OrderLine.objects.filter(
            _on_rows(ids, "order__"),
            order__status__in=REVENUE_STATUSES,
            order__delivered_on__gt=as_of - timedelta(days=PERIOD_DAYS),
            order__delivered_on__lte=as_of,
            product_group__isnull=False,
        )
        .order_by()
        .values(
            row=Coalesce("order__branch_id", "order__account_id"),
            group=Coalesce("product_group__parent_id", "product_group_id"),
        )
        .annotate(total=Sum("net", output_field=MONEY))
    )
    return {(r["row"], r["group"]): Decimal(r["total"] or 0) for r in rows}


def open_deals(user: User, ids: Iterable[int] | QuerySet[Account, Any]) -> QuerySet[Opportunity]:
    return opportunity_queries.opportunities_readable(user).filter(
        _on_rows(ids, ""), stage__in=OPEN_STAGES
    )


def open_by_cell(user: User, ids: list[int]) -> dict[Key, dict[int, Decimal]]:
    """Per (row, main group) the readable open opportunities in it with their amount in it: by
    their lines' product groups, and those opened from a cell by the cell's group (two grouped
    queries). A deal with lines in two groups counts in both, with each group's part."""
    deals = open_deals(user, ids).values("pk")
    row = Coalesce("opportunity__branch_id", "opportunity__account_id")
    out: dict[Key, dict[int, Decimal]] = {}
    lines = (
        OpportunityLine.objects.filter(opportunity__in=deals, product__isnull=False)
        .order_by()
        .values(
            "opportunity_id",
            row=row,
            group=Coalesce("product__group__parent_id", "product__group_id"),
        )
        .annotate(total=Sum("amount", output_field=MONEY))
    )
    for r in lines:
        out.setdefault((r["row"], r["group"]), {})[r["opportunity_id"]] = Decimal(r["total"] or 0)
    linked = WhitespaceDeal.objects.filter(opportunity__in=deals).values(
        "opportunity_id",
        "opportunity__amount",
        row=row,
        group=Coalesce("product_group__parent_id", "product_group_id"),
    )
    for link in linked:
        out.setdefault((link["row"], link["group"]), {}).setdefault(
            link["opportunity_id"], Decimal(link["opportunity__amount"] or 0)
        )
    return out


def estimates_by_cell(ids: Iterable[int]) -> dict[Key, Decimal]:
    rows = WhitespaceEstimate.objects.filter(account_id__in=list(ids)).values_list(
        "account_id", "product_group_id", "amount"
    )
    return {(a, g): amount for a, g, amount in rows}


def draft_plan(account: Account) -> AccountPlan | None:
    """The account's plan that goals can be added to now: the latest one open for changes."""
    return (
        AccountPlan.objects.filter(
            account=account, status__in=(PlanStatus.DRAFT, PlanStatus.RETURNED)
        )
        .select_related("account", "owner")
        .order_by("-year")
        .first()
    )


def grid_of(user: User, account: Account, as_of: date | None = None) -> Grid:
    day = as_of or timezone.localdate()
    accounts = list(grid_rows(user, account))
    ids = [a.pk for a in accounts]
    groups = main_groups()
    revenue = revenue_by_cell(ids, day)
    deals = open_by_cell(user, ids)
    estimates = estimates_by_cell(ids)
    rows = []
    for row_account in accounts:
        row = Row(
            row_account,
            row_account.purchase_volume,  # type: ignore[attr-defined]
            may_goal=row_account.pk == account.pk or row_account.parent_id == account.pk,
        )
        for group in groups:
            key = (row_account.pk, group.pk)
            open_here = deals.get(key, {})
            row.cells.append(
                Cell(
                    row_account.pk,
                    group,
                    revenue=revenue.get(key, ZERO),
                    estimate=estimates.get(key),
                    open_count=len(open_here),
                    open_amount=sum(open_here.values(), ZERO),
                )
            )
        rows.append(row)
    return Grid(account, groups, rows, day)


def cell_of(user: User, row: Account, group: ProductGroup, as_of: date | None = None) -> Cell:
    """One cell of the grid: what `row` itself bought and has open in `group` (four queries)."""
    day = as_of or timezone.localdate()
    key = (row.pk, group.pk)
    open_here = open_by_cell(user, [row.pk]).get(key, {})
    return Cell(
        row.pk,
        group,
        revenue=revenue_by_cell([row.pk], day).get(key, ZERO),
        estimate=estimates_by_cell([row.pk]).get(key),
        open_count=len(open_here),
        open_amount=sum(open_here.values(), ZERO),
    )
