"""Template filters of the catalogue and its prices."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from koers.core.pdf import money

register = template.Library()


@register.filter
def euro(value: Decimal | int | None) -> str:
    """An amount in euros in the reader's language: `€ 1.234,56` in Dutch."""
    return "" if value is None else money(value)


@register.filter
def quantity(value: Decimal | None) -> str:
    """A quantity without trailing zeros, in the reader's language: 2,5 / 10."""
    if value is None:
        return ""
    normal = value.normalize()
    places = max(0, -normal.as_tuple().exponent)  # type: ignore[operator]
    return number_format(normal, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    normal = value.normalize()
    places = max(0, -normal.as_tuple().exponent)  # type: ignore[operator]
    return f"{number_format(normal, decimal_pos=places, use_l10n=True)} %"
