"""The sales app's demo step (`manage.py demo`): the catalogue and its prices, then the
opportunities (which price their products from it), the mandate, the quote templates, the
quotes, then the orders, and the portfolio's movement since (customers who grew, one lost)."""

from __future__ import annotations

import random

from koers.demo.context import DemoContext
from koers.sales.catalogue import demo as catalogue
from koers.sales.mandate import demo as mandate
from koers.sales.opportunities import demo as opportunities
from koers.sales.orders import demo as orders
from koers.sales.orders import movement_demo as movement
from koers.sales.quote_templates import demo as quote_templates
from koers.sales.quotes import demo as quotes


def build(context: DemoContext, rng: random.Random) -> None:
    catalogue.build(context, rng)
    opportunities.build(context, rng)
    mandate.build(context, rng)
    quote_templates.build(context, rng)
    quotes.build(context, rng)
    orders.build(context, rng)
    movement.build(context, rng)
