"""Share of wallet (decision 148): our revenue at the accounts of a portfolio over what those
accounts buy in our categories from anyone, the purchase volume of their account analysis
(part 7). Only accounts with a recorded volume count, on both sides of the ratio.

- **The volume**: of the account's latest analysis with a volume, dated on or before the last
  day of the period (so a past period keeps the volume known then). A volume is a year's:
  for the period it is scaled by the period's days over 365 (a month of 30 days counts
  30/365 of it).
- **The revenue**: the account's orders delivered or invoiced in the period, by delivery day,
  whoever's order it is (as revenue counts them). Each order counts at its own account: a
  branch that is an account of its own counts with its own orders and its own analysis.
- **Whose**: the account's owner (the portfolio), not the order's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import SUM, amount, link_to, owner_column, source
from koers.insights.periods import Period
from koers.insights.registry import PERCENT, Drill, Indicator, Part, by_owners, register
from koers.planning.models import AccountAnalysis
from koers.sales.models import REVENUE_STATUSES, Order

YEAR_DAYS = Decimal(365)
HUNDRED = Decimal(100)
VOLUME: DecimalField[Decimal, Decimal] = DecimalField(max_digits=15, decimal_places=2)


def scale(period: Period) -> Decimal:
    """The share of a year's volume that falls in the period: its days over 365."""
    return Decimal(period.days) / YEAR_DAYS


def _volume(period: Period) -> Subquery:
    return Subquery(
        AccountAnalysis.objects.filter(
            account=OuterRef("pk"), purchase_volume__isnull=False, analysed_on__lte=period.end
        )
        .order_by("-analysed_on", "-pk")
        .values("purchase_volume")[:1],
        output_field=VOLUME,
    )


def _analysed_on(period: Period) -> Subquery:
    return Subquery(
        AccountAnalysis.objects.filter(
            account=OuterRef("pk"), purchase_volume__isnull=False, analysed_on__lte=period.end
        )
        .order_by("-analysed_on", "-pk")
        .values("analysed_on")[:1]
    )


def _revenue(period: Period) -> Subquery:
    # The orders of a readable account are readable (`orders_readable` is scoped by the
    # account), so the account's scope covers them.
    return Subquery(
        Order.objects.filter(
            account=OuterRef("pk"),
            status__in=REVENUE_STATUSES,
            delivered_on__gte=period.start,
            delivered_on__lte=period.end,
        )
        .order_by()
        .values("account")
        .annotate(total=Sum("net_total", output_field=SUM))
        .values("total"),
        output_field=SUM,
    )


def wallet_accounts(user: User | None, period: Period) -> QuerySet[Account]:
    """The readable accounts with a recorded purchase volume (above zero: an account that buys
    nothing in our categories has no share to take), each with `volume` (a year's) and
    `revenue` (ours in the period)."""
    rows = source(user, Account.objects.all(), access.accounts_readable, period, "")
    return rows.annotate(
        volume=_volume(period),
        revenue=Coalesce(_revenue(period), Value(Decimal(0)), output_field=SUM),
    ).filter(volume__gt=0)


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(wallet_accounts(user, period), owners).order_by().values("owner")
    found = rows.annotate(
        value=Sum("revenue", output_field=SUM), base=Sum("volume", output_field=SUM)
    )
    share = scale(period)
    return {
        r["owner"]: Part(Decimal(r["value"] or 0), Decimal(r["base"] or 0) * share)
        for r in found
        if r["owner"] is not None
    }


def period_volume(account: Any, period: Period) -> Decimal:
    """An account's volume for the period (a drill-down row's)."""
    return (Decimal(account.volume) * scale(period)).quantize(Decimal("0.01"))


def _share(account: Any, period: Period) -> Decimal:
    volume = Decimal(account.volume) * scale(period)
    return (Decimal(account.revenue) * HUNDRED / volume).quantize(Decimal("0.1"))


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(wallet_accounts(user, period), None if owner is None else [owner])
    rows = rows.annotate(analysed_on=_analysed_on(period)).select_related("owner")
    columns = (
        Column(_("account"), lambda a: a.name),
        owner_column(),
        Column(_("analysis of"), lambda a: a.analysed_on),
        Column(_("purchase volume a year"), lambda a: amount(a.volume)),
        Column(_("purchase volume in the period"), lambda a: amount(period_volume(a, period))),
        Column(_("our revenue in the period"), lambda a: amount(a.revenue)),
        Column(_("share of wallet (percent)"), lambda a: _share(a, period)),
    )
    return Drill(
        rows.order_by("name", "pk"),
        columns,
        link=link_to("accounts:account_detail"),
    )


register(
    Indicator(
        key="share_of_wallet",
        area="orders",
        name=_("Share of wallet"),
        definition=_(
            "Our share of what the accounts of the portfolio buy in our categories, from anyone."
        ),
        formula=_(
            "Our revenue in the period at the accounts with a recorded purchase volume ÷ the "
            "sum of their purchase volumes for the period x 100. A volume is a year's: for the "
            "period it counts days in the period ÷ 365 of it."
        ),
        source=_(
            "Account analyses: the purchase volume in our categories of each account's latest "
            "analysis on or before the end of the period; orders delivered or invoiced in the "
            "period at those accounts; the account's account manager."
        ),
        unit=PERCENT,
        compute=_compute,
        drill=_drill,
    )
)
