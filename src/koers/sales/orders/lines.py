"""The arithmetic of one order line, in one small function, so that the quotes' totals and the
orders' can become one (docs/decisions.md, "Orders").

Every amount is a `Decimal` in euros, rounded to cents half up once per line, as a Dutch invoice
does: the order's totals are the sums of the rounded lines (`sales/money.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from koers.sales.money import HUNDRED, cents, vat_amount


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal  # after the discount, without VAT
    cost: Decimal
    vat: Decimal

    @property
    def margin(self) -> Decimal:
        return self.net - self.cost


def line_amounts(
    *,
    quantity: Decimal,
    unit_price: Decimal,
    discount: Decimal = Decimal("0"),
    unit_cost: Decimal = Decimal("0"),
    vat_percentage: Decimal = Decimal("0"),
) -> LineAmounts:
    """Net: quantity x unit price less the discount (a percentage), rounded once; cost: quantity
    x unit cost, rounded; VAT: on the rounded net, rounded."""
    gross = unit_price * quantity
    net = cents(gross - gross * discount / HUNDRED)
    return LineAmounts(
        net=net, cost=cents(unit_cost * quantity), vat=vat_amount(net, vat_percentage)
    )
