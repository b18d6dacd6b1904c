"""Campaigns in the benchmark: a campaign per week over two years, each with an empty live
selection; and the scenarios of the campaign list and of a selection's preview over the whole
customer file (issue 17: "a selection over the 300,000 contacts previewed in under 1 s")."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from bench.apps import campaign_events, campaign_leads
from bench.scenario import Scenario, Subjects
from koers.accounts.models import Contact
from koers.campaigns.models import (
    Campaign,
    CampaignKind,
    Mailing,
    MailingSend,
    MailingStatus,
    Selection,
    SendStatus,
)
from koers.core.models import Role, User

if TYPE_CHECKING:
    from bench.generate import Generator

WEEKS = 104
NAMES = ("Voorjaarsmailing", "Vakbeurs", "Seminar inkoop", "Webinar nieuw assortiment")


def campaigns(g: Generator) -> int:
    owner = User.objects.filter(role=Role.MARKETING).order_by("pk").first()
    if owner is None:
        return 0
    kinds = list(CampaignKind.values)
    start = date.today() - timedelta(weeks=WEEKS - 8)
    made = Campaign.objects.bulk_create(
        Campaign(
            name=f"{g.rng.choice(NAMES)} {n + 1}",
            kind=kinds[n % len(kinds)],
            starts_on=start + timedelta(weeks=n),
            ends_on=start + timedelta(weeks=n, days=g.rng.randint(0, 14)),
            owner=owner,
            budget=Decimal(g.rng.randint(5, 250) * 100),
        )
        for n in range(WEEKS)
    )
    Selection.objects.bulk_create(Selection(campaign=c) for c in made)
    return len(made)


MAILED = 20_000


def mailings(g: Generator) -> int:
    """The latest campaign's mailing, sent to up to MAILED contacts (one copy each, a few
    skipped and unsubscribed): what the sends page lists and counts."""
    campaign = Campaign.objects.order_by("-starts_on", "-pk").first()
    if campaign is None:
        return 0
    mailing = Mailing.objects.create(
        campaign=campaign,
        subject_nl="Voorjaar",
        body_nl="{salutation},",
        subject_en="Spring",
        body_en="{salutation},",
        status=MailingStatus.SENT,
        created_by=campaign.owner,
    )
    contacts = Contact.objects.order_by("pk").values_list("pk", flat=True)[:MAILED]
    MailingSend.objects.bulk_create(
        (
            MailingSend(
                mailing=mailing,
                contact_id=pk,
                status=SendStatus.SKIPPED if n % 20 == 0 else SendStatus.SENT,
                batch=1 + n // 50,
                unsubscribed_at=timezone.now() if n % 97 == 0 else None,
            )
            for n, pk in enumerate(contacts)
        ),
        batch_size=2000,
    )
    return 1


GENERATE = [("campaigns", campaigns), ("mailings", mailings), *campaign_events.GENERATE]


def counts() -> dict[str, int]:
    return {
        "campaigns": Campaign.objects.count(),
        "mailing sends": MailingSend.objects.count(),
        **campaign_events.counts(),
    }


def subjects(s: Subjects) -> None:
    """The latest campaign, whose selection marketing previews."""
    # 0 in a database generated before campaigns existed: only --only runs without them.
    s.campaign_id = (
        Campaign.objects.order_by("-starts_on", "-pk").values_list("pk", flat=True).first() or 0
    )
    s.mailing_id = Mailing.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    campaign_events.subjects(s)
    campaign_leads.subjects(s)


def _customers(s: Subjects, i: int) -> dict[str, Any]:
    return {"statuses": "customer", "buying_roles": ["decider", "buyer"]}


SCENARIOS = [
    Scenario("campaign list, marketing", url="/campaigns/", persona="marketing"),
    Scenario(
        "campaign list, busy account manager", url="/campaigns/", persona="busy_account_manager"
    ),
    # The count of every contact with a current position, each checked for consent and opt-out.
    Scenario(
        "selection preview, all contacts, marketing",
        url="/campaigns/{campaign_id}/selection/preview/",
        persona="marketing",
        note="no filter: every contact of the file",
    ),
    Scenario(
        "selection preview, customers' deciders and buyers, marketing",
        url="/campaigns/{campaign_id}/selection/preview/",
        persona="marketing",
        params=_customers,
    ),
    # The counts per status of every copy, and the first page of copies.
    Scenario("mailing sends, marketing", url="/mailings/{mailing_id}/sends/", persona="marketing"),
    Scenario("mailing page, marketing", url="/mailings/{mailing_id}/", persona="marketing"),
    *campaign_events.SCENARIOS,
]

# Leads, responses and results (decision 140) keep their own module.
GENERATE += campaign_leads.GENERATE
SCENARIOS += campaign_leads.SCENARIOS
