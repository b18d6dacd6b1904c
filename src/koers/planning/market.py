"""The figures of a market page (issue 14, seeds/001 1.1): per segment or per product group,
the last twelve months of revenue and buying accounts (from delivered orders), the signals per
kind per month, and the competitors present with their shares (docs/decisions.md, 119).

Every figure about accounts counts only the accounts the reader may read (scoped through the
account, like every other read); the signals are those the reader may read. Each figure is one
grouped query in the database, whatever the number of orders or signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from koers.accounts.models import Account, Segment
from koers.core import access
from koers.core.models import User
from koers.planning.models import AccountCompetitor, MarketSignal, SignalKind
from koers.planning.queries import signals_readable
from koers.sales.models import REVENUE_STATUSES, Order, OrderLine, ProductGroup

MONTHS = 12
ZERO = Decimal("0.00")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class Month:
    start: date
    revenue: Decimal
    buying_accounts: int


@dataclass(frozen=True)
class Presence:
    competitor_id: int
    name: str
    accounts: int
    # The average of the estimated shares where one is given; None when none is.
    average_share: Decimal | None


@dataclass(frozen=True)
class MarketFigures:
    months: list[date]
    accounts: int
    sales: list[Month]
    # {kind: [count per month]}, every kind, in the order of SignalKind.
    signals: dict[str, list[int]]
    competitors: list[Presence]


def months_up_to(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the `count` months that end with the month of `today`."""
    year, month = today.year, today.month
    firsts = []
    for _i in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _month(value: Any) -> date:
    """TruncMonth of a date column: a date (a datetime on some back-ends)."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _sales(rows: QuerySet[Any], months: list[date], amount: str, account: str) -> list[Month]:
    found = {
        _month(r["month"]): r
        for r in rows.annotate(month=TruncMonth(f"{_order(amount)}delivered_on"))
        .order_by()
        .values("month")
        .annotate(
            revenue=Coalesce(Sum(amount, output_field=MONEY), ZERO, output_field=MONEY),
            buyers=Count(account, distinct=True),
        )
    }
    return [
        Month(
            start=m,
            revenue=found[m]["revenue"] if m in found else ZERO,
            buying_accounts=found[m]["buyers"] if m in found else 0,
        )
        for m in months
    ]


def _order(amount: str) -> str:
    """The path to the order from the rows summed: the order itself or its line."""
    return "order__" if amount == "net" else ""


def _period(months: list[date], today: date) -> dict[str, date]:
    return {"delivered_on__gte": months[0], "delivered_on__lte": today}


def _signals(rows: QuerySet[MarketSignal], months: list[date], today: date) -> dict[str, list[int]]:
    counted = (
        rows.filter(date__gte=months[0], date__lte=today)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month", "kind")
        .annotate(n=Count("pk", distinct=True))
    )
    found = {(_month(r["month"]), r["kind"]): r["n"] for r in counted}
    return {kind: [found.get((m, kind), 0) for m in months] for kind in SignalKind.values}


def _competitors(rows: QuerySet[AccountCompetitor], user: User) -> list[Presence]:
    grouped = (
        access.scope_through_account(rows, user)
        .order_by()
        .values("competitor_id", "competitor__name")
        .annotate(n=Count("account", distinct=True), share=Avg("share"))
        .order_by("-n", "competitor__name")
    )
    return [
        Presence(
            competitor_id=r["competitor_id"],
            name=r["competitor__name"],
            accounts=r["n"],
            average_share=(
                Decimal(str(r["share"])).quantize(Decimal("0.1"))
                if r["share"] is not None
                else None
            ),
        )
        for r in grouped
    ]


def segment_figures(user: User, segment: Segment, today: date) -> MarketFigures:
    """The market page of `segment`: the accounts of the segment the user may read."""
    months = months_up_to(today)
    orders = access.scope_through_account(
        Order.objects.filter(
            account__segment=segment, status__in=REVENUE_STATUSES, **_period(months, today)
        ),
        user,
    )
    presences = AccountCompetitor.objects.filter(account__segment=segment)
    return MarketFigures(
        months=months,
        accounts=access.accounts_readable(user).filter(segment=segment).count(),
        sales=_sales(orders, months, "net_total", "account"),
        signals=_signals(signals_readable(user).filter(segments=segment), months, today),
        competitors=_competitors(presences, user),
    )


def _in_group(group: ProductGroup) -> Q:
    """Lines of the group or of one of its subgroups (groups have two levels)."""
    return Q(product_group=group) | Q(product_group__parent=group)


def product_group_figures(user: User, group: ProductGroup, today: date) -> MarketFigures:
    """The market page of a product group: what the readable accounts bought in it (its
    subgroups included), and the competitors at the accounts that bought in it."""
    months = months_up_to(today)
    lines = access.scope_through_account(
        OrderLine.objects.filter(_in_group(group), order__status__in=REVENUE_STATUSES).filter(
            **{f"order__{k}": v for k, v in _period(months, today).items()}
        ),
        user,
        "order__account",
    )
    buyers = lines.values("order__account_id")
    groups = Q(product_groups=group) | Q(product_groups__parent=group)
    return MarketFigures(
        months=months,
        accounts=Account.objects.filter(pk__in=buyers).count(),
        sales=_sales(lines, months, "net", "order__account"),
        signals=_signals(
            signals_readable(user).filter(pk__in=MarketSignal.objects.filter(groups).values("pk")),
            months,
            today,
        ),
        competitors=_competitors(AccountCompetitor.objects.filter(account_id__in=buyers), user),
    )
