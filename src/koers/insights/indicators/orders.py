"""Revenue and margin, from orders: delivered or invoiced (`REVENUE_STATUSES`), counted on the
day they were delivered, for the order's account manager. With a product group chosen, the
lines of that group and its subgroups of the same orders instead of the order totals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, Sum
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
    Parts,
    by_owners,
    grouped,
    register,
)
from koers.sales.models import REVENUE_STATUSES, Order, OrderLine
from koers.sales.orders.queries import orders_readable


def revenue_rows(user: User | None, period: Period) -> QuerySet[Order]:
    return source(user, Order.objects.all(), orders_readable, period).filter(
        status__in=REVENUE_STATUSES, delivered_on__gte=period.start, delivered_on__lte=period.end
    )


def order_sums(orders: QuerySet[Order], period: Period, total: Any, line: Any) -> Parts:
    """Per account manager the sum of `total` over `orders`; with a product group chosen, of
    `line` over those orders' lines in that group or its subgroups (one grouped query, which
    `run_together` can batch)."""
    if period.accounts.product_group is None:
        return grouped(
            orders.order_by().values("owner").annotate(value=Sum(total, output_field=SUM))
        )
    lines = OrderLine.objects.filter(period.accounts.in_group(), order__in=orders.values("pk"))
    return grouped(
        lines.order_by().values("order__owner").annotate(value=Sum(line, output_field=SUM)),
        owner="order__owner",
    )


def _group_sum(period: Period, field: str) -> Subquery:
    return Subquery(
        OrderLine.objects.filter(period.accounts.in_group(), order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=Sum(field, output_field=SUM))
        .values("total")[:1],
        output_field=SUM,
    )


def with_amounts(orders: QuerySet[Order], period: Period) -> QuerySet[Order]:
    """The orders of a drill-down with `net_amount`, `cost_amount` and `margin_amount`: the
    order's totals, or with a product group chosen only the orders with lines in it and the
    amounts of those lines, so that the rows add up to the figure."""
    if period.accounts.product_group is None:
        return orders.annotate(
            net_amount=F("net_total"),
            cost_amount=F("cost_total"),
            margin_amount=F("net_total") - F("cost_total"),
        )
    lines = OrderLine.objects.filter(period.accounts.in_group(), order=OuterRef("pk"))
    return (
        orders.filter(Exists(lines))
        .annotate(net_amount=_group_sum(period, "net"), cost_amount=_group_sum(period, "cost"))
        .annotate(margin_amount=F("net_amount") - F("cost_amount"))
    )


def net_header(period: Period) -> Any:
    if period.accounts.product_group is None:
        return _("net amount")
    return _("net amount in the product group")


def _sums(total: Any, line: Any) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        return order_sums(by_owners(revenue_rows(user, period), owners), period, total, line)

    return compute


def _drill(figure: str) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = by_owners(revenue_rows(user, period), None if owner is None else [owner])
        rows = with_amounts(rows, period).select_related("account", "owner")
        grouped_ = period.accounts.product_group is not None
        columns = (
            Column(_("order number"), lambda o: o.number),
            account_column(),
            owner_column(),
            Column(_("delivered on"), lambda o: o.delivered_on),
            Column(net_header(period), lambda o: amount(o.net_amount)),
            Column(
                _("cost in the product group") if grouped_ else _("cost"),
                lambda o: amount(o.cost_amount),
            ),
            Column(
                _("margin in the product group") if grouped_ else _("margin"),
                lambda o: amount(o.margin_amount),
            ),
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
        compute=_sums("net_total", "net"),
        drill=_drill("net_amount"),
        by_product_group=True,
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
        compute=_sums(F("net_total") - F("cost_total"), F("net") - F("cost")),
        drill=_drill("margin_amount"),
        by_product_group=True,
    )
)
