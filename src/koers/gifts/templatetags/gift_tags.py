"""Template filters of the gifts register."""

from __future__ import annotations

from decimal import Decimal

from django import template

from koers.core.pdf import money

register = template.Library()


@register.filter
def euro(value: Decimal | int | None) -> str:
    """An amount in euros in the reader's language: `€ 1.234,56` in Dutch."""
    return "" if value is None else money(value)
