"""Actual against target, added up in the database (issue 15, "plan against actual").

Revenue and margin are the delivered and invoiced orders' lines (`REVENUE_STATUSES`, by
`delivered_on`), volume their quantities; visits are done visits (by their planned day);
a new customer is an account (not a branch) whose first delivered order falls in the period.

People are credited by the credit split of the order's opportunity (part 5): the order's
account manager gets the opportunity's `owner_share` (all of it without an opportunity), each
colleague on the opportunity their `share`. A team's actual is the sum of its members' credits,
so a target on a group of people shows what its people sold. A product group's actual counts
the lines of its child groups too. An account's product group counts what the account (with
its branches) bought of the group and its children, whoever sold it, as an account's target
does. Every figure is a per-month aggregate of one or two grouped queries; Python only adds up
the few grouped rows (a person in a team, a child in its group).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth

from koers.accounts.models import Account
from koers.core.models import Team
from koers.planning.models.targets import MONTHS, Measure, TargetLevel, target_key
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.sales.models import OrderLine
from koers.sales.models.orders import REVENUE_STATUSES, Order

CENT = Decimal("0.01")
ZERO = Decimal("0")
Monthly = list[Decimal]
PERSON_LEVELS = (TargetLevel.USER, TargetLevel.TEAM, TargetLevel.USER_GROUP)
_DEC: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=6)
# A percentage as a factor: "x * share * 0.01", never "x * share / 100", which SQLite divides as
# whole numbers when both are stored whole (7 units at 60 % would be 4, not 4.2).
PERCENT = Value(Decimal("0.01"))


def empty() -> Monthly:
    return [ZERO for _month in MONTHS]


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _lines(measure: str, year: int) -> tuple[QuerySet[OrderLine], Any]:
    start, end = _year_range(year)
    lines = OrderLine.objects.filter(
        order__status__in=REVENUE_STATUSES,
        order__delivered_on__gte=start,
        order__delivered_on__lte=end,
    )
    value: Any = {
        Measure.REVENUE: F("net"),
        Measure.MARGIN: F("net") - F("cost"),
        Measure.VOLUME: F("quantity"),
    }[Measure(measure)]
    return lines, value


def _add(into: dict[Any, Monthly], rows: Iterable[dict[str, Any]], group: str) -> None:
    for row in rows:
        if row[group] is None or row["month"] is None:
            continue
        into.setdefault(row[group], empty())[row["month"] - 1] += Decimal(row["total"] or 0)


def _credits(measure: str, year: int, users: list[int], groups: list[int] | None) -> Any:
    """{(user id, product group id or None): monthly} credited per the opportunity's split.
    `groups` (product group ids, a parent with its children) narrows the lines."""
    lines, value = _lines(measure, year)
    if groups is not None:
        lines = lines.filter(product_group__in=groups)
    month = ExtractMonth("order__delivered_on")
    owner_share = Coalesce("order__opportunity__owner_share", Value(Decimal("100")))
    owned = (
        lines.filter(order__owner__in=users)
        .values(person=F("order__owner"), group=F("product_group"), month=month)
        .annotate(total=Sum(ExpressionWrapper(value * owner_share * PERCENT, output_field=_DEC)))
    )
    shared = (
        lines.filter(order__opportunity__members__user__in=users)
        .values(
            person=F("order__opportunity__members__user"), group=F("product_group"), month=month
        )
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    value * F("order__opportunity__members__share") * PERCENT, output_field=_DEC
                )
            )
        )
    )
    found: dict[Any, Monthly] = {}
    for rows in (owned, shared):
        for row in rows:
            key = (row["person"], row["group"])
            found.setdefault(key, empty())[row["month"] - 1] += Decimal(row["total"] or 0)
    return found


def _family(group_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each product group with its children (groups have two levels)."""
    from koers.sales.models import ProductGroup

    family: dict[int, list[int]] = {pk: [pk] for pk in group_ids}
    for child, parent in ProductGroup.objects.filter(parent__in=list(family)).values_list(
        "pk", "parent"
    ):
        if parent is not None:
            family[parent].append(child)
    return family


def _team_members(rows: list[dict[str, Any]]) -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    through = Team.members.through.objects.filter(team__in=[r["team"] for r in rows])
    for team, user in through.values_list("team_id", "user_id"):
        members.setdefault(team, []).append(user)
    return members


def _people_actuals(measure: str, level: str, rows: list[dict[str, Any]], year: int) -> Any:
    is_team = level == TargetLevel.TEAM
    members = _team_members(rows) if is_team else {}
    people_of = {
        target_key(level, row): members.get(row["team"], []) if is_team else [row["user"]]
        for row in rows
    }
    users = sorted({u for people in people_of.values() for u in people})
    family = _family(r["product_group"] for r in rows if r.get("product_group"))
    if measure == Measure.VISITS:
        per_person = _visits(year, "owner", Q(owner__in=users))
        credits = {(person, None): monthly for person, monthly in per_person.items()}
    elif measure == Measure.NEW_CUSTOMERS:
        per_person = _new_customers(year, "owner", Q(owner__in=users))
        credits = {(person, None): monthly for person, monthly in per_person.items()}
    else:
        groups = [g for gs in family.values() for g in gs] if family else None
        credits = _credits(measure, year, users, groups)
    out: dict[str, Monthly] = {}
    for row in rows:
        key = target_key(level, row)
        wanted = family.get(row["product_group"]) if row.get("product_group") else None
        total = empty()
        for (person, group), monthly in credits.items():
            if person in people_of[key] and (wanted is None or group in wanted):
                total = [a + b for a, b in zip(total, monthly, strict=True)]
        out[key] = [v.quantize(CENT) for v in total]
    return out


def _visits(year: int, group: str, where: Q) -> dict[Any, Monthly]:
    start, end = _year_range(year)
    rows = (
        Activity.objects.filter(
            where,
            kind=ActivityKind.VISIT,
            status=ActivityStatus.DONE,
            planned_start__date__gte=start,
            planned_start__date__lte=end,
        )
        .values(group_value=F(group), month=ExtractMonth("planned_start"))
        .annotate(total=Count("pk"))
    )
    found: dict[Any, Monthly] = {}
    _add(found, rows, "group_value")
    return found


def _new_customers(year: int, group: str, where: Q) -> dict[Any, Monthly]:
    start, end = _year_range(year)
    first = (
        Order.objects.filter(account=OuterRef("pk"), status__in=REVENUE_STATUSES)
        .order_by("delivered_on")
        .values("delivered_on")[:1]
    )
    rows = (
        Account.objects.filter(where, parent__isnull=True)
        .annotate(first=Subquery(first))
        .filter(first__gte=start, first__lte=end)
        .values(group_value=F(group), month=ExtractMonth("first"))
        .annotate(total=Count("pk"))
    )
    found: dict[Any, Monthly] = {}
    _add(found, rows, "group_value")
    return found


# The value each level groups the orders' lines by (None: one group, the whole company).
LINE_GROUPS = {
    TargetLevel.COMPANY: Value(0),
    TargetLevel.ACCOUNT: Coalesce("order__account__parent", "order__account"),
    TargetLevel.BRANCH: Coalesce("order__branch", "order__account"),
    TargetLevel.SEGMENT: F("order__account__segment"),
}
ACCOUNT_GROUPS = {
    TargetLevel.COMPANY: Value(0),
    TargetLevel.ACCOUNT: Coalesce("account__parent", "account"),
    TargetLevel.BRANCH: F("account"),
    TargetLevel.SEGMENT: F("account__segment"),
}
ROW_FIELD = {
    TargetLevel.ACCOUNT: "account",
    TargetLevel.BRANCH: "account",
    TargetLevel.SEGMENT: "segment",
    TargetLevel.PRODUCT_GROUP: "product_group",
}


def _row_value(level: str, row: dict[str, Any]) -> Any:
    field = ROW_FIELD.get(TargetLevel(level))
    return 0 if field is None else row.get(field)


LINE_MEASURES = (Measure.REVENUE, Measure.MARGIN, Measure.VOLUME)


def _account_group_actuals(
    measure: str, rows: list[dict[str, Any]], year: int
) -> dict[str, Monthly]:
    """Each (account, product group) row: the lines of the account's orders and its branches'
    in the group and its children. Visits and new customers have no product group (0)."""
    out = {target_key(TargetLevel.ACCOUNT_GROUP, row): empty() for row in rows}
    if measure not in LINE_MEASURES:
        return out
    family = _family(row["product_group"] for row in rows)
    accounts = sorted({row["account"] for row in rows})
    lines, value = _lines(measure, year)
    grouped = (
        lines.filter(
            Q(order__account__in=accounts) | Q(order__account__parent__in=accounts),
            product_group__in=[g for gs in family.values() for g in gs],
        )
        .annotate(top=LINE_GROUPS[TargetLevel.ACCOUNT])
        .values("top", "product_group", month=ExtractMonth("order__delivered_on"))
        .annotate(total=Sum(ExpressionWrapper(value, output_field=_DEC)))
    )
    found: dict[tuple[int, int], Monthly] = {}
    for line in grouped:
        key = (line["top"], line["product_group"])
        found.setdefault(key, empty())[line["month"] - 1] += Decimal(line["total"] or 0)
    for row in rows:
        total = empty()
        for group in family[row["product_group"]]:
            for index, amount in enumerate(found.get((row["account"], group), ())):
                total[index] += amount
        out[target_key(TargetLevel.ACCOUNT_GROUP, row)] = [v.quantize(CENT) for v in total]
    return out


def _grouped(
    measure: str, level: str, year: int, accounts: list[int] | None = None
) -> dict[Any, Monthly]:
    if level == TargetLevel.PRODUCT_GROUP:
        if measure not in LINE_MEASURES:
            return {}
        lines, value = _lines(measure, year)
        rows = lines.values(
            "product_group", "product_group__parent", month=ExtractMonth("order__delivered_on")
        ).annotate(total=Sum(ExpressionWrapper(value, output_field=_DEC)))
        found: dict[Any, Monthly] = {}
        for row in rows:
            for group in {row["product_group"], row["product_group__parent"]} - {None}:
                found.setdefault(group, empty())[row["month"] - 1] += Decimal(row["total"] or 0)
        return found
    if measure == Measure.VISITS:
        return _visits_grouped(year, level)
    if measure == Measure.NEW_CUSTOMERS:
        return _new_customers_grouped(year, level)
    lines, value = _lines(measure, year)
    if accounts is not None:
        # Only the orders that can count for the rows asked (a page of accounts), not the
        # whole company's grouped and most of it thrown away.
        lines = lines.filter(
            Q(order__account__in=accounts)
            | Q(order__account__parent__in=accounts)
            | Q(order__branch__in=accounts)
        )
    rows = (
        lines.annotate(group_value=LINE_GROUPS[TargetLevel(level)])
        .values("group_value", month=ExtractMonth("order__delivered_on"))
        .annotate(total=Sum(ExpressionWrapper(value, output_field=_DEC)))
    )
    grouped: dict[Any, Monthly] = {}
    _add(grouped, rows, "group_value")
    return grouped


def _visits_grouped(year: int, level: str) -> dict[Any, Monthly]:
    start, end = _year_range(year)
    rows = (
        Activity.objects.filter(
            kind=ActivityKind.VISIT,
            status=ActivityStatus.DONE,
            planned_start__date__gte=start,
            planned_start__date__lte=end,
        )
        .annotate(group_value=ACCOUNT_GROUPS[TargetLevel(level)])
        .values("group_value", month=ExtractMonth("planned_start"))
        .annotate(total=Count("pk"))
    )
    found: dict[Any, Monthly] = {}
    _add(found, rows, "group_value")
    return found


def _new_customers_grouped(year: int, level: str) -> dict[Any, Monthly]:
    group = {
        TargetLevel.COMPANY: Value(0),
        TargetLevel.ACCOUNT: F("pk"),
        TargetLevel.BRANCH: F("pk"),
        TargetLevel.SEGMENT: F("segment"),
    }[TargetLevel(level)]
    start, end = _year_range(year)
    first = (
        Order.objects.filter(account=OuterRef("pk"), status__in=REVENUE_STATUSES)
        .order_by("delivered_on")
        .values("delivered_on")[:1]
    )
    rows = (
        Account.objects.filter(parent__isnull=True)
        .annotate(first=Subquery(first), group_value=group)
        .filter(first__gte=start, first__lte=end)
        .values("group_value", month=ExtractMonth("first"))
        .annotate(total=Count("pk"))
    )
    found: dict[Any, Monthly] = {}
    _add(found, rows, "group_value")
    return found


def monthly_actuals(
    measure: str, level: str, rows: list[dict[str, Any]], year: int
) -> dict[str, Monthly]:
    """The actual per month of `year` for each row (the ids of one level: {"user": 7}), by the
    row's target key."""
    if not rows:
        return {}
    if level in PERSON_LEVELS:
        return _people_actuals(measure, level, rows, year)
    if level == TargetLevel.ACCOUNT_GROUP:
        return _account_group_actuals(measure, rows, year)
    accounts = None
    if level in (TargetLevel.ACCOUNT, TargetLevel.BRANCH):
        accounts = [row["account"] for row in rows if row.get("account")]
    grouped = _grouped(measure, level, year, accounts)
    return {
        target_key(level, row): [
            v.quantize(CENT) for v in grouped.get(_row_value(level, row), empty())
        ]
        for row in rows
    }


def period_actual(monthly: Monthly, period_kind: str, period: int) -> Decimal:
    """The actual of a month, a quarter or the year from the twelve months."""
    if period_kind == "month":
        return monthly[period - 1]
    if period_kind == "quarter":
        return sum(monthly[(period - 1) * 3 : period * 3], ZERO)
    return sum(monthly, ZERO)


def credits_per_person(measure: str, year: int, users: list[int]) -> dict[int, Decimal]:
    """Each person's credited total of the year (the test of "the sum per person equals the sum
    of the orders")."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (person, _group), monthly in _credits(measure, year, users, None).items():
        totals[person] += sum(monthly, ZERO)
    return {person: total.quantize(CENT) for person, total in totals.items()}
