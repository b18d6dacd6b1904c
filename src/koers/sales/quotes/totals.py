"""The totals of a quote, computed once, here, as a Dutch invoice does (decision: how a quote's
totals are rounded). Pure functions over frozen dataclasses: no database, so the page, the API,
the stored totals and the mandate all get the same cents.

Per line:  amount = cents(quantity x unit price); discount = cents(amount x % / 100) or the
           amount given; net = amount - discount (never below 0).
Total:     subtotal = sum of net of the counted lines (an optional line counts once it is chosen);
           the discount on the total (a % of the subtotal rounded to cents, or an amount) is
           spread over the VAT rates in proportion to their nets, in whole cents;
           per rate: base = nets - its share, VAT = cents(base x rate / 100), rounded once per
           rate; net total = subtotal - discount; gross = net total + sum of VAT.
Cost and margin: cost = cents(quantity x cost price); a total cost only when every counted line
has one (a margin over part of the cost would flatter the quote).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from koers.sales.figures import LineFigures, QuoteFigures
from koers.sales.money import HUNDRED, cents, margin_percent, spread

ZERO = Decimal("0.00")


class TotalsError(ValueError):
    """Figures that no quote may have (a quantity of 0 or less, a discount above the amount);
    the services refuse them with a message before they get here."""


@dataclass(frozen=True)
class LineIn:
    key: str
    quantity: Decimal
    unit_price: Decimal
    vat_percentage: Decimal
    list_price: Decimal | None = None
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    cost_price: Decimal | None = None
    counted: bool = True
    group: str = ""
    product_group_id: int | None = None


@dataclass(frozen=True)
class LineOut:
    key: str
    group: str
    counted: bool
    amount: Decimal  # quantity x unit price, in cents
    discount: Decimal
    net: Decimal
    list_amount: Decimal  # quantity x list price, in cents
    cost: Decimal | None
    margin: Decimal | None
    margin_percent: Decimal | None
    vat_percentage: Decimal
    product_group_id: int | None


@dataclass(frozen=True)
class VatOut:
    percentage: Decimal
    nets: Decimal  # the nets of the lines at this rate
    discount: Decimal  # this rate's share of the discount on the total
    base: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineOut, ...]
    groups: tuple[tuple[str, Decimal], ...]  # (group key, subtotal of its counted lines)
    subtotal: Decimal
    discount: Decimal
    net: Decimal
    vat_lines: tuple[VatOut, ...]
    vat: Decimal
    gross: Decimal
    cost: Decimal | None
    margin: Decimal | None
    margin_percent: Decimal | None

    def line(self, key: str) -> LineOut:
        return next(line for line in self.lines if line.key == key)

    def group(self, key: str) -> Decimal:
        return dict(self.groups).get(key, ZERO)


def line_discount(amount: Decimal, percent: Decimal | None, fixed: Decimal | None) -> Decimal:
    if percent is not None and fixed is not None:
        raise TotalsError("a discount is a percentage or an amount, not both")
    if percent is not None:
        if not ZERO <= percent <= HUNDRED:
            raise TotalsError("a discount percentage is between 0 and 100")
        return cents(amount * percent / HUNDRED)
    if fixed is not None:
        if fixed < 0 or fixed > amount:
            raise TotalsError("a discount amount is between 0 and the line's amount")
        return cents(fixed)
    return ZERO


def compute_line(line: LineIn) -> LineOut:
    if line.quantity <= 0:
        raise TotalsError("a quantity is above 0")
    if line.unit_price < 0:
        raise TotalsError("a unit price is 0 or more")
    amount = cents(line.quantity * line.unit_price)
    discount = line_discount(amount, line.discount_percent, line.discount_amount)
    net = amount - discount
    list_price = line.list_price if line.list_price is not None else line.unit_price
    cost = cents(line.quantity * line.cost_price) if line.cost_price is not None else None
    return LineOut(
        key=line.key,
        group=line.group,
        counted=line.counted,
        amount=amount,
        discount=discount,
        net=net,
        list_amount=cents(line.quantity * list_price),
        cost=cost,
        margin=net - cost if cost is not None else None,
        margin_percent=margin_percent(net, cost) if cost is not None else None,
        vat_percentage=line.vat_percentage,
        product_group_id=line.product_group_id,
    )


def total_discount(subtotal: Decimal, percent: Decimal | None, fixed: Decimal | None) -> Decimal:
    if percent is not None and fixed is not None:
        raise TotalsError("a discount on the total is a percentage or an amount, not both")
    if fixed is not None and fixed > subtotal:
        raise TotalsError("a discount on the total is at most the subtotal")
    return line_discount(subtotal, percent, fixed)


def _vat_lines(counted: list[LineOut], discount: Decimal) -> tuple[VatOut, ...]:
    rates = sorted({line.vat_percentage for line in counted})
    nets = [sum((x.net for x in counted if x.vat_percentage == r), ZERO) for r in rates]
    shares = spread(discount, nets)
    return tuple(
        VatOut(
            percentage=rate,
            nets=net,
            discount=share,
            base=net - share,
            vat=cents((net - share) * rate / HUNDRED),
        )
        for rate, net, share in zip(rates, nets, shares, strict=True)
    )


def compute(
    lines: list[LineIn] | tuple[LineIn, ...],
    *,
    discount_percent: Decimal | None = None,
    discount_amount: Decimal | None = None,
) -> Totals:
    """The totals of a version's lines and its discount on the total."""
    out = tuple(compute_line(line) for line in lines)
    counted = [line for line in out if line.counted]
    subtotal = sum((line.net for line in counted), ZERO)
    discount = total_discount(subtotal, discount_percent, discount_amount)
    vat_lines = _vat_lines(counted, discount)
    vat = sum((v.vat for v in vat_lines), ZERO)
    net = subtotal - discount
    costs = [line.cost for line in counted]
    cost = sum((c for c in costs if c is not None), ZERO) if None not in costs else None
    groups: dict[str, Decimal] = {}
    for line in out:
        groups.setdefault(line.group, ZERO)
        if line.counted:
            groups[line.group] += line.net
    return Totals(
        lines=out,
        groups=tuple(groups.items()),
        subtotal=subtotal,
        discount=discount,
        net=net,
        vat_lines=vat_lines,
        vat=vat,
        gross=net + vat,
        cost=cost,
        margin=net - cost if cost is not None else None,
        margin_percent=margin_percent(net, cost) if cost is not None else None,
    )


def figures(totals: Totals) -> QuoteFigures:
    """What the mandate judges (`sales/figures.py`): the counted lines and the totals."""
    lines = tuple(
        LineFigures(
            key=line.key,
            product_group_id=line.product_group_id,
            list_amount=line.list_amount,
            discount_amount=line.list_amount - line.net,
            cost_amount=line.cost,
            net_amount=line.net,
        )
        for line in totals.lines
        if line.counted
    )
    return QuoteFigures(
        lines=lines,
        total_discount_amount=totals.discount,
        net_total=totals.net,
        cost_total=totals.cost,
    )
