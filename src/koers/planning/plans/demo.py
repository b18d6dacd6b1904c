"""Account plans for the demo (`manage.py demo`): plans of this year for customers whose account
manager has a team manager, in every state: drafts, submitted, returned with the manager's
comments, approved after a return (two drafts), and one approved plan revised during the year
and approved again. One action of each approved plan is planned as a visit. Made through the
services, by the owner and the manager, so every rule holds. Its own random stream."""

from __future__ import annotations

import random
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


def _write(account: Account, year: int, rng: random.Random) -> AccountPlan:
    owner = account.owner
    plan = services.plan_create(
        actor=owner,
        account=account,
        year=year,
        plan_type=rng.choice(("grow", "grow", "retain", "acquire")),
    )
    return services.plan_update(
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
    count = 0
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
        count += 1
        if count == PLANS:
            break
    context.summary.append(f"{count} account plans of {year}")
    demo_extras.build(context)
