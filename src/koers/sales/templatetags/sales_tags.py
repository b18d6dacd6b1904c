"""Template filters of the catalogue and its prices, and the pipeline board's card."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template import Context
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from koers.core.pdf import money
from koers.sales.models import Opportunity
from koers.sales.opportunities import cards

register = template.Library()
_CARD_PAGE = "sales.board_card.page"


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


@register.simple_tag(takes_context=True)
def board_card(context: Context, card: Opportunity) -> SafeString:
    """A card of the pipeline board (`opportunities/cards.py`); what its cards share is made
    once per template. With `asking` in the context (the lost or won question), the question
    takes the place of the card's stage menu."""
    page = context.render_context.get(_CARD_PAGE)
    if page is None:
        page = context.render_context[_CARD_PAGE] = cards.CardPage.of(context)
    ask = ""
    if context.get("asking") and page.may_move and card.is_open:
        template = context.template.engine.get_template(cards.ASK_TEMPLATE)  # type: ignore[union-attr]
        with context.push(card=card, pk=card.dom_id, move_url=card.move_url):  # type: ignore[attr-defined]
            ask = template.render(context)
    return cards.card_html(card, page, ask=ask)
