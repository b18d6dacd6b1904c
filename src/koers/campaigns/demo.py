"""Campaigns for the demo (`manage.py demo`): iris of marketing sent a New Year's mailing last
month to the deciders and buyers of the A and B customers, whose selection she froze after an
account manager removed one of their contacts by hand; and she is preparing a trade fair next
month for the north of the country (postcodes 1000 to 3999), its selection still live.

Contacts without consent, or who opted out, are left out of both with the reason.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from koers.campaigns import event_demo, lead_demo, mailing_services, services
from koers.campaigns.models import (
    Campaign,
    MailingSend,
    MailingStatus,
    SelectionMember,
    SendStatus,
)
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
    sent = _sent_mailing(mailing, marketing, rng)

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
        f"2 campaigns (a mailing sent to {sent} contacts with unsubscribes, a trade fair)"
    )
    event_demo.build(context, marketing, rng)
    lead_demo.build(context, rng, mailing=mailing)  # responses, a past fair's leads


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


TEXTS = {
    "subject_nl": "Gelukkig nieuwjaar, {first_name}",
    "body_nl": "{salutation},\n\nWe wensen iedereen bij {account} een goed nieuwjaar. In januari "
    "staat ons voorjaarsaanbod klaar; {account_manager} vertelt je er graag meer over.",
    "subject_en": "Happy New Year, {first_name}",
    "body_en": "{salutation},\n\nWe wish everyone at {account} a happy New Year. Our spring "
    "offer is ready in January; {account_manager} is happy to tell you more.",
}


def _sent_mailing(campaign: Campaign, marketing: User, rng: random.Random) -> int:
    """The mailing as the worker left it last month, written as rows (the demo sends no mail):
    a copy per included contact, sent on the campaign's first day; a few contacts unsubscribed
    through their link since."""
    mailing = mailing_services.mailing_create(actor=marketing, campaign=campaign, data=TEXTS)
    day = timezone.make_aware(datetime.combine(campaign.starts_on, time(9)))
    members = SelectionMember.objects.filter(selection=campaign.selection, reason="")
    MailingSend.objects.bulk_create(
        MailingSend(
            mailing=mailing,
            contact_id=member.contact_id,
            account_id=member.account_id,
            status=SendStatus.SENT,
            email=member.contact.email,
            language=member.contact.preferred_language or "nl",
            batch=1 + n // 50,
            attempts=1,
            sent_at=day + timedelta(minutes=n // 50),
        )
        for n, member in enumerate(members.select_related("contact").order_by("pk"))
    )
    type(mailing).objects.filter(pk=mailing.pk).update(
        status=MailingStatus.SENT,
        tested_version=mailing.version,
        sent_by=marketing,
        started_at=day,
        finished_at=day + timedelta(minutes=5),
    )
    sends = list(MailingSend.objects.filter(mailing=mailing).order_by("pk"))
    for send in rng.sample(sends, min(3, len(sends))):
        mailing_services.unsubscribe(send_id=send.pk, via="page")
        MailingSend.objects.filter(pk=send.pk).update(
            unsubscribed_at=day + timedelta(days=rng.randint(1, 10))
        )
    return len(sends)
