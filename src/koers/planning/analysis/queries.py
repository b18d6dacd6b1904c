"""Reads of account analyses, scoped by the access policy (an analysis is read with its account
and changed by who may change the account), and what a page shows of one: its years with their
ratios, and the figures that come from our own orders (margin, revenue, the return on our
investment, the share of wallet)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, F, Prefetch, QuerySet, Sum

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.planning.analysis.ratios import (
    FIGURE_NAMES,
    LABELS,
    RATIOS,
    Result,
    ratios_of,
    return_on_investment,
    share_of_wallet,
)
from koers.planning.models import AccountAnalysis, AnalysisYear
from koers.sales.models import Order
from koers.sales.models.orders import REVENUE_STATUSES

RELATED = ("account", "created_by")
# Our orders counted for an analysis: those delivered in the year up to its date.
ORDER_PERIOD_DAYS = 365


def _with_years(rows: QuerySet[AccountAnalysis]) -> QuerySet[AccountAnalysis]:
    return rows.select_related(*RELATED).prefetch_related(
        Prefetch("years", queryset=AnalysisYear.objects.order_by("year"))
    )


def analyses_readable(user: User) -> QuerySet[AccountAnalysis]:
    return access.scope_through_account(AccountAnalysis.objects.all(), user)


def analysis_for_detail(user: User, pk: int) -> AccountAnalysis:
    """Raises AccountAnalysis.DoesNotExist for one of an account the user may not read."""
    return _with_years(analyses_readable(user)).get(pk=pk)


def analyses_of(user: User, account: Account) -> QuerySet[AccountAnalysis]:
    """The analyses of a readable account, the latest first, their years with them."""
    return _with_years(analyses_readable(user).filter(account=account)).order_by(
        "-analysed_on", "-pk"
    )


def may_change(user: User, analysis: AccountAnalysis) -> bool:
    return access.can_change_account(user, analysis.account)


@dataclass(frozen=True)
class OrderFigures:
    """Our delivered orders of the account in the period before the analysis."""

    start: date
    end: date
    revenue: Decimal | None  # None: no orders at all
    margin: Decimal | None


def order_figures(account_id: int, on: date) -> OrderFigures:
    start = on - timedelta(days=ORDER_PERIOD_DAYS - 1)
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
    sums = Order.objects.filter(
        account_id=account_id,
        status__in=REVENUE_STATUSES,
        delivered_on__gte=start,
        delivered_on__lte=on,
    ).aggregate(
        revenue=Sum("net_total", output_field=money),
        margin=Sum(F("net_total") - F("cost_total"), output_field=money),
    )
    return OrderFigures(start, on, sums["revenue"], sums["margin"])


@dataclass
class YearView:
    year: int
    figures: dict[str, Decimal | None]
    ratios: dict[str, Result]


@dataclass
class AnalysisView:
    """What the pages and the API show of an analysis."""

    analysis: AccountAnalysis
    years: list[YearView]
    orders: OrderFigures
    roi: Result
    wallet: Result
    latest: YearView | None = field(default=None)


def view_of(analysis: AccountAnalysis) -> AnalysisView:
    """The years (loaded with the analysis) with their ratios, and the figures from our orders
    (one query)."""
    years = [
        YearView(y.year, y.figures(), ratios_of(y.figures()))
        for y in sorted(analysis.years.all(), key=lambda y: y.year)
    ]
    orders = order_figures(analysis.account_id, analysis.analysed_on)
    return AnalysisView(
        analysis=analysis,
        years=years,
        orders=orders,
        roi=return_on_investment(margin=orders.margin, investment=analysis.investment),
        wallet=share_of_wallet(
            our_revenue=orders.revenue, purchase_volume=analysis.purchase_volume
        ),
        latest=years[-1] if years else None,
    )


@dataclass
class CompareRow:
    key: str
    label: object
    kind: str
    left: Decimal | None
    right: Decimal | None
    left_reason: str = ""
    right_reason: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.left is None or self.right is None:
            return None
        return self.right - self.left

    @property
    def changed(self) -> bool:
        return self.left != self.right


def compare(left: AnalysisView, right: AnalysisView) -> dict[str, list[CompareRow]]:
    """The latest year's figures and ratios of two analyses side by side."""

    def figure(view: AnalysisView, name: str) -> Decimal | None:
        return view.latest.figures.get(name) if view.latest else None

    def ratio(view: AnalysisView, key: str) -> Result:
        return view.latest.ratios[key] if view.latest else Result(None, "")

    figures = [
        CompareRow(
            name,
            LABELS[name],
            "count" if name == "employees" else "euro",
            figure(left, name),
            figure(right, name),
        )
        for name in FIGURE_NAMES
    ]
    ratios = []
    for r in RATIOS:
        a, b = ratio(left, r.key), ratio(right, r.key)
        ratios.append(CompareRow(r.key, r.label, r.kind, a.value, b.value, a.reason, b.reason))
    return {"figures": figures, "ratios": ratios}
