"""Account plans for the demo (`manage.py demo`): plans of this year for customers whose account
manager has a team manager, in every state: drafts, submitted, returned with the manager's
comments, approved after a return (two drafts), and one approved plan revised during the year
and approved again. One action of each approved plan is planned as a visit. Made through the
services, by the owner and the manager, so every rule holds. Its own random stream.

Monitoring (decision 127): the goals have targets (the revenue goal the expected revenue), so
the plan page shows progress; the approved plans have a review held by the manager, the first
two a recorded deviation cause with its corrective action; each team's plans of the year have
a deadline."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from koers.accounts.models import Account
from koers.core.models import Team, User
from koers.demo.context import DemoContext
from koers.planning.models import AccountPlan, PlanAction
from koers.planning.plans import demo_extras, services

PLANS = 12
# The states, in turn: what happens to the plan after it is written.
STORIES = ("draft", "submitted", "returned", "approved", "approved_after_return", "revised")
RISKS = (
    "Concurrent biedt een jaarcontract met korting",
    "Nieuwe inkoper kent ons nog niet",
    "Vestigingen kopen steeds vaker zelf in",
)
AGREEMENTS = (
    "Elk kwartaal een gesprek met de eigenaar",
    "Proefbestelling van het nieuwe assortiment in het voorjaar",
)


def _manager_of(user: User) -> User | None:
    team = Team.objects.filter(members=user, manager__isnull=False).exclude(manager=user).first()
    return team.manager if team else None


def _fresh(plan: AccountPlan) -> AccountPlan:
    return AccountPlan.objects.get(pk=plan.pk)


# Targets per metric, from the plan's expected revenue (no draw: the stream stays as it was).
SHARE_TARGET, VISITS_TARGET, MARGIN_SHARE = Decimal(25), Decimal(8), Decimal("0.2")
CAUSES = (
    ("competitor", "Concurrent zakt 5 % in prijs", "Bezoek de inkoper met een jaaraanbod"),
    ("availability", "Nieuw assortiment later leverbaar", "Proefbestelling naar het voorjaar"),
)


def _targets(plan: AccountPlan) -> None:
    expected = plan.expected_revenue or Decimal(0)
    targets = {
        "revenue": expected,
        "margin": (expected * MARGIN_SHARE).quantize(Decimal(1)),
        "share_of_wallet": SHARE_TARGET,
        "visits": VISITS_TARGET,
    }
    for goal in plan.goals.all():
        if goal.metric in targets:
            services.goal_update(actor=plan.owner, goal=goal, data={"target": targets[goal.metric]})


def _write(account: Account, year: int, rng: random.Random) -> AccountPlan:
    owner = account.owner
    plan = services.plan_create(
        actor=owner,
        account=account,
        year=year,
        plan_type=rng.choice(("grow", "grow", "retain", "acquire")),
    )
    plan = services.plan_update(
        actor=owner,
        plan=plan,
        expected_version=plan.version,
        data={
            "situation": "Vaste klant; groeit in vers, koopt vleeswaren nog elders.",
            "customer_goals": "Minder leveranciers\nMeer kant-en-klaar in de winkel",
            "expected_revenue": Decimal(rng.randrange(40_000, 400_000, 5_000)),
            "investment_hours": Decimal(rng.randrange(20, 120, 10)),
            "investment_money": Decimal(rng.randrange(500, 8_000, 250)),
            "agreements": rng.choice(AGREEMENTS),
            "risks": rng.choice(RISKS),
        },
    )
    _targets(plan)
    return _fresh(plan)


def _follow_up(plan: AccountPlan, manager: User, today: date, causes: int) -> int:
    """A review held by the manager a week ago and, for the first plans, a deviation cause on
    the first goal with a target. Returns the causes recorded."""
    services.review_record(
        actor=manager,
        plan=plan,
        held_on=today - timedelta(days=7),
        goals_still_right=True,
        actions_on_track=True,
        deviations_explained=causes < len(CAUSES),
        customer_spoken=True,
        outcome="Loopt volgens plan; omzet in vers blijft achter, actie afgesproken.",
    )
    goal = plan.goals.filter(target__isnull=False).order_by("position").first()
    if causes >= len(CAUSES) or goal is None:
        return 0
    cause, comment, action = CAUSES[causes]
    services.deviation_record(
        actor=plan.owner, goal=goal, cause=cause, comment=comment, corrective_action=action
    )
    return 1


def _story(plan: AccountPlan, story: str, manager: User) -> None:
    owner = plan.owner
    if story == "draft":
        return
    services.plan_submit(actor=owner, plan=plan)
    if story == "submitted":
        return
    if story in ("returned", "approved_after_return"):
        services.plan_return(
            actor=manager,
            plan=_fresh(plan),
            comment="Onderbouw de verwachte omzet met de cijfers van vorig jaar.",
        )
        if story == "returned":
            return
        services.plan_submit(actor=owner, plan=_fresh(plan))
    services.plan_approve(actor=manager, plan=_fresh(plan))
    action = PlanAction.objects.filter(goal__plan=plan).order_by("goal__position", "pk").first()
    if action is not None:
        services.action_plan_activity(actor=owner, action=action)
    if story == "revised":
        services.plan_revise(
            actor=owner, plan=_fresh(plan), reason="De klant opent een tweede vestiging."
        )
        services.plan_submit(actor=owner, plan=_fresh(plan))
        services.plan_approve(actor=manager, plan=_fresh(plan))


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 19 + 14)
    year = context.today.year
    count = causes = reviews = 0
    for account in (
        Account.objects.filter(
            status="customer", parent__isnull=True, owner__role="account_manager"
        )
        .select_related("owner")
        .order_by("pk")[: PLANS * 3]
    ):
        manager = _manager_of(account.owner)
        if manager is None or not services.may_own(account.owner):
            continue
        plan = _write(account, year, rng)
        _story(plan, STORIES[count % len(STORIES)], manager)
        plan = _fresh(plan)
        if plan.status == "approved":
            causes += _follow_up(plan, manager, context.today, causes)
            reviews += 1
        count += 1
        if count == PLANS:
            break
    _deadlines(year)
    context.summary.append(
        f"{count} account plans of {year} ({reviews} reviewed, {causes} deviation causes)"
    )
    demo_extras.build(context)


def _deadlines(year: int) -> None:
    """The plans of the year are due at the end of January, for every team with a manager."""
    for team in Team.objects.filter(manager__isnull=False).select_related("manager"):
        manager = team.manager
        if manager is not None:
            services.deadline_set(actor=manager, team=team, year=year, submit_by=date(year, 1, 31))
