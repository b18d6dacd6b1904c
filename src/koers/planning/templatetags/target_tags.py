"""How target figures are shown in the grid, in the reader's language: `8.333,33`, `100.000`."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def target_number(value: Decimal | int | None) -> str:
    """Whole numbers without decimals, others with two (the grid's script does the same)."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def month_value(months: list[Decimal | None], index: int) -> Decimal | None:
    return months[index]
