"""Market information for the demo (`manage.py demo`): the competitors met in deals get a
profile, each supplies a handful of demo accounts (for what, with an estimated share), and
colleagues recorded market signals over the past year, some made from a visit report.

Its own generator, seeded from the demo's seed, so the steps before it draw the same as ever.
"""

from __future__ import annotations

import random
from datetime import timedelta

from koers.accounts.models import Account, Segment
from koers.core import access
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.planning import services
from koers.planning.analysis import demo as analysis
from koers.planning.models import AccountCompetitor, ShareEstimate, SignalKind, SignalSource
from koers.planning.plans import demo as plans
from koers.planning.portfolio import demo as portfolio
from koers.planning.salesplans import demo as salesplans
from koers.planning.targets import demo as targets
from koers.relations.models import VisitReport
from koers.sales.models import Competitor, ProductGroup

PROFILES = (
    ("Vers vlees, vleeswaren", "Scherpe prijzen", "Levert vaak te laat", "lower"),
    ("Foodservice-assortiment, diepvries", "Breed assortiment", "Weinig advies", "same"),
    ("Biologisch vlees", "Kwaliteit en herkomst", "Duur, kleine capaciteit", "higher"),
    ("Online bestellen, vers vlees", "Snelle levering", "Geen accountmanagers", "lower"),
    ("Regionaal vers", "Dichtbij, flexibel", "Alleen in het noorden", "same"),
)
SUPPLIES = ("Vers vlees", "Vleeswaren", "Diepvries", "Kip", "Barbecue-assortiment")
SIGNALS = (
    (SignalKind.PRICE, "Varkensvlees wordt {n}% duurder in het voorjaar"),
    (SignalKind.COMPETITOR, "{competitor} biedt {n}% korting bij een jaarcontract"),
    (SignalKind.COMPETITOR, "{competitor} zoekt een nieuwe accountmanager in de regio"),
    (SignalKind.MARKET, "Vraag naar vegetarische vleesvervangers groeit met {n}%"),
    (SignalKind.PRODUCT, "Klanten vragen om kleinere verpakkingen"),
    (SignalKind.CUSTOMER, "{account} opent een nieuwe vestiging"),
    (SignalKind.CUSTOMER, "{account} herziet zijn inkoopbeleid"),
    (SignalKind.REGULATION, "Nieuwe etiketteringsregels voor herkomst vanaf volgend jaar"),
)
SIGNALS_PER_PERSON = 8


def build(context: DemoContext, rng: random.Random) -> None:
    _market(context)
    analysis.build(context, rng)
    plans.build(context, rng)
    portfolio.build(context, rng)
    targets.build(context)
    salesplans.build(context, rng)


def _market(context: DemoContext) -> None:
    rng = random.Random(context.seed * 11 + 14)
    competitors = list(Competitor.objects.order_by("pk"))
    accounts = list(
        Account.objects.filter(status="customer").select_related("owner").order_by("pk")[:120]
    )
    if not competitors or not accounts:
        return
    for competitor, (products, strengths, weaknesses, price) in zip(
        competitors, PROFILES, strict=False
    ):
        competitor.products, competitor.strengths = products, strengths
        competitor.weaknesses, competitor.price_position = weaknesses, price
        competitor.save()
    presences = _presences(accounts, competitors, rng)
    _earlier_shares(context, rng)
    signals = _signals(context, accounts, competitors, rng)
    signals += _from_reports()
    context.summary.append(
        f"{signals} market signals over a year, {presences} competitors present at accounts"
    )


def _presences(accounts: list[Account], competitors: list[Competitor], rng: random.Random) -> int:
    count = 0
    for account in rng.sample(accounts, min(40, len(accounts))):
        for competitor in rng.sample(competitors, rng.randint(1, min(2, len(competitors)))):
            services.account_competitor_set(
                actor=account.owner,
                account=account,
                competitor=competitor,
                supplies=rng.choice(SUPPLIES),
                share=rng.choice((None, 10, 20, 30, 40, 60)),
            )
            count += 1
    return count


def _earlier_shares(context: DemoContext, rng: random.Random) -> None:
    """About a third of the shares were estimated differently half a year ago (the history
    a changed share keeps, dated in the past: the service dates a change today)."""
    for presence in AccountCompetitor.objects.filter(share__isnull=False).order_by("pk"):
        if rng.random() > 0.35 or presence.share is None:
            continue
        before = context.today - timedelta(days=rng.randint(120, 240))
        ShareEstimate.objects.create(
            presence=presence,
            share=max(0, min(100, presence.share + rng.choice((-20, -10, 10, 20)))),
            estimated_on=before,
            replaced_on=context.today,
            replaced_by=presence.updated_by,
        )


def _signals(
    context: DemoContext,
    accounts: list[Account],
    competitors: list[Competitor],
    rng: random.Random,
) -> int:
    people = list(
        User.objects.filter(
            is_active=True,
            role__in=[Role.ACCOUNT_MANAGER, Role.MANAGER, Role.MARKETING, Role.INSIDE_SALES],
        ).order_by("username")
    )
    segments = list(Segment.objects.order_by("pk"))
    groups = list(ProductGroup.objects.filter(parent__isnull=True).order_by("pk"))
    count = 0
    for person in people:
        own = [a for a in accounts if a.owner_id == person.pk] or accounts
        for _ in range(SIGNALS_PER_PERSON):
            kind, title = rng.choice(SIGNALS)
            competitor = rng.choice(competitors)
            account = rng.choice(own)
            tied_account = kind == SignalKind.CUSTOMER or rng.random() < 0.3
            readable = tied_account and access.can_read_account(person, account)
            services.signal_record(
                actor=person,
                title=title.format(n=rng.randint(3, 15), competitor=competitor, account=account),
                date=context.today - timedelta(days=rng.randint(0, 364)),
                kind=kind,
                source=rng.choice(SignalSource.values),
                importance=rng.choice((1, 2, 2, 3)),
                accounts=[account] if readable else [],
                segments=[rng.choice(segments)] if segments and rng.random() < 0.4 else [],
                product_groups=[rng.choice(groups)] if groups and rng.random() < 0.4 else [],
                competitors=[competitor] if kind == SignalKind.COMPETITOR else [],
            )
            count += 1
    return count


def _from_reports() -> int:
    """A few visit reports' market information made a signal by their author."""
    reports = list(
        VisitReport.objects.exclude(market_info="")
        .select_related("activity__account", "author")
        .order_by("pk")[:5]
    )
    count = 0
    for report in reports:
        if access.can_read_account(report.author, report.activity.account):
            services.signal_from_report(
                actor=report.author, report=report, kind=SignalKind.COMPETITOR
            )
            count += 1
    return count
