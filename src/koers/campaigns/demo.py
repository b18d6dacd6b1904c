"""Campaigns for the demo (`manage.py demo`): iris of marketing sent a New Year's mailing last
month to the deciders and buyers of the A and B customers, whose selection she froze after an
account manager removed one of their contacts by hand; and she is preparing a trade fair next
month for the north of the country (postcodes 1000 to 3999), its selection still live.

Contacts without consent, or who opted out, are left out of both with the reason.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from koers.campaigns import services
from koers.campaigns.models import Campaign, SelectionMember
from koers.campaigns.selection import Criteria
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.sales.models import ProductGroup


def build(context: DemoContext, rng: random.Random) -> None:
    marketing = User.objects.filter(role=Role.MARKETING).order_by("username").first()
    if marketing is None:
        return
    today = context.today
    groups = list(ProductGroup.objects.filter(parent__isnull=True, active=True)[:2])
    start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    mailing = services.campaign_create(
        actor=marketing,
        data={
            "name": "Nieuwjaarsmailing",
            "kind": "mailing",
            "starts_on": start,
            "ends_on": start + timedelta(days=14),
            "owner": marketing,
            "budget": Decimal("1500.00"),
            "actual_cost": Decimal("1240.00"),
            "goal_responses": 60,
            "goal_leads": 15,
            "description": "Nieuwjaarswens met het voorjaarsaanbod.",
            "product_groups": groups,
        },
    )
    criteria = Criteria(tiers=["A", "B"], statuses=["customer"], buying_roles=["decider", "buyer"])
    services.selection_save(actor=marketing, campaign=mailing, criteria=criteria)
    _remove_one_by_hand(mailing, rng)
    services.selection_freeze(actor=marketing, campaign=mailing)

    fair_start = today + timedelta(days=30)
    fair = services.campaign_create(
        actor=marketing,
        data={
            "name": "Vakbeurs Noord",
            "kind": "trade_fair",
            "starts_on": fair_start,
            "ends_on": fair_start + timedelta(days=2),
            "owner": marketing,
            "budget": Decimal("12500.00"),
            "goal_leads": 40,
            "goal_opportunities": 10,
            "goal_revenue": Decimal("150000.00"),
            "product_groups": groups[:1],
        },
    )
    criteria = Criteria(postcode_from=1000, postcode_to=3999, statuses=["customer", "prospect"])
    services.selection_save(actor=marketing, campaign=fair, criteria=criteria)
    mailing.selection.refresh_from_db()
    context.summary.append(
        f"2 campaigns (a frozen mailing to {mailing.selection.included} contacts, a trade fair)"
    )


def _remove_one_by_hand(campaign: Campaign, rng: random.Random) -> None:
    """An account manager leaves out one of their included contacts (a customer who is
    negotiating and should not get an offer now)."""
    members = list(
        SelectionMember.objects.filter(selection=campaign.selection, reason="")
        .select_related("contact", "account__owner")
        .order_by("pk")[:20]
    )
    if not members:
        return
    member = rng.choice(members)
    if member.account is not None:
        owner = member.account.owner
        services.selection_remove_contact(actor=owner, campaign=campaign, contact=member.contact)
