"""Spreading an amount over parts by weights: a year over its months by a profile, an account
manager's target over accounts or product groups by percentages.

The parts are rounded to cents and always add up to the amount exactly: the cents lost to
rounding go to the parts with the largest remainders (largest-remainder method), so a year of
€ 100.000 spread evenly gives eight months of € 8.333,33 and four of € 8.333,34.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from koers.planning.models.targets import MONTHS, SpreadKind, SpreadProfile
from koers.sales.models.orders import REVENUE_STATUSES, Order

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class SpreadError(ValueError):
    """A spread that cannot be made: percentages missing, negative or not adding up."""


def split(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`amount` in parts proportional to `weights`, in cents, adding up to `amount`."""
    total = sum(weights, Decimal("0"))
    if total <= 0 or any(w < 0 for w in weights):
        raise SpreadError(_("The percentages must be positive and add up to more than 0."))
    exact = [amount * w / total for w in weights]
    parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int(((amount - sum(parts, Decimal("0"))) / CENT).to_integral_value())
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[:left]:
        parts[i] += CENT
    return parts


def check_percentages(values: Sequence[Decimal]) -> None:
    if len(values) != len(MONTHS):
        raise SpreadError(_("Give a percentage for each of the twelve months."))
    if any(v < 0 for v in values) or sum(values, Decimal("0")) != HUNDRED:
        raise SpreadError(_("The twelve percentages must add up to 100."))


def seasonality(year: int, product_group_id: int | None = None) -> list[Decimal]:
    """Last year's revenue per month (from delivered orders), as the weights of `year`."""
    lines = Order.objects.filter(
        status__in=REVENUE_STATUSES,
        delivered_on__gte=date(year - 1, 1, 1),
        delivered_on__lte=date(year - 1, 12, 31),
    )
    if product_group_id is not None:
        lines = lines.filter(lines__product_group=product_group_id)
        total = Sum("lines__net")
    else:
        total = Sum("net_total")
    rows = lines.values(month=ExtractMonth("delivered_on")).annotate(total=total)
    weights = [Decimal("0") for _m in MONTHS]
    for row in rows:
        weights[row["month"] - 1] = Decimal(row["total"] or 0)
    return weights


def month_weights(
    profile: SpreadProfile, year: int, product_group: tuple[int, str] | None = None
) -> list[Decimal]:
    """The twelve weights a profile gives `year` (for one product group: its id and code)."""
    if profile.kind == SpreadKind.EVEN:
        return [Decimal("1") for _m in MONTHS]
    if profile.kind == SpreadKind.SEASONALITY:
        weights = seasonality(year, product_group[0] if product_group else None)
        if sum(weights, Decimal("0")) <= 0:
            raise SpreadError(
                _("There were no delivered orders last year to take the seasons from.")
            )
        return weights
    percentages = profile.percentages
    chosen = percentages.get(product_group[1]) if product_group else None
    return [Decimal(str(v)) for v in (chosen or percentages.get("") or [])]
