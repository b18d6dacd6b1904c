"""Upsell and cross-sell: the revenue (delivered or invoiced in the period, as Revenue) of the
orders that came from an opportunity whose source is upsell or cross-sell; and the product
groups existing customers bought for the first time in the period."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    account_column,
    amount,
    link_to,
    owner_column,
    source,
)
from koers.insights.indicators.orders import net_header, order_sums, revenue_rows, with_amounts
from koers.insights.periods import Period
from koers.insights.registry import (
    COUNT,
    MONEY,
    Drill,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.sales.models import Order, OrderLine, OrderStatus, Source

GROWTH = (Source.UPSELL, Source.CROSS_SELL)


def growth_rows(user: User | None, period: Period) -> QuerySet[Order]:
    return revenue_rows(user, period).filter(opportunity__source__in=GROWTH)


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    return order_sums(by_owners(growth_rows(user, period), owners), period, "net_total", "net")


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(growth_rows(user, period), None if owner is None else [owner])
    rows = with_amounts(rows, period)
    columns = (
        Column(_("order number"), lambda o: o.number),
        account_column(),
        owner_column(),
        Column(_("source"), lambda o: o.opportunity.get_source_display()),
        Column(_("delivered on"), lambda o: o.delivered_on),
        Column(net_header(period), lambda o: amount(o.net_amount)),
    )
    return Drill(
        rows.select_related("account", "owner", "opportunity").order_by("-delivered_on", "-pk"),
        columns,
        link=link_to("sales:order_detail"),
        total="net_amount",
    )


register(
    Indicator(
        key="upsell_revenue",
        area="orders",
        name=_("Upsell and cross-sell"),
        definition=_(
            "Revenue from orders that came from an upsell or cross-sell opportunity at a customer."
        ),
        formula=_(
            "Sum of the net amounts of the orders delivered or invoiced in the period whose "
            "opportunity has the source upsell or cross-sell."
        ),
        source=_("Orders and the source of their opportunity; the order's account manager."),
        unit=MONEY,
        compute=_compute,
        drill=_drill,
        by_product_group=True,
    )
)


# ------------------------------------------------------ new product groups at existing customers


def _lines_readable(user: User) -> QuerySet[OrderLine]:
    return access.scope_through_account(OrderLine.objects.all(), user, "order__account")


def new_groups(user: User | None, period: Period) -> QuerySet[OrderLine]:
    """Per (account, product group) first bought in the period by an account that ordered
    before it, the first such order line (so each pair is one row). Orders not cancelled, by
    order date; the order's account manager."""
    live = OrderLine.objects.exclude(order__status=OrderStatus.CANCELLED)
    earlier = live.filter(
        order__account=OuterRef("order__account"), product_group=OuterRef("product_group")
    ).filter(
        Q(order__ordered_on__lt=OuterRef("order__ordered_on"))
        | Q(order__ordered_on=OuterRef("order__ordered_on"), pk__lt=OuterRef("pk"))
    )
    customer = Order.objects.filter(
        account=OuterRef("order__account"), ordered_on__lt=period.start
    ).exclude(status=OrderStatus.CANCELLED)
    rows = source(user, OrderLine.objects.all(), _lines_readable, period, "order__account")
    return (
        rows.exclude(order__status=OrderStatus.CANCELLED)
        .filter(
            period.accounts.in_group(),
            product_group__isnull=False,
            order__ordered_on__gte=period.start,
            order__ordered_on__lte=period.end,
        )
        .filter(Exists(customer))
        .exclude(Exists(earlier))
    )


def _groups(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(new_groups(user, period), owners, "order__owner").order_by()
    return grouped(rows.values("order__owner").annotate(value=Count("pk")), owner="order__owner")


def _groups_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(new_groups(user, period), None if owner is None else [owner], "order__owner")
    columns = (
        Column(_("order number"), lambda line: line.order.number),
        account_column("order__account"),
        owner_column("order__owner"),
        Column(_("product group"), lambda line: str(line.product_group)),
        Column(_("order date"), lambda line: line.order.ordered_on),
        Column(_("net amount"), lambda line: amount(line.net)),
    )
    return Drill(
        rows.select_related("order", "order__account", "order__owner", "product_group").order_by(
            "order__ordered_on", "pk"
        ),
        columns,
        link=lambda line: reverse("sales:order_detail", args=[line.order_id]),
        owner="order__owner",
    )


register(
    Indicator(
        key="new_product_groups",
        area="orders",
        name=_("New product groups at customers"),
        definition=_(
            "Cross-selling: product groups an existing customer bought for the first time."
        ),
        formula=_(
            "Number of (account, product group) pairs whose first order (not cancelled) is "
            "dated in the period, at accounts that ordered before the period."
        ),
        source=_(
            "Order lines and their product group, by order date; the order's account manager."
        ),
        unit=COUNT,
        compute=_groups,
        drill=_groups_drill,
        by_product_group=True,
    )
)
