"""The forecast: per month of expected close, what the open deals are worth and what was won.

For the scope (an owner, or a team: `scope.py`), per owner and in total, per month from this
month on (6 or 12 months) and the open deals whose expected close date is past ("overdue"):

- the open deals' count, value and weighted value (value x probability: the deal's override,
  else the stage's default);
- the committed part: the deals in negotiation and those won in that month (`COMMITTED_STAGES`);
- the value won in that month (its won date), beside it, also for the three months before.

Two grouped queries whatever the number of deals: the open deals by owner, month, stage and
overdue; the won deals by owner and month. The revenue credit split between colleagues is not
applied: a deal counts for its owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from koers.core.models import User
from koers.sales.models import OPEN_STAGES, Opportunity, Stage
from koers.sales.money import cents
from koers.sales.opportunities import queries
from koers.sales.opportunities.board import (
    SUM_FIELD,
    default_probabilities,
    value_sums,
    weighted_of,
)
from koers.sales.opportunities.scope import Scope

MONTHS = (6, 12)
DEFAULT_MONTHS = 6
PAST_MONTHS = 3
OVERDUE = "overdue"
ZERO = Decimal("0.00")


def months_param(value: Any) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and int(text) in MONTHS else DEFAULT_MONTHS


def add_months(day: date, n: int) -> date:
    """The first of the month `n` months after `day`'s month."""
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Line:
    """One row of the forecast: a month (or the overdue deals) for one owner or in total."""

    key: str  # "overdue" or "YYYY-MM"
    month: date | None
    past: bool = False
    count: int = 0
    value: Decimal = ZERO
    weighted: Decimal = ZERO
    committed: Decimal = ZERO
    won: Decimal = ZERO
    won_count: int = 0

    def add(self, other: Line) -> None:
        self.count += other.count
        self.value += other.value
        self.weighted += other.weighted
        self.committed += other.committed
        self.won += other.won
        self.won_count += other.won_count


@dataclass
class Table:
    """The lines of one owner (or of the scope in total), and their sum."""

    owner: User | None
    lines: list[Line]
    total: Line = field(default_factory=lambda: Line("total", None))

    def summed(self) -> Table:
        for line in self.lines:
            self.total.add(line)
        return self

    @property
    def is_empty(self) -> bool:
        return not (self.total.count or self.total.won_count)


@dataclass
class Forecast:
    months: int
    total: Table
    owners: list[Table]


def _keys(today: date, months: int) -> list[tuple[str, date | None, bool]]:
    this_month = today.replace(day=1)
    keys: list[tuple[str, date | None, bool]] = [(OVERDUE, None, False)]
    for n in range(-PAST_MONTHS, months):
        month = add_months(this_month, n)
        keys.append((month.strftime("%Y-%m"), month, n < 0))
    return keys


def forecast(user: User, scope: Scope, months: int) -> Forecast:
    today = timezone.localdate()
    keys = _keys(today, months)
    this_month = today.replace(day=1)
    start, end = add_months(this_month, -PAST_MONTHS), add_months(this_month, months)
    # Summed over every deal of the scope: the members as a list, each one's deals sought in
    # the pipeline index, which holds every column the sums read (docs/decisions.md, 134).
    rows = scope.narrow(queries.opportunities_readable(user), listed=True)
    defaults = default_probabilities()
    tables: dict[int, dict[str, Line]] = {}

    def line(owner_id: int, key: str) -> Line | None:
        lines = tables.get(owner_id)
        if lines is None:
            lines = tables[owner_id] = {k: Line(k, m, past) for k, m, past in keys}
        return lines.get(key)

    for row in _open(rows, today, end):
        key = OVERDUE if row["overdue"] else row["month"].strftime("%Y-%m")
        target = line(row["owner_id"], key)
        if target is None:
            continue
        weighted = weighted_of(row, defaults)
        total = Decimal(row["total"] or 0)
        target.count += row["n"]
        target.value += total
        target.weighted += weighted
        if row["stage"] == Stage.NEGOTIATION:
            target.committed += total
    for row in _won(rows, start, end):
        target = line(row["owner_id"], row["month"].strftime("%Y-%m"))
        if target is None:
            continue
        won = Decimal(row["total"] or 0)
        target.won += won
        target.won_count += row["n"]
        target.committed += won
    owners = {u.pk: u for u in User.objects.filter(pk__in=list(tables))}
    per_owner = [
        Table(owners.get(pk), [_rounded(x) for x in lines.values()]).summed()
        for pk, lines in tables.items()
    ]
    per_owner.sort(key=lambda t: (t.owner.get_full_name(), t.owner.pk) if t.owner else ("", 0))
    overall = Table(None, [Line(k, m, past) for k, m, past in keys])
    for table in per_owner:
        for mine, theirs in zip(overall.lines, table.lines, strict=True):
            mine.add(theirs)
    return Forecast(months, overall.summed(), per_owner)


def _rounded(line: Line) -> Line:
    line.value, line.weighted = cents(line.value), cents(line.weighted)
    line.committed, line.won = cents(line.committed), cents(line.won)
    return line


def _open(rows: QuerySet[Opportunity], today: date, end: date) -> QuerySet[Any]:
    """The open deals expected to close before `end`, by owner, month, stage and overdue."""
    overdue = Case(When(close_on__lt=today, then=Value(True)), default=Value(False))
    return (
        rows.filter(stage__in=OPEN_STAGES, close_on__lt=end)
        .order_by()
        .annotate(month=TruncMonth("close_on"), overdue=overdue)
        .values("owner_id", "month", "stage", "overdue")
        .annotate(**value_sums())
    )


def _won(rows: QuerySet[Opportunity], start: date, end: date) -> QuerySet[Any]:
    """The deals won from `start` to before `end`, by owner and month of the won date."""
    return (
        rows.filter(stage=Stage.WON, won_on__gte=start, won_on__lt=end)
        .order_by()
        .annotate(month=TruncMonth("won_on"))
        .values("owner_id", "month")
        .annotate(n=Count("*"), total=Sum("amount", output_field=SUM_FIELD))
    )
