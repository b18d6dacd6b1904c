"""The planning app's demo step: each part adds its own."""

from __future__ import annotations

import random

from koers.demo.context import DemoContext
from koers.planning.analysis import demo as analysis


def build(context: DemoContext, rng: random.Random) -> None:
    analysis.build(context, rng)
