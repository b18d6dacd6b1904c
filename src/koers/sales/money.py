"""Money: `Decimal` euros, rounded to cents half up per line as a Dutch invoice does; never a
float (docs/decisions.md: how prices are resolved)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def cents(amount: Decimal) -> Decimal:
    """`amount` rounded to whole cents, a half cent up (away from zero): 0.005 -> 0.01."""
    if not isinstance(amount, Decimal):
        raise TypeError("money is a Decimal, never a float")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    """The net amount of one line: unit price times quantity, rounded once, on the line."""
    return cents(unit_price * quantity)


def vat_amount(net: Decimal, percentage: Decimal) -> Decimal:
    """The VAT on a line's net amount, rounded to cents half up."""
    return cents(net * percentage / HUNDRED)


def margin_percent(price: Decimal, cost: Decimal) -> Decimal | None:
    """The margin on the selling price in percent, one decimal; None for a price of 0."""
    if not price:
        return None
    return ((price - cost) * HUNDRED / price).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
