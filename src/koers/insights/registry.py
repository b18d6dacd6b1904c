"""The indicator registry: every result indicator with its key, name, definition, formula and
source (shown next to the figure), how it is computed per account manager in the database, and
the list behind it (the drill-down, whose rows add up to the figure).

An indicator computes `Part`s grouped by account manager: a numerator and, for a ratio, a
denominator. A total over several people (a team, a company) is then the sum of the parts, and
a ratio is the summed numerator over the summed denominator, never an average of averages.
The area modules (`indicators/*.py`) register their indicators on import.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import DecimalField, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.functional import Promise

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.periods import Period

T = TypeVar("T")
WIDE: DecimalField[Decimal, Decimal] = DecimalField(max_digits=24, decimal_places=6)
ZERO = Decimal("0")
MONEY, COUNT, PERCENT = "money", "count", "percent"
# An average in days (the sales cycle): the summed days over the summed number of deals; an
# average of anything else (visits per week, years of a relationship), with one decimal.
DAYS, AVERAGE = "days", "average"
# Units whose figure is a ratio of the parts' sums, and what the ratio is multiplied by.
RATIOS = {PERCENT: 100, DAYS: 1, AVERAGE: 1}


@dataclass(frozen=True)
class Part:
    value: Decimal
    base: Decimal | None = None  # the denominator of a ratio


def combine(parts: Iterable[Part], unit: str) -> Decimal | None:
    """The figure of several parts: a sum, or for a percentage 100 x sum / sum of the bases,
    for days sum / sum of the bases (None when nothing counts)."""
    parts = list(parts)
    total = sum((p.value for p in parts), ZERO)
    if unit not in RATIOS:
        return total
    base = sum((p.base or ZERO for p in parts), ZERO)
    return (total * RATIOS[unit] / base).quantize(Decimal("0.1")) if base else None


@dataclass(frozen=True)
class Drill:
    """The rows behind a figure: a queryset (already scoped), its columns for the page and the
    export, a link to each row's own page, and what adds up to the figure."""

    rows: QuerySet[Any]
    columns: tuple[Column, ...]
    link: Callable[[Any], str] | None = None
    # The attribute of a row whose sum is the figure ("" for a count of rows or a ratio).
    total: str = ""
    # The rows' account manager, to narrow them to a team ("" where rows cannot be narrowed).
    owner: str = "owner"


# user None: over every row, for the team's anonymous distribution (docs/decisions.md, 130).
Compute = Callable[[User | None, Period, list[int] | None], Mapping[int, Part]]
DrillFor = Callable[[User, Period, int | None], Drill]
Light = Callable[[Decimal], str]


@dataclass(frozen=True)
class Indicator:
    key: str
    area: str
    name: str | Promise
    definition: str | Promise
    formula: str | Promise
    source: str | Promise
    unit: str
    compute: Compute
    drill: DrillFor
    # "good" / "warn" / "bad" against a target or norm; None where there is none.
    light: Light | None = None
    # False for a figure of the present (open complaints, contact status): the period and the
    # comparison with the previous one do not change it.
    per_period: bool = True
    # True where the figure can be narrowed to a product group (it sums order lines, which
    # carry their group); any other shows no figure when a product group is chosen
    # (decision 153), rather than the figure of every group.
    by_product_group: bool = False


REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    REGISTRY[indicator.key] = indicator
    return indicator


def indicators() -> list[Indicator]:
    from koers.insights.indicators import ORDER  # importing the areas registers them

    rank = {key: i for i, key in enumerate(ORDER)}
    return sorted(REGISTRY.values(), key=lambda i: rank.get(i.key, len(rank)))


def get(key: str) -> Indicator | None:
    indicators()
    return REGISTRY.get(key)


def narrowed(indicator: Indicator, period: Period) -> bool:
    """Whether the figure of `period` can be given: it counts every product group, or it can
    be narrowed to the one chosen."""
    return period.accounts.product_group is None or indicator.by_product_group


class NotNarrowed(Mapping[int, Part]):
    """The parts of a figure that cannot be narrowed to the product group chosen: none, and no
    query (`combine_or_none` gives None, shown as "—")."""

    def __getitem__(self, owner: int) -> Part:
        raise KeyError(owner)

    def __iter__(self) -> Iterator[int]:
        return iter(())

    def __len__(self) -> int:
        return 0


NOT_NARROWED = NotNarrowed()


def compute(
    indicator: Indicator, user: User | None, period: Period, owners: list[int] | None
) -> Mapping[int, Part]:
    """The indicator's parts over `period`, or `NOT_NARROWED` when a product group is chosen
    that the indicator cannot be narrowed to."""
    if not narrowed(indicator, period):
        return NOT_NARROWED
    return indicator.compute(user, period, owners)


def figure_of(parts: Mapping[int, Part], unit: str) -> Decimal | None:
    """`combine`, but None for a figure not narrowed to the product group chosen."""
    return None if isinstance(parts, NotNarrowed) else combine(parts.values(), unit)


def _part(value: Any, base: Any, has_base: bool) -> Part:
    return Part(Decimal(value or 0), Decimal(base or 0) if has_base else None)


class Parts(Mapping[int, Part]):
    """The parts of a grouped query (rows with the owner, `value` and optionally `base`), read
    when first asked, or before that with the other figures of the page in one statement
    (`run_together`)."""

    def __init__(self, rows: QuerySet[Any], owner: str) -> None:
        self.rows = rows
        self.owner = owner
        self.has_base = "base" in rows.query.annotations
        self._found: dict[int, Part] | None = None

    @property
    def waiting(self) -> bool:
        return self._found is None

    def fill(self, rows: Iterable[tuple[Any, Any, Any]]) -> None:
        self._found = {
            owner: _part(value, base, self.has_base)
            for owner, value, base in rows
            if owner is not None
        }

    def _parts(self) -> dict[int, Part]:
        if self._found is None:
            self.fill(
                (r[self.owner], r["value"], r.get("base"))
                for r in self.rows  # one query
            )
        assert self._found is not None
        return self._found

    def __getitem__(self, owner: int) -> Part:
        return self._parts()[owner]

    def __iter__(self) -> Iterator[int]:
        return iter(self._parts())

    def __len__(self) -> int:
        return len(self._parts())


def grouped(rows: QuerySet[Any], owner: str = "owner") -> Parts:
    """Parts from grouped rows with `owner`, `value` and optionally `base` (run when read)."""
    return Parts(rows, owner)


# SQLite allows 500 selects in one compound statement.
TOGETHER = 400


def run_together(found: Iterable[Mapping[int, Part]]) -> None:
    """Run the grouped queries of `found` not read yet as one statement (UNION ALL), a few
    hundred at a time: a page of figures is then a handful of round trips instead of one per
    figure and period (decision 150). Each branch keeps its own filters and scope; the value
    and base are cast to one decimal type so that every branch converts alike."""
    waiting = [p for p in found if isinstance(p, Parts) and p.waiting]
    for start in range(0, len(waiting), TOGETHER):
        chunk = waiting[start : start + TOGETHER]
        if len(chunk) == 1:
            chunk[0]._parts()
            continue
        branches = [
            p.rows.order_by()
            .annotate(
                _value=Cast("value", WIDE),
                _base=Cast("base" if p.has_base else Value(None), WIDE),
                _branch=Value(i),
            )
            .values_list(p.owner, "_value", "_base", "_branch")
            for i, p in enumerate(chunk)
        ]
        rows: dict[int, list[tuple[Any, Any, Any]]] = {i: [] for i in range(len(chunk))}
        for owner, value, base, branch in branches[0].union(*branches[1:], all=True):
            rows[branch].append((owner, value, base))
        for i, p in enumerate(chunk):
            p.fill(rows[i])


def by_owners(rows: QuerySet[Any], owners: list[int] | None, field: str = "owner") -> QuerySet[Any]:
    return rows if owners is None else rows.filter(**{f"{field}__in": owners})


# ------------------------------------------------------------------------ work shared by figures

# The work several figures of one page share, done once per page (decision 150): a reader's
# scope, the targets' yearly actuals (target realisation and coverage, this period and the
# one compared with). Set only inside `shared_work`, so nothing outlives the page.
_shared: ContextVar[dict[Hashable, Any] | None] = ContextVar("insights_shared", default=None)


@contextmanager
def shared_work() -> Iterator[None]:
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def once(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, or inside `shared_work` what it gave the first time for `key`."""
    shared = _shared.get()
    if shared is None:
        return make()
    if key not in shared:
        shared[key] = make()
    return shared[key]
