"""The insights of the demo (`manage.py demo`): the app keeps no data of its own; its step checks
that the demo's orders, deals, quotes, complaints, contact states and targets give every
indicator a figure for an account manager this year, and says so in the summary."""

from __future__ import annotations

import random

from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.insights import demo_snapshots, figures
from koers.insights.periods import Period


def build(context: DemoContext, rng: random.Random) -> None:
    demo_snapshots.build(context)
    people = [u for u in context.users.values() if u.role == Role.ACCOUNT_MANAGER]
    if not people:
        return
    person: User = min(people, key=lambda u: u.username)
    year = Period.of("year", context.today)
    found = figures.my_figures(person, year, compare=False)
    shown = sum(1 for f in found if f.value)
    context.summary.append(
        f"Insights: {shown} of {len(found)} indicators show a figure for {person.username} "
        f"in {context.today.year} (/insights/?period=year)"
    )
