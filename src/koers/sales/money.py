"""Money: `Decimal` euros, rounded to cents half up per line as a Dutch invoice does; never a
float (docs/decisions.md: how prices are resolved)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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


def spread(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` (whole cents) split over `weights` in proportion, in whole cents that add up
    to exactly `amount`: each share rounded down, the cents left over going to the largest
    remainders (the first of equal ones). All weights 0: everything on the first."""
    if not weights:
        return []
    total = sum(weights, Decimal("0"))
    if not total:
        return [amount, *([Decimal("0.00")] * (len(weights) - 1))]
    exact = [amount * w / total for w in weights]
    shares = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int((amount - sum(shares, Decimal("0"))) / CENT)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += CENT
    return shares
