"""Opportunities for the demo (`manage.py demo`): deals in every stage over the past year, won
and lost ones with their reasons, with the DMU of the deal, products from the catalogue, and
the competitors met.

Made through the services (so every deal has its stage changes, its DMU and its history), then
dated back: the stage changes spread from the day the deal started to its last move, so that a
stage's duration and the conversion have something to show. Its own random stream (from the
seed), so that the steps after it draw as before.

Then most open deals get activities of their own from those the relations step planned at the
account: the next planned one (the deal's next step) for about two in three, and one or two done
since the deal started for about half. The others keep the account's general activities or none,
so that some deals lack a next step and the stale rule has something to flag.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.accounts.models import Account, Position
from koers.demo.context import DemoContext
from koers.relations.models import Activity, ActivityStatus
from koers.relations.services import activity_plan
from koers.sales.models import (
    OPEN_STAGES,
    Competitor,
    DealActivity,
    LostReason,
    Opportunity,
    Product,
    Stage,
    StageChange,
    WonReason,
)
from koers.sales.opportunities import services

COMPETITORS = (
    ("Van Dijk Vleesgroothandel", "https://www.example.nl/vandijk"),
    ("De Groot Foodservice", "https://www.example.nl/degroot"),
    ("Meester Vlees", ""),
    ("FreshMeat Direct", "https://www.example.com/freshmeat"),
    ("Noord Vers", ""),
)
TITLES = (
    ("Vaste leverancier vers vlees", "Eén leverancier voor al het verse vlees van de winkels."),
    ("Assortiment kip uitbreiden", "Meer kipproducten, ook kant-en-klaar."),
    ("Barbecuepakketten zomer", "Seizoensassortiment voor de zomermaanden."),
    ("Vleeswaren voor de lunchroom", "Gesneden vleeswaren in kleinere verpakkingen."),
    ("Biologisch rundvlees", "Klanten vragen om biologisch vlees."),
    ("Feestdagenassortiment", "Gourmet- en fondueschotels voor december."),
    ("Vervanging huidige leverancier", "Ontevreden over de levertijden van de huidige."),
)
SOLUTIONS = (
    "Wekelijkse levering met vaste prijsafspraak per kwartaal.",
    "Proefperiode van vier weken met ons standaardassortiment.",
    "Maatwerkverpakking en levering twee keer per week.",
)
# How many deals end in each stage.
SPREAD = {
    Stage.PREPARE: 5,
    Stage.QUALIFY: 6,
    Stage.NEEDS: 6,
    Stage.PROPOSAL: 7,
    Stage.NEGOTIATION: 5,
    Stage.WON: 14,
    Stage.LOST: 10,
}
PATH: list[str] = [s.value for s in OPEN_STAGES]


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 7 + 5)
    admin_made = [
        Competitor.objects.get_or_create(name=name, defaults={"website": site})[0]
        for name, site in COMPETITORS
    ]
    accounts = list(
        Account.objects.filter(status__in=["customer", "prospect"])
        .select_related("owner")
        .order_by("pk")[:200]
    )
    products = list(Product.objects.filter(active_until__isnull=True).order_by("pk")[:40])
    if not accounts:
        return
    made = 0
    for stage, count in SPREAD.items():
        for _ in range(count):
            _make(rng.choice(accounts), stage, rng, admin_made, products)
            made += 1
    linked = _link_activities(random.Random(context.seed * 7 + 6))
    context.summary.append(f"{made} opportunities ({linked} activities for a deal)")


# The share of open deals with a planned activity of their own, and with done ones.
PLANNED_SHARE = 0.65
DONE_SHARE = 0.5
NEXT_STEPS = (
    ("visit", "Offerte bespreken: {title}"),
    ("visit", "Proeverij op locatie: {title}"),
    ("phone_call", "Nabellen: {title}"),
    ("video_call", "Voorstel toelichten: {title}"),
)


def _link_activities(rng: random.Random) -> int:
    """Gives open deals activities of their own: done ones the relations step made at the
    account since the deal started (rows written directly, each activity at most one deal of its
    account, as the service checks), and a next step, the account's next planned activity or,
    when it has none, one planned for the deal through the service."""
    taken: set[int] = set()
    links = []
    deals = Opportunity.objects.filter(stage__in=OPEN_STAGES).select_related("account", "owner")
    for deal in deals.order_by("pk"):
        at_account = Activity.objects.filter(
            account_id=deal.account_id, deal_link__isnull=True
        ).exclude(pk__in=taken)
        chosen: list[int] = []
        if rng.random() < DONE_SHARE:
            done = at_account.filter(
                status=ActivityStatus.DONE, planned_start__gte=deal.created_at
            ).order_by("-planned_start")
            chosen += list(done.values_list("pk", flat=True)[: rng.randint(1, 2)])
        if rng.random() < PLANNED_SHARE:
            planned = at_account.filter(
                status=ActivityStatus.PLANNED, planned_start__gte=timezone.now()
            ).order_by("planned_start")
            first = planned.values_list("pk", flat=True).first()
            if first is None:
                _next_step(deal, rng)  # planned with its link by the service
            else:
                chosen.append(first)
        taken.update(chosen)
        links += [DealActivity(activity_id=pk, opportunity_id=deal.pk) for pk in chosen]
    DealActivity.objects.bulk_create(links)
    return DealActivity.objects.count()


def _next_step(deal: Opportunity, rng: random.Random) -> None:
    kind, subject = rng.choice(NEXT_STEPS)
    day = timezone.localdate() + timedelta(days=rng.randint(2, 20))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, time(rng.randint(9, 15))))
    activity_plan(
        actor=deal.owner,
        account=deal.account,
        kind=kind,
        subject=subject.format(title=deal.title)[:200],
        planned_start=start,
        duration=60 if kind == "visit" else 30,
        links={"opportunity": deal.pk},
    )


def _path_to(stage: str, rng: random.Random) -> list[str]:
    if stage in OPEN_STAGES:
        return PATH[1 : PATH.index(stage) + 1]
    last = rng.randint(2, len(PATH) - 1)
    return [*PATH[1 : last + 1], stage]


def _make(
    account: Account,
    stage: str,
    rng: random.Random,
    competitors: list[Competitor],
    products: list[Product],
) -> None:
    owner = account.owner
    now = timezone.now()
    today = timezone.localdate()
    closed = stage not in OPEN_STAGES
    started_days = rng.randint(30, 360) if closed else rng.randint(5, 120)
    contacts = [
        p.contact
        for p in Position.objects.filter(account=account, end_date__isnull=True)
        .select_related("contact")
        .order_by("pk")[: rng.randint(1, 3)]
    ]
    title, need = rng.choice(TITLES)
    chosen = rng.sample(products, 2) if len(products) >= 2 else []
    lines = [(p, Decimal(rng.choice([5, 10, 25, 50, 100]))) for p in chosen]
    close_on = today + timedelta(days=rng.randint(-10, 150))
    opportunity = services.opportunity_create(
        actor=owner,
        account=account,
        title=title,
        need=need,
        solution=rng.choice(SOLUTIONS),
        close_on=close_on,
        source=rng.choice(["visit", "visit", "campaign", "inbound", "upsell", "cross_sell"]),
        contacts=contacts,
        amount=Decimal(rng.randrange(2_000, 80_000, 250)),
        lines=lines if rng.random() < 0.5 else (),
        competitors=rng.sample(competitors, rng.randint(0, 2)),
    )
    if rng.random() < 0.5:
        services.opportunity_qualify(
            actor=owner,
            opportunity=opportunity,
            scores={name: rng.randint(1, 3) for name in ("q_budget", "q_need", "q_fit")},
            decision="continue",
        )
    ended_days = rng.randint(0, started_days - 1) if closed else 0
    for to in _path_to(stage, rng):
        extra: dict[str, Any] = {}
        if to == Stage.WON:
            extra["won_on"] = today - timedelta(days=ended_days)
            extra["won_reason"] = _won_reason(opportunity.pk)
        if to == Stage.LOST:
            extra = _lost(rng, competitors, contacts)
        opportunity = services.opportunity_stage_change(
            actor=owner, opportunity=opportunity, to=to, **extra
        )
    date_back(opportunity, now - timedelta(days=started_days), now - timedelta(days=ended_days))


def _won_reason(pk: int) -> str:
    """A reason for most won deals, one in eight without (as a quote's acceptance leaves it).
    Taken from the id, not `rng`: the draws after it stay what they were."""
    reasons = [*WonReason.values, ""]
    return reasons[pk % len(reasons)]


def _lost(rng: random.Random, competitors: list[Competitor], contacts: list[Any]) -> dict[str, Any]:
    reason = rng.choice(list(LostReason))
    return {
        "lost_reason": reason,
        "lost_to": rng.choice(competitors) if reason == LostReason.COMPETITOR else None,
        "price_gap": Decimal(rng.randint(3, 15)) if reason == LostReason.PRICE else None,
        "decided_by": contacts[0] if contacts else None,
        "lost_note": "Prijs en levertijd gaven de doorslag.",
    }


def date_back(opportunity: Opportunity, start: datetime, end: datetime) -> None:
    """Spreads the stage changes from `start` to `end`; a closed deal closed at `end`."""
    changes = list(StageChange.objects.filter(opportunity=opportunity).order_by("pk"))
    span = end - start
    for i, change in enumerate(changes):
        at = start + span * (i / max(1, len(changes) - 1))
        StageChange.objects.filter(pk=change.pk).update(at=at)
    Opportunity.objects.filter(pk=opportunity.pk).update(created_at=start)
    if opportunity.is_closed:
        close_on = timezone.localdate(end)
        Opportunity.objects.filter(pk=opportunity.pk).update(closed_at=end, close_on=close_on)
