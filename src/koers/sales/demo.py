"""The sales app's demo step (`manage.py demo`): the catalogue and its prices; the opportunities
of a later part add theirs here."""

from __future__ import annotations

import random

from koers.demo.context import DemoContext
from koers.sales.catalogue import demo as catalogue


def build(context: DemoContext, rng: random.Random) -> None:
    catalogue.build(context, rng)
