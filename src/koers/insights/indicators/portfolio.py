"""New customers: the accounts whose first order (any order not cancelled, by order date) falls
in the period, for the account's owner (the portfolio's responsibility)."""

from __future__ import annotations

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import link_to, owner_column, source
from koers.insights.periods import Period
from koers.insights.registry import COUNT, Drill, Indicator, Part, by_owners, grouped, register
from koers.sales.models import Order, OrderStatus


def new_customers(user: User | None, period: Period) -> QuerySet[Account]:
    # The first order over all of the account's orders, not only those the reader may open:
    # an account is new once, whoever reads it.
    first = (
        Order.objects.filter(account=OuterRef("pk"))
        .exclude(status=OrderStatus.CANCELLED)
        .order_by()
        .values("account")
        .annotate(first=Min("ordered_on"))
        .values("first")
    )
    rows = source(user, Account.objects.all(), access.accounts_readable, period, "")
    return rows.annotate(first_order_on=Subquery(first)).filter(
        Q(first_order_on__gte=period.start) & Q(first_order_on__lte=period.end)
    )


def _compute(user: User | None, period: Period, owners: list[int] | None) -> dict[int, Part]:
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
