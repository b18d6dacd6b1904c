"""The indicator registry: every result indicator with its key, name, definition, formula and
source (shown next to the figure), how it is computed per account manager in the database, and
the list behind it (the drill-down, whose rows add up to the figure).

An indicator computes `Part`s grouped by account manager: a numerator and, for a ratio, a
denominator. A total over several people (a team, a company) is then the sum of the parts, and
a ratio is the summed numerator over the summed denominator, never an average of averages.
The area modules (`indicators/*.py`) register their indicators on import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.periods import Period

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
Compute = Callable[[User | None, Period, list[int] | None], dict[int, Part]]
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


def grouped(rows: Iterable[dict[str, Any]], owner: str = "owner") -> dict[int, Part]:
    """Parts from grouped rows with `owner`, `value` and optionally `base`."""
    return {
        r[owner]: Part(
            Decimal(r["value"] or 0), None if "base" not in r else Decimal(r["base"] or 0)
        )
        for r in rows
        if r[owner] is not None
    }


def by_owners(rows: QuerySet[Any], owners: list[int] | None, field: str = "owner") -> QuerySet[Any]:
    return rows if owners is None else rows.filter(**{f"{field}__in": owners})
