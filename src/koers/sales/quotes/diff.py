"""What changed between two versions of a quote: lines added, removed and changed (matched by
product, or by description for free lines), the totals and the terms before and after.

The same comparison runs against a snapshot of a version as inside sales reviewed it
(`snapshot_of`, kept in `QuoteReviewSnapshot`): a re-review shows only what changed since the
last review (decision 112)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
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
TERMS = ("valid_until", "discount_percent", "discount_amount", "delivery_terms", "payment_terms")
DECIMALS = {
    "quantity",
    "unit_price",
    "discount_percent",
    "discount_amount",
    "vat_percentage",
    "net_amount",
    *TOTALS,
}


@dataclass
class LineChange:
    description: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    line_id: int | None = None


@dataclass
class VersionDiff:
    before: QuoteVersion
    after: QuoteVersion
    added: list[QuoteLine] = field(default_factory=list)
    removed: list[QuoteLine] = field(default_factory=list)
    changed: list[LineChange] = field(default_factory=list)
    totals: list[tuple[str, Decimal | None, Decimal | None]] = field(default_factory=list)
    terms: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.totals or self.terms)

    @property
    def line_ids(self) -> set[int]:
        """The lines of `after` that are new or changed (the page marks their rows)."""
        ids = {line.pk for line in self.added if line.pk}
        return ids | {c.line_id for c in self.changed if c.line_id}


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


def _compare(
    before: QuoteVersion, old_lines: list[QuoteLine], after: QuoteVersion, lines: list[QuoteLine]
) -> VersionDiff:
    old, new = _keyed(old_lines), _keyed(lines)
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
            diff.changed.append(LineChange(b.description, changes, b.pk))
    diff.changed.sort(key=lambda change: change.line_id or 0)
    diff.totals = [
        (_label(QuoteVersion, name), getattr(before, name), getattr(after, name))
        for name in TOTALS
        if getattr(before, name) != getattr(after, name)
    ]
    diff.terms = [
        (_label(QuoteVersion, name), getattr(before, name), getattr(after, name))
        for name in TERMS
        if getattr(before, name) != getattr(after, name)
    ]
    return diff


def compare(before: QuoteVersion, after: QuoteVersion) -> VersionDiff:
    """`before` and `after` with their lines (`lines_of` each: two queries)."""
    from koers.sales.quotes.queries import lines_of

    return _compare(before, lines_of(before), after, lines_of(after))


def _dump(value: Any) -> Any:
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def _load(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "valid_until":
        return date.fromisoformat(value)
    return Decimal(value) if name in DECIMALS else value


def snapshot_of(version: QuoteVersion) -> dict[str, Any]:
    """What a review saw: the lines, the totals and the terms, as JSON."""
    from koers.sales.quotes.queries import lines_of

    lines = [
        {
            "product_id": line.product_id,
            "description": line.description,
            **{name: _dump(getattr(line, name)) for name in COMPARED},
        }
        for line in lines_of(version)
    ]
    fields = {name: _dump(getattr(version, name)) for name in (*TOTALS, *TERMS)}
    return {"number": version.number, "variant": version.variant, **fields, "lines": lines}


def compare_to_snapshot(data: dict[str, Any], after: QuoteVersion) -> VersionDiff:
    """`after` (with its lines: one query) against a snapshot of `snapshot_of`."""
    from koers.sales.quotes.queries import lines_of

    fields = {name: _load(name, data.get(name)) for name in (*TOTALS, *TERMS)}
    before = QuoteVersion(number=data.get("number", 1), variant=data.get("variant", ""), **fields)
    old_lines = [
        QuoteLine(
            product_id=row.get("product_id"),
            description=row.get("description", ""),
            **{name: _load(name, row.get(name)) for name in COMPARED},
        )
        for row in data.get("lines", [])
    ]
    return _compare(before, old_lines, after, lines_of(after))
