"""New customers: the accounts whose first order (any order not cancelled, by order date) falls
in the period, for the account's owner (the portfolio's responsibility); and their revenue in
the period (as revenue: delivered or invoiced, by delivery date, the order's account manager)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
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
from koers.sales.models import Order, OrderStatus


def _first_order(account: str) -> Subquery:
    # The first order over all of the account's orders, not only those the reader may open:
    # an account is new once, whoever reads it.
    return Subquery(
        Order.objects.filter(account=OuterRef(account))
        .exclude(status=OrderStatus.CANCELLED)
        .order_by()
        .values("account")
        .annotate(first=Min("ordered_on"))
        .values("first")
    )


def new_customers(user: User | None, period: Period) -> QuerySet[Account]:
    first = _first_order("pk")
    rows = source(user, Account.objects.all(), access.accounts_readable, period, "")
    return rows.annotate(first_order_on=first).filter(
        Q(first_order_on__gte=period.start) & Q(first_order_on__lte=period.end)
    )


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(new_customers(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Count("pk")))


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(new_customers(user, period), None if owner is None else [owner])
    columns = (
        Column(_("account"), lambda a: a.name),
        owner_column(),
        Column(_("tier"), lambda a: a.tier),
        Column(_("first order"), lambda a: a.first_order_on),
    )
    return Drill(
        rows.select_related("owner").order_by("first_order_on", "name", "pk"),
        columns,
        link=link_to("accounts:account_detail"),
    )


NEW_CUSTOMERS = register(
    Indicator(
        key="new_customers",
        area="portfolio",
        name=_("New customers"),
        definition=_("Accounts that ordered for the first time in the period."),
        formula=_("Number of accounts whose first order (not cancelled) is dated in the period."),
        source=_("Orders by order date, all of the account's orders; the account's owner."),
        unit=COUNT,
        compute=_compute,
        drill=_drill,
    )
)


def new_revenue_rows(user: User | None, period: Period) -> QuerySet[Order]:
    return (
        revenue_rows(user, period)
        .annotate(first_order_on=_first_order("account"))
        .filter(first_order_on__gte=period.start, first_order_on__lte=period.end)
    )


def _revenue(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(new_revenue_rows(user, period), owners)
    return order_sums(rows, period, "net_total", "net")


def _revenue_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(new_revenue_rows(user, period), None if owner is None else [owner])
    rows = with_amounts(rows, period)
    columns = (
        Column(_("order number"), lambda o: o.number),
        account_column(),
        owner_column(),
        Column(_("first order"), lambda o: o.first_order_on),
        Column(_("delivered on"), lambda o: o.delivered_on),
        Column(net_header(period), lambda o: amount(o.net_amount)),
    )
    return Drill(
        rows.select_related("account", "owner").order_by("-delivered_on", "-pk"),
        columns,
        link=link_to("sales:order_detail"),
        total="net_amount",
    )


NEW_CUSTOMER_REVENUE = register(
    Indicator(
        key="new_customer_revenue",
        area="portfolio",
        name=_("Revenue from new customers"),
        definition=_("What the new customers of the period bought in it."),
        formula=_(
            "Sum of the net amounts of the orders delivered or invoiced in the period, of "
            "accounts whose first order (not cancelled) is dated in the period."
        ),
        source=_(
            "Orders: status delivered or invoiced, by delivery date; the order's account "
            "manager. The first order over all of the account's orders."
        ),
        unit=MONEY,
        compute=_revenue,
        drill=_revenue_drill,
        by_product_group=True,
    )
)
