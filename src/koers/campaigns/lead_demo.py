"""Leads, responses and results for the demo (decision 140), after the campaigns of `demo.py`:

- the New Year's mailing sent last month gets its responses: some contacts clicked the link of
  the spring offer, a few replied (marked by marketing), three copies bounced;
- "Vakbeurs Techniek", a trade fair three weeks ago, where the account managers recorded
  leads: contacts of their own accounts and one of a colleague's (whose lead it becomes); three
  became opportunities, one of them won, so its results page shows revenue and a return.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from koers.accounts.models import Position
from koers.campaigns import lead_services, responses, services
from koers.campaigns.lead_models import Lead, Response, ResponseKind
from koers.campaigns.models import Campaign, MailingSend, SendStatus
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.sales.models import Stage
from koers.sales.opportunities.services.stages import opportunity_stage_change

NEEDS = (
    "Vervanging van de machines in de tweede hal.",
    "Meer volume in het najaar; vraagt om staffelprijzen.",
    "Wil de service-afspraken herzien.",
    "Nieuwe vestiging in Zwolle, zoekt een complete inrichting.",
)


def build(context: DemoContext, _rng: random.Random, *, mailing: Campaign) -> None:
    # An own stream of draws: the apps after campaigns draw from the shared one as before.
    rng = random.Random(context.seed + 140)
    marketing = mailing.owner
    responded = _mailing_responses(mailing, marketing, rng)
    managers = list(
        User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True).order_by("username")[:4]
    )
    if not managers:
        return
    fair = _fair(context, marketing)
    leads = _leads(context, fair, managers, rng)
    opportunities = _opportunities(leads)
    context.summary.append(
        f"{responded} responses to the mailing, a past trade fair with {len(leads)} leads "
        f"({opportunities} opportunities)"
    )


def _mailing_responses(campaign: Campaign, marketing: User, rng: random.Random) -> int:
    sends = list(
        MailingSend.objects.filter(mailing__campaign=campaign, status=SendStatus.SENT)
        .select_related("contact", "mailing__campaign")
        .order_by("pk")
    )
    if not sends:
        return 0
    count = 0
    for send in rng.sample(sends, max(1, len(sends) // 8)):
        at = send.sent_at + timedelta(hours=rng.randint(1, 72)) if send.sent_at else None
        responses.record_response(
            contact=send.contact,
            campaign=campaign,
            kind=ResponseKind.CLICK,
            send=send,
            at=at,
        )
        count += 1
    for send in rng.sample(sends, max(1, len(sends) // 25)):
        responses.mark_replied(actor=marketing, send=send, note="Graag een afspraak in februari.")
        count += 1
    answered = set(Response.objects.filter(campaign=campaign).values_list("send_id", flat=True))
    quiet = [send for send in sends if send.pk not in answered]
    for send in rng.sample(quiet, min(3, len(quiet))):
        responses.record_bounce(target=str(send.pk), reason="550 5.1.1 mailbox unavailable")
    return count


def _fair(context: DemoContext, marketing: User) -> Campaign:
    start = context.today - timedelta(days=23)
    return services.campaign_create(
        actor=marketing,
        data={
            "name": "Vakbeurs Techniek",
            "kind": "trade_fair",
            "starts_on": start,
            "ends_on": start + timedelta(days=2),
            "owner": marketing,
            "budget": Decimal("9000.00"),
            "actual_cost": Decimal("8400.00"),
            "goal_leads": 10,
            "goal_opportunities": 4,
            "goal_revenue": Decimal("40000.00"),
            "description": "Stand 4.112, drie dagen, met demonstraties.",
        },
    )


def _leads(
    context: DemoContext, fair: Campaign, managers: list[User], rng: random.Random
) -> list[Lead]:
    """Each account manager met three contacts of their own accounts and one of a colleague's,
    each known by e-mail: the lead goes to the contact's account manager. The demo adds no
    prospects, so the customer file keeps the size asked for (the tests that match a new
    prospect or a new contact are in tests/campaigns/test_leads.py)."""
    met = {
        manager.pk: list(
            Position.objects.filter(
                account__owner=manager, end_date__isnull=True, contact__erased_at__isnull=True
            )
            .exclude(contact__email="")
            .select_related("contact", "account")
            .order_by("pk")[:4]
        )
        for manager in managers
    }
    leads = []
    follow_up = context.today + timedelta(days=3)
    for n, manager in enumerate(managers):
        colleague = managers[(n + 1) % len(managers)]
        positions = met[manager.pk][:3] + met[colleague.pk][3:4]
        for m, position in enumerate(positions):
            contact = position.contact
            leads.append(
                lead_services.lead_record(
                    actor=manager,
                    campaign=fair,
                    name=contact.full_name[:100],
                    email=contact.email,
                    company=position.account.name,
                    need=NEEDS[(n + m) % len(NEEDS)] if m != 2 else "",
                    follow_up_on=follow_up + timedelta(days=rng.randint(0, 10)),
                    follow_up_kind=rng.choice(["phone_call", "visit", "email"]),
                )
            )
    day = timezone.make_aware(datetime.combine(fair.starts_on, time(11)))
    for n, lead in enumerate(leads):  # recorded at the stand, not today
        Lead.objects.filter(pk=lead.pk).update(created_at=day + timedelta(hours=n % 20))
    return leads


def _opportunities(leads: list[Lead]) -> int:
    chosen = [lead for lead in leads if lead.need][:3]
    for n, lead in enumerate(chosen):
        opportunity = lead_services.lead_convert(actor=lead.owner, lead=lead)
        amount = Decimal(18500 + 6500 * n)
        type(opportunity).objects.filter(pk=opportunity.pk).update(amount=amount)
        opportunity.refresh_from_db()
        if n == 0:
            opportunity_stage_change(actor=lead.owner, opportunity=opportunity, to=Stage.WON)
    return len(chosen)
