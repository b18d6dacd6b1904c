"""Leads, responses and results in the benchmark (decision 140), part of `campaigns.py`: the
latest campaign (the one with the mailing of 20,000 copies) gets its responses (a click on
every tenth copy, a reply on every fiftieth), leads at accounts spread over the account
managers, and opportunities with the campaign as source; the scenarios are its results page
and its list of leads."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from bench.scenario import Scenario, Subjects
from koers.accounts.models import Position
from koers.campaigns.lead_models import Lead, LeadMatch, Response, ResponseKind
from koers.campaigns.models import Campaign, MailingSend, SendStatus
from koers.sales.models import Opportunity, Source

if TYPE_CHECKING:
    from bench.generate import Generator

LEADS = 2_000
DEALS = 300


def responses(g: Generator) -> int:
    campaign = Campaign.objects.order_by("-starts_on", "-pk").first()
    if campaign is None:
        return 0
    sends = MailingSend.objects.filter(mailing__campaign=campaign, status=SendStatus.SENT)
    rows = []
    for n, (pk, contact, account, sent) in enumerate(
        sends.order_by("pk").values_list("pk", "contact_id", "account_id", "sent_at")
    ):
        at = (sent or timezone.now()) + timedelta(hours=1 + n % 48)
        for kind, every in ((ResponseKind.CLICK, 10), (ResponseKind.REPLY, 50)):
            if n % every == 0:
                rows.append(
                    Response(
                        campaign=campaign,
                        contact_id=contact,
                        account_id=account,
                        send_id=pk,
                        kind=kind,
                        at=at,
                    )
                )
    Response.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def leads(g: Generator) -> int:
    campaign = Campaign.objects.order_by("-starts_on", "-pk").first()
    if campaign is None:
        return 0
    positions = (
        Position.objects.filter(end_date__isnull=True)
        .order_by("pk")
        .values_list("contact_id", "account_id", "account__owner_id")[: LEADS * 5 : 5]
    )
    today = timezone.localdate()
    made = Lead.objects.bulk_create(
        (
            Lead(
                campaign=campaign,
                name=f"Lead {n}",
                company=f"Bedrijf {n}",
                need="Meer weten over het aanbod",
                follow_up_on=today + timedelta(days=n % 20),
                match=LeadMatch.CONTACT,
                account_id=account,
                contact_id=contact,
                owner_id=owner,
                recorded_by_id=owner,
            )
            for n, (contact, account, owner) in enumerate(positions)
        ),
        batch_size=2000,
    )
    deals = list(Opportunity.objects.order_by("pk").values_list("pk", flat=True)[:DEALS])
    Opportunity.objects.filter(pk__in=deals).update(source=Source.CAMPAIGN, campaign=campaign)
    return len(made)


GENERATE = [("campaign responses", responses), ("campaign leads", leads)]


def subjects(s: Subjects) -> None:
    """The campaign with the leads (the latest), read by marketing and by the busy account
    manager."""
    s.lead_campaign_id = (
        Lead.objects.order_by("-campaign_id").values_list("campaign_id", flat=True).first() or 0
    )


SCENARIOS = [
    # Every figure an aggregate over the campaign's copies, responses, leads and deals.
    Scenario(
        "campaign results, marketing",
        url="/campaigns/{lead_campaign_id}/results/",
        persona="marketing",
    ),
    Scenario(
        "campaign leads, marketing",
        url="/campaigns/{lead_campaign_id}/leads/",
        persona="marketing",
    ),
    Scenario(
        "campaign leads, busy account manager",
        url="/campaigns/{lead_campaign_id}/leads/",
        persona="busy_account_manager",
    ),
]
