"""Revenue and margin, from orders: delivered or invoiced (`REVENUE_STATUSES`), counted on the
day they were delivered, for the order's account manager."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    SUM,
    account_column,
    amount,
    link_to,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import (
    MONEY,
    Compute,
    Drill,
    DrillFor,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.sales.models import REVENUE_STATUSES, Order
from koers.sales.orders.queries import orders_readable


def revenue_rows(user: User | None, period: Period) -> QuerySet[Order]:
    return source(user, Order.objects.all(), orders_readable, period).filter(
        status__in=REVENUE_STATUSES, delivered_on__gte=period.start, delivered_on__lte=period.end
    )


def _sums(expression: Any) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        rows = by_owners(revenue_rows(user, period), owners)
        return grouped(
            rows.order_by().values("owner").annotate(value=Sum(expression, output_field=SUM))
        )

    return compute


def _drill(figure: str) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = by_owners(revenue_rows(user, period), None if owner is None else [owner])
        rows = rows.annotate(margin_amount=F("net_total") - F("cost_total")).select_related(
            "account", "owner"
        )
        columns = (
            Column(_("order number"), lambda o: o.number),
            account_column(),
            owner_column(),
            Column(_("delivered on"), lambda o: o.delivered_on),
            Column(_("net amount"), lambda o: amount(o.net_total)),
            Column(_("cost"), lambda o: amount(o.cost_total)),
            Column(_("margin"), lambda o: amount(o.margin_amount)),
        )
        return Drill(
            rows.order_by("-delivered_on", "-pk"),
            columns,
            link=link_to("sales:order_detail"),
            total=figure,
        )

    return drill


REVENUE = register(
    Indicator(
        key="revenue",
        area="orders",
        name=_("Revenue"),
        definition=_("What the orders delivered in the period are worth, without VAT."),
        formula=_("Sum of the net amounts of the orders delivered or invoiced in the period."),
        source=_(
            "Orders: status delivered or invoiced, by delivery date; the order's account manager."
        ),
        unit=MONEY,
        compute=_sums("net_total"),
        drill=_drill("net_total"),
    )
)

MARGIN = register(
    Indicator(
        key="margin",
        area="orders",
        name=_("Margin"),
        definition=_("What the orders delivered in the period earned above their cost."),
        formula=_("Sum of (net amount - cost) of the orders delivered or invoiced in the period."),
        source=_(
            "Orders: status delivered or invoiced, by delivery date; the cost of each line "
            "as recorded on the order."
        ),
        unit=MONEY,
        compute=_sums(F("net_total") - F("cost_total")),
        drill=_drill("margin_amount"),
    )
)
