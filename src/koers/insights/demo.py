"""The insights of the demo (`manage.py demo`): the app keeps no data of its own; its step checks
that the demo's orders, deals, quotes, complaints, contact states and targets give every
indicator a figure for an account manager this year, and says so in the summary. It adds the
subscriptions a team would have: each manager gets the team's figures every Monday, the first
account manager their own figures on the first of the month."""

from __future__ import annotations

import random

from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.insights import demo_snapshots, figures
from koers.insights.periods import Period
from koers.insights.reports import demo as reports_demo
from koers.insights.subscriptions import services as subscriptions
from koers.insights.subscriptions.models import Subscription


def build(context: DemoContext, rng: random.Random) -> None:
    demo_snapshots.build(context)
    people = [u for u in context.users.values() if u.role == Role.ACCOUNT_MANAGER]
    if not people:
        return
    person: User = min(people, key=lambda u: u.username)
    year = Period.of("year", context.today)
    found = figures.my_figures(person, year, compare=False)
    shown = sum(1 for f in found if f.value)
    managers = [u for u in context.users.values() if u.role == Role.MANAGER and u.email]
    # Once per person, also when the demo runs again over the same people.
    subscribed = set(Subscription.objects.values_list("user_id", flat=True))
    for manager in sorted(managers, key=lambda u: u.username):
        if manager.pk in subscribed:
            continue
        subscriptions.subscription_create(
            actor=manager, view="team", data="period=week&sort=revenue", frequency="weekly"
        )
    if person.email and person.pk not in subscribed:
        subscriptions.subscription_create(
            actor=person, view="dashboard", data="period=month", frequency="monthly"
        )
    context.summary.append(
        f"Insights: {shown} of {len(found)} indicators show a figure for {person.username} "
        f"in {context.today.year} (/insights/?period=year); {len(managers) + bool(person.email)} "
        "subscriptions (/insights/subscriptions/)"
    )
    reports_demo.build(context, rng)
