"""Upsell and cross-sell: the revenue (delivered or invoiced in the period, as Revenue) of the
orders that came from an opportunity whose source is upsell or cross-sell."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    SUM,
    account_column,
    amount,
    link_to,
    owner_column,
)
from koers.insights.indicators.orders import revenue_rows
from koers.insights.periods import Period
from koers.insights.registry import MONEY, Drill, Indicator, Part, by_owners, grouped, register
from koers.sales.models import Order, Source

GROWTH = (Source.UPSELL, Source.CROSS_SELL)


def growth_rows(user: User | None, period: Period) -> QuerySet[Order]:
    return revenue_rows(user, period).filter(opportunity__source__in=GROWTH)


def _compute(user: User | None, period: Period, owners: list[int] | None) -> dict[int, Part]:
    rows = by_owners(growth_rows(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Sum("net_total", output_field=SUM)))


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(growth_rows(user, period), None if owner is None else [owner])
    columns = (
        Column(_("order number"), lambda o: o.number),
        account_column(),
        owner_column(),
        Column(_("source"), lambda o: o.opportunity.get_source_display()),
        Column(_("delivered on"), lambda o: o.delivered_on),
        Column(_("net amount"), lambda o: amount(o.net_total)),
    )
    return Drill(
        rows.select_related("account", "owner", "opportunity").order_by("-delivered_on", "-pk"),
        columns,
        link=link_to("sales:order_detail"),
        total="net_total",
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
    )
)
