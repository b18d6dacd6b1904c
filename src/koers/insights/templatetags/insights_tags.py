"""How a figure is written: money in whole euros, a count, a percentage with one decimal."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from koers.core.pdf import money
from koers.insights.registry import AVERAGE, DAYS, MONEY, PERCENT

register = template.Library()


def shown(value: Decimal | int | float | None, unit: str) -> str:
    if value is None:
        return "—"
    number = Decimal(str(value))
    if unit == MONEY:
        return _euros(number)
    if unit == DAYS:
        shown_days = number_format(number.quantize(Decimal("0.1")), decimal_pos=1, use_l10n=True)
        return _("%(days)s d") % {"days": shown_days}
    if unit == AVERAGE:
        return number_format(number.quantize(Decimal("0.1")), decimal_pos=1, use_l10n=True)
    if unit == PERCENT:
        return f"{number_format(number.quantize(Decimal('0.1')), decimal_pos=1, use_l10n=True)} %"
    return number_format(
        number.quantize(Decimal(1)), decimal_pos=0, use_l10n=True, force_grouping=True
    )


def _euros(number: Decimal) -> str:
    """Whole euros: a dashboard reader wants the size, the list behind it has the cents."""
    return money(number.quantize(Decimal(1)))[:-3]  # without the ",00"


@register.filter
def figure(value: Decimal | None, unit: str) -> str:
    return shown(value, unit)


@register.filter
def change(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return sign + shown(value, unit)
