"""How the figures and ratios of an account analysis are shown, in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _number(value: Decimal, places: int) -> str:
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def amount(value: Decimal | int | None) -> str:
    """A business figure in euros: whole euros unless it has cents (`€ 1.234.500`)."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"€ {_number(value, places)}"


@register.filter
def count(value: Decimal | None) -> str:
    """A number of employees: without a trailing ,0."""
    if value is None:
        return ""
    return _number(value, 0 if value == value.to_integral_value() else 1)


@register.filter
def shown(value: Decimal | None, kind: str) -> str:
    """A ratio's value as its kind is shown: 1,45 / 32,5 % / € 12.000."""
    if value is None:
        return ""
    if kind == "percent":
        return f"{_number(value, 1)} %"
    if kind == "euro":
        return amount(value)
    if kind == "count":
        return count(value)
    return _number(value, 2)


@register.filter
def figure(value: Decimal | None, name: str) -> str:
    return count(value) if name == "employees" else amount(value)
