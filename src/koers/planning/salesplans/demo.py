"""Sales plans for the demo (`manage.py demo`): one organisation-wide action (a promotion of a
product group this spring, defined by a manager), and a plan of this year for each account
manager with a team manager: three proposals at their own accounts (one working out the
action), proposed targets and an activity plan. Most plans are submitted and decided: the
first proposal adopted, the second adopted with a lower revenue, the third rejected; one plan
is asked for more, one stays a draft. Made through the services, so every rule holds. Its own
random stream."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from koers.accounts.models import Account
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.planning.models import SalesAction, SalesPlan
from koers.planning.salesplans import sales_actions, services, workflow
from koers.planning.salesplans.workflow import managers_of
from koers.sales.models import ProductGroup

PROPOSALS = (
    ("Vleeswaren erbij in het assortiment", "Klant koopt vleeswaren nog bij een concurrent."),
    ("Barbecuepakket voor de zomer", "Vraag naar barbecue groeit; voorjaarsactie loopt."),
    ("Jaarcontract vers vlees", "Concurrent biedt korting bij een jaarcontract."),
)
ACTION = "Voorjaarsactie barbecue"
MARKET = "Vraag naar gemak en kleinere verpakkingen groeit; vlees wordt duurder."
TRADE = "Foodservice trekt aan na een rustig jaar; meer ketens kopen centraal in."
COMPETITORS = "Een concurrent biedt korting bij jaarcontracten en levert sneller."


def _fresh(plan: SalesPlan) -> SalesPlan:
    return SalesPlan.objects.get(pk=plan.pk)


def _action(year: int) -> SalesAction | None:
    definer = User.objects.filter(role=Role.MANAGER, is_active=True).order_by("pk").first()
    if definer is None:
        return None
    found = SalesAction.objects.filter(name=ACTION, starts_on=date(year, 4, 1)).first()
    if found is not None:  # the demo run again on the same people
        return found
    groups = list(ProductGroup.objects.filter(active=True).order_by("position", "code")[:1])
    return sales_actions.sales_action_save(
        actor=definer,
        name=ACTION,
        starts_on=date(year, 4, 1),
        ends_on=date(year, 6, 30),
        description="Tien procent korting op het barbecue-assortiment bij een vaste bestelling.",
        product_groups=groups,
    )


def _write(
    owner: User, year: int, accounts: list[Account], action: SalesAction | None, rng: random.Random
) -> SalesPlan:
    plan = services.sales_plan_create(
        actor=owner,
        year=year,
        period_kind="year",
        market_developments=MARKET,
        branch_developments=TRADE,
        competitor_developments=COMPETITORS,
    )
    for i, (title, why) in enumerate(PROPOSALS):
        account = accounts[i % len(accounts)]
        proposal = services.proposal_add(
            actor=owner,
            plan=plan,
            title=title,
            account=account,
            sales_action=action if i == 1 else None,
            rationale=why,
            expected_revenue=Decimal(rng.randrange(10_000, 80_000, 2_500)),
            action_cost=Decimal(rng.randrange(250, 3_000, 250)),
        )
        services.action_add(
            actor=owner,
            plan=plan,
            title=f"Bezoek: {title.lower()}",
            account=account,
            due_on=date(year, 3 + 3 * i, 15),
            proposal=proposal,
        )
    services.target_add(
        actor=owner,
        plan=plan,
        measure="revenue",
        amount=Decimal(rng.randrange(150_000, 400_000, 10_000)),
    )
    return plan


def _decide(plan: SalesPlan, manager: User, story: int) -> None:
    owner = plan.owner
    if story == 0:
        return  # a draft
    workflow.sales_plan_submit(actor=owner, plan=_fresh(plan))
    proposals = list(plan.proposals.order_by("position", "pk"))
    workflow.proposal_decide(actor=manager, proposal=proposals[0], decision="adopt")
    workflow.proposal_decide(
        actor=manager,
        proposal=proposals[1],
        decision="adjust",
        adjusted_revenue=(proposals[1].expected_revenue * Decimal("0.8")).quantize(Decimal(1)),
        comment="Reken met een voorzichtiger omzet.",
    )
    workflow.proposal_decide(
        actor=manager,
        proposal=proposals[2],
        decision="reject",
        comment="Geen korting op vers vlees dit jaar.",
    )
    if story == 1:
        workflow.sales_plan_ask_more(
            actor=manager,
            plan=_fresh(plan),
            comment="Het team komt tekort op de doelstelling: kun je nog een voorstel doen?",
        )


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 23 + 15)
    year = context.today.year
    action = _action(year)
    count = 0
    owners = User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True).order_by("pk")
    for owner in owners:
        managers = managers_of(owner)
        accounts = list(
            Account.objects.filter(owner=owner, parent__isnull=True, status="customer").order_by(
                "pk"
            )[:3]
        )
        if not managers or not accounts:
            continue
        if SalesPlan.objects.filter(owner=owner, year=year, period_kind="year").exists():
            continue  # the demo run again on the same people keeps their plans
        plan = _write(owner, year, accounts, action, rng)
        _decide(plan, managers[0], count % 4)
        count += 1
    context.summary.append(f"{count} sales plans of {year}")
