"""What is behind a target's figures (issue 15, drill-down): the orders (revenue, margin,
volume), done visits or new customers behind its actual, and the open opportunities behind its
weighted pipeline, each with the part it adds, so that the list adds up to the figure (a person
is credited their share of an order, as in `actuals.py`; a deal is weighted as in
`pipeline.py`). Built on the same filters (`scopes.py`): one query for the rows, one for their
total, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from koers.accounts.models import Account
from koers.planning.models.targets import Measure, Target, TargetLevel
from koers.planning.targets import scopes
from koers.planning.targets.actuals import PERCENT
from koers.planning.targets.pipeline import open_deals
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.sales.models import OpportunityMember, OrderLine
from koers.sales.models.opportunities import StageSetting
from koers.sales.models.orders import REVENUE_STATUSES, Order

ZERO = Decimal("0")
_DEC: DecimalField[Decimal, Decimal] = DecimalField(max_digits=24, decimal_places=6)
ORDERS, VISITS, ACCOUNTS, DEALS = "orders", "visits", "accounts", "opportunities"


@dataclass
class Drill:
    """The rows behind a figure ({"row", "label", "account_pk", "account_name", "day",
    "value"}), ordered by day, and their total."""

    kind: str
    rows: QuerySet[Any]
    total: Decimal


def _shares(persons: list[int], opportunity: str, owner: str, owner_share: str) -> Any:
    """The percentage of a row credited to `persons`: the owner's share when one of them owns
    it (all without an opportunity), plus the shares of those of them on the opportunity."""
    members = OpportunityMember.objects.filter(opportunity=OuterRef(opportunity), user__in=persons)
    theirs = members.order_by().values("opportunity").annotate(s=Sum("share")).values("s")[:1]
    own = Case(
        When(**{f"{owner}__in": persons}, then=Coalesce(owner_share, Value(Decimal("100")))),
        default=Value(Decimal("0")),
    )
    return own + Coalesce(Subquery(theirs), Value(Decimal("0"))), Exists(members)


def _order_drill(target: Target, start: date, end: date) -> Drill:
    lines = OrderLine.objects.filter(
        order__status__in=REVENUE_STATUSES,
        order__delivered_on__gte=start,
        order__delivered_on__lte=end,
    )
    value: Any = {
        Measure.REVENUE: F("net"),
        Measure.MARGIN: F("net") - F("cost"),
        Measure.VOLUME: F("quantity"),
    }[Measure(target.measure)]
    groups = scopes.groups(target)
    if groups is not None:
        lines = lines.filter(product_group__in=groups)
    persons = scopes.people(target)
    if persons is not None:
        share, on_deal = _shares(
            persons, "order__opportunity", "order__owner", "order__opportunity__owner_share"
        )
        lines = lines.filter(Q(order__owner__in=persons) | Q(on_deal))
        value = value * share * PERCENT
    else:
        lines = lines.filter(
            scopes.account_filter(target.level, scopes.account_pk(target), "order__")
        )
    credited = ExpressionWrapper(value, output_field=_DEC)
    rows = (
        lines.values(
            row=F("order"),
            label=F("order__number"),
            account_pk=F("order__account"),
            account_name=F("order__account__name"),
            day=F("order__delivered_on"),
        )
        .annotate(value=Sum(credited))
        .order_by("day", "row")
    )
    total = lines.aggregate(total=Sum(credited))["total"]
    return Drill(ORDERS, rows, Decimal(total or 0))


def _account_scope(target: Target, field: str) -> Q:
    """Visits (`field` "account") or accounts (`field` "pk") of the target's account level."""
    pk = scopes.account_pk(target)
    if target.level == TargetLevel.SEGMENT:
        return Q(**{f"{field}__segment" if field != "pk" else "segment": pk})
    if target.level == TargetLevel.ACCOUNT and field != "pk":
        return Q(account=pk, account__parent__isnull=True) | Q(account__parent=pk)
    if target.level in (TargetLevel.ACCOUNT, TargetLevel.BRANCH):
        return Q(**{field: pk})
    return Q()


def _visit_drill(target: Target, start: date, end: date) -> Drill:
    visits = Activity.objects.filter(
        kind=ActivityKind.VISIT,
        status=ActivityStatus.DONE,
        planned_start__date__gte=start,
        planned_start__date__lte=end,
    )
    persons = scopes.people(target)
    if target.level in scopes.GROUP_LEVELS:
        visits = visits.none()
    elif persons is not None:
        visits = visits.filter(owner__in=persons)
    else:
        visits = visits.filter(_account_scope(target, "account"))
    rows = visits.values(
        row=F("pk"),
        label=F("subject"),
        account_pk=F("account"),
        account_name=F("account__name"),
        day=TruncDate("planned_start"),
        value=Value(Decimal("1"), output_field=_DEC),
    )
    return Drill(VISITS, rows.order_by("day", "row"), Decimal(visits.count()))


def _customer_drill(target: Target, start: date, end: date) -> Drill:
    first = (
        Order.objects.filter(account=OuterRef("pk"), status__in=REVENUE_STATUSES)
        .order_by("delivered_on")
        .values("delivered_on")[:1]
    )
    accounts = (
        Account.objects.filter(parent__isnull=True)
        .annotate(first=Subquery(first))
        .filter(first__gte=start, first__lte=end)
    )
    persons = scopes.people(target)
    if target.level in scopes.GROUP_LEVELS:
        accounts = accounts.none()
    elif persons is not None:
        accounts = accounts.filter(owner__in=persons)
    else:
        accounts = accounts.filter(_account_scope(target, "pk"))
    rows = accounts.values(
        row=F("pk"),
        label=F("name"),
        account_pk=F("pk"),
        account_name=F("name"),
        day=F("first"),
        value=Value(Decimal("1"), output_field=_DEC),
    )
    return Drill(ACCOUNTS, rows.order_by("day", "row"), Decimal(accounts.count()))


def actual_drill(target: Target) -> Drill:
    """The rows behind the target's actual."""
    start, end = scopes.target_range(target)
    if target.measure == Measure.VISITS:
        return _visit_drill(target, start, end)
    if target.measure == Measure.NEW_CUSTOMERS:
        return _customer_drill(target, start, end)
    return _order_drill(target, start, end)


def pipeline_drill(target: Target, today: date) -> Drill:
    """The open opportunities behind the target's weighted pipeline, each weighted (and
    credited, for a person or a team)."""
    start, end = scopes.target_range(target)
    deals = open_deals(start, end)
    if target.measure != Measure.REVENUE or end < today or target.level in scopes.GROUP_LEVELS:
        deals = deals.none()
    default = StageSetting.objects.filter(stage=OuterRef("stage")).values("probability")[:1]
    probability = Coalesce(
        F("probability"), Subquery(default), Value(0), output_field=IntegerField()
    )
    value: Any = F("amount") * probability * PERCENT
    persons = scopes.people(target)
    if persons is not None:
        share, on_deal = _shares(persons, "pk", "owner", "owner_share")
        deals = deals.filter(Q(owner__in=persons) | Q(on_deal))
        value = value * share * PERCENT
    else:
        deals = deals.filter(scopes.account_filter(target.level, scopes.account_pk(target), ""))
    weighted = deals.annotate(value=ExpressionWrapper(value, output_field=_DEC))
    rows = weighted.values(
        "value",
        row=F("pk"),
        label=F("title"),
        account_pk=F("account"),
        account_name=F("account__name"),
        day=F("close_on"),
    )
    total = weighted.aggregate(total=Sum("value"))["total"]
    return Drill(DEALS, rows.order_by("day", "row"), Decimal(total or 0))
