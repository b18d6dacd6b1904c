"""Portfolio movement (decision 142), besides the new customers of `portfolio.py` (the accounts
won): the accounts lost (made former customer in the period), the customers gone dormant (their
last order, not cancelled, lies `INSIGHTS_DORMANT_DAYS` before a day of the period: the period
in which they crossed the line) and the length of the relationships (the average years since
the first order of the customers still ordering at the period's end). For the account's
owner, over the accounts the reader may read."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, AccountStatus
from koers.core import access
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import link_to, moments, owner_column, source
from koers.insights.periods import Period
from koers.insights.registry import (
    AVERAGE,
    COUNT,
    Drill,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)

YEAR_DAYS = Decimal("365.25")


def accounts(user: User | None, period: Period) -> QuerySet[Account]:
    return source(user, Account.objects.all(), access.accounts_readable, period, "")


def _columns() -> tuple[Column, ...]:
    return (
        Column(_("account"), lambda a: a.name),
        owner_column(),
        Column(_("tier"), lambda a: a.tier),
        Column(_("first order"), lambda a: a.first_order_on),
        Column(_("last order"), lambda a: a.last_order_on),
    )


def _with_orders(rows: QuerySet[Account]) -> QuerySet[Account]:
    return rows.annotate(
        first_order_on=F("order_summary__first_ordered_on"),
        last_order_on=F("order_summary__last_ordered_on"),
    )


# ------------------------------------------------------------------------------ lost


def lost(user: User | None, period: Period) -> QuerySet[Account]:
    """Accounts whose status became former customer in the period (from their history)."""
    history = Account.history.model
    start, end = moments(period)
    # The record before (history ids grow with every change; two changes can share a moment).
    # An account made as a former customer (an import) has none: it was not lost here.
    earlier = history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    earlier = earlier.order_by("-history_id")
    became = history.objects.filter(
        id=OuterRef("pk"),
        status=AccountStatus.FORMER,
        history_date__gte=start,
        history_date__lt=end,
    ).exclude(status=Subquery(earlier.values("status")[:1]))
    return accounts(user, period).filter(Exists(became))


def _lost(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(lost(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Count("pk")))


def _lost_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = _with_orders(by_owners(lost(user, period), None if owner is None else [owner]))
    return Drill(
        rows.select_related("owner").order_by("name", "pk"),
        _columns(),
        link=link_to("accounts:account_detail"),
    )


register(
    Indicator(
        key="accounts_lost",
        area="portfolio",
        name=_("Customers lost"),
        definition=_("Accounts made former customer in the period."),
        formula=_("Number of accounts whose status changed to former customer in the period."),
        source=_("The accounts' change history (status); the account's owner."),
        unit=COUNT,
        compute=_lost,
        drill=_lost_drill,
    )
)


# --------------------------------------------------------------------------- dormant


def _dormant_days() -> timedelta:
    return timedelta(days=settings.INSIGHTS_DORMANT_DAYS)


def dormant(user: User | None, period: Period) -> QuerySet[Account]:
    """Customers whose last order is so old that they went dormant during the period."""
    days = _dormant_days()
    return accounts(user, period).filter(
        order_summary__last_ordered_on__gte=period.start - days,
        order_summary__last_ordered_on__lte=period.end - days,
    )


def _dormant(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(dormant(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Count("pk")))


def _dormant_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = _with_orders(by_owners(dormant(user, period), None if owner is None else [owner]))
    return Drill(
        rows.select_related("owner").order_by("last_order_on", "name", "pk"),
        _columns(),
        link=link_to("accounts:account_detail"),
    )


register(
    Indicator(
        key="accounts_dormant",
        area="portfolio",
        name=_("Customers gone dormant"),
        definition=_("Customers that stopped ordering: no order for the dormant period."),
        formula=_(
            "Number of accounts whose last order (not cancelled) plus the dormant period "
            "(INSIGHTS_DORMANT_DAYS, 180 days unless set) falls in the period."
        ),
        source=_("Orders by order date (the customer's order summary); the account's owner."),
        unit=COUNT,
        compute=_dormant,
        drill=_dormant_drill,
    )
)


# ------------------------------------------------------------------- relationship length


def active(user: User | None, period: Period) -> QuerySet[Account]:
    """Customers still ordering at the period's end: an order within the dormant period."""
    return accounts(user, period).filter(
        order_summary__last_ordered_on__gt=period.end - _dormant_days(),
        order_summary__first_ordered_on__lte=period.end,
    )


def years(first: date | None, end: date) -> Decimal:
    return Decimal((end - first).days) / YEAR_DAYS if first else Decimal(0)


def _length(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(active(user, period), owners).values_list(
        "owner", "order_summary__first_ordered_on"
    )
    parts: dict[int, Part] = {}
    for owner, first in rows.order_by():
        before = parts.get(owner, Part(Decimal(0), Decimal(0)))
        parts[owner] = Part(
            before.value + years(first, period.end), (before.base or Decimal(0)) + 1
        )
    return parts


def _length_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = _with_orders(by_owners(active(user, period), None if owner is None else [owner]))
    end = period.end
    columns = (
        *_columns(),
        Column(_("years"), lambda a: float(round(years(a.first_order_on, end), 1))),
    )
    return Drill(
        rows.select_related("owner").order_by("first_order_on", "name", "pk"),
        columns,
        link=link_to("accounts:account_detail"),
    )


register(
    Indicator(
        key="relationship_years",
        area="portfolio",
        name=_("Length of relationships"),
        definition=_("How long the customers still ordering have been customers, in years."),
        formula=_(
            "Average of (period's end - first order) in years, over the accounts with an "
            "order within the dormant period before the period's end."
        ),
        source=_("Orders by order date (the customer's order summary); the account's owner."),
        unit=AVERAGE,
        compute=_length,
        drill=_length_drill,
    )
)
