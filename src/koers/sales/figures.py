"""The figures of a quote that the mandate judges: amounts in euros, already rounded to cents."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LineFigures:
    key: str
    product_group_id: int | None
    list_amount: Decimal
    discount_amount: Decimal
    cost_amount: Decimal | None
    net_amount: Decimal


@dataclass(frozen=True)
class QuoteFigures:
    lines: tuple[LineFigures, ...]
    total_discount_amount: Decimal
    net_total: Decimal
    cost_total: Decimal | None
