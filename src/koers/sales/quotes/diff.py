"""What changed between two versions of a quote: lines added, removed and changed (matched by
product, or by description for free lines), and the totals before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from koers.sales.models import QuoteLine, QuoteVersion

COMPARED = (
    "quantity",
    "unit_price",
    "discount_percent",
    "discount_amount",
    "vat_percentage",
    "optional",
    "net_amount",
)
TOTALS = ("net_total", "vat_total", "gross_total", "total_discount", "margin_percent")


@dataclass
class LineChange:
    description: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class VersionDiff:
    before: QuoteVersion
    after: QuoteVersion
    added: list[QuoteLine] = field(default_factory=list)
    removed: list[QuoteLine] = field(default_factory=list)
    changed: list[LineChange] = field(default_factory=list)
    totals: list[tuple[str, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.totals)


def _key(line: QuoteLine) -> tuple[Any, ...]:
    return ("p", line.product_id) if line.product_id else ("f", line.description.casefold())


def _keyed(lines: list[QuoteLine]) -> dict[tuple[Any, ...], QuoteLine]:
    out: dict[tuple[Any, ...], QuoteLine] = {}
    for line in lines:
        key = _key(line)
        while key in out:  # the same product twice: the second is its own line
            key = (*key, "+")
        out[key] = line
    return out


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def compare(before: QuoteVersion, after: QuoteVersion) -> VersionDiff:
    """`before` and `after` with their lines (`lines_of` each: two queries)."""
    from koers.sales.quotes.queries import lines_of

    old, new = _keyed(lines_of(before)), _keyed(lines_of(after))
    diff = VersionDiff(before, after)
    diff.added = [line for key, line in new.items() if key not in old]
    diff.removed = [line for key, line in old.items() if key not in new]
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        changes = [
            (_label(QuoteLine, name), getattr(a, name), getattr(b, name))
            for name in COMPARED
            if getattr(a, name) != getattr(b, name)
        ]
        if changes:
            diff.changed.append(LineChange(b.description, changes))
    diff.totals = [
        (_label(QuoteVersion, name), getattr(before, name), getattr(after, name))
        for name in TOTALS
        if getattr(before, name) != getattr(after, name)
    ]
    return diff
