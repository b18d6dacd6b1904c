"""Portfolio movement for the demo (`manage.py demo`), after the orders: two customers who
ordered before grow (an upsell and a cross-sell deal, won a few weeks ago, whose orders were
delivered) and one customer who stopped ordering long ago is recorded as a former customer by
their account manager today. So the dashboard's "Upsell and cross-sell", "New product groups"
and "Customers lost" have their facts.

Made through the services (the deals' stage changes, the orders' status changes, the account's
history row); the deals are dated back as the opportunities step does. Dated within this year
(a day that would fall in the year before is taken as 1 January), so that the year's dashboard
shows them in January too. Its own random stream (from the seed), so that the steps after it
draw as before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max, Q
from django.utils import timezone

from koers.accounts.models import Account, Position
from koers.accounts.services import account_update
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.sales.models import (
    OPEN_STAGES,
    REVENUE_STATUSES,
    Opportunity,
    Order,
    OrderStatus,
    Product,
    Source,
    Stage,
)
from koers.sales.opportunities import services as deals
from koers.sales.opportunities.demo import date_back
from koers.sales.orders import services
from koers.sales.orders.services import LineIn

# The moves of a deal from its first stage to won.
WON_PATH = (Stage.QUALIFY, Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION, Stage.WON)


@dataclass(frozen=True)
class Growth:
    source: str
    title: str
    need: str
    won_days_ago: int  # the deal won and the order placed
    delivered_after: int  # days from the order to its delivery
    invoiced_after: int  # days from the delivery to the invoice (when that day has come)


GROWTH = (
    Growth(
        Source.UPSELL,
        "Grotere afname vaste producten",
        "De klant opent een tweede keuken en neemt meer van wat hij al bestelt.",
        won_days_ago=30,
        delivered_after=4,
        invoiced_after=10,
    ),
    Growth(
        Source.CROSS_SELL,
        "Nieuwe productgroep erbij",
        "De klant wil ook een productgroep die hij nog niet bij ons koopt.",
        won_days_ago=12,
        delivered_after=3,
        invoiced_after=14,
    ),
)
LOST_NOTE = "Klant verloren: bestelt sinds {day} niet meer en koopt nu bij een concurrent."


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 11 + 5)
    processor = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if processor is None:
        return
    grown = _growth(context.today, rng, processor)
    lost = _lost()
    context.summary.append(
        f"{grown} upsell and cross-sell deals won and delivered, {lost} customer lost"
    )


def _in_year(today: date, days_ago: int) -> date:
    return max(today - timedelta(days=days_ago), today.replace(month=1, day=1))


def _customers() -> list[Account]:
    """Customers of an account manager with a delivered order, main accounts, in a fixed order."""
    delivered = Order.objects.filter(status__in=REVENUE_STATUSES).values("account")
    return list(
        Account.objects.filter(
            status="customer",
            parent__isnull=True,
            owner__role=Role.ACCOUNT_MANAGER,
            pk__in=delivered,
        )
        .select_related("owner")
        .order_by("pk")
    )


def _growth(today: date, rng: random.Random, processor: User) -> int:
    made = 0
    owners: set[int] = set()
    for growth in GROWTH:
        won_on = _in_year(today, growth.won_days_ago)
        found = _grower(growth, won_on, owners, rng)
        if found is None:
            continue
        account, lines = found
        owners.add(account.owner_id)
        deal = _won_deal(account, growth, lines, won_on)
        _order(deal, growth, lines, won_on, today, processor)
        made += 1
    return made


def _grower(
    growth: Growth, won_on: date, owners: set[int], rng: random.Random
) -> tuple[Account, list[tuple[Product, Decimal]]] | None:
    """The first customer of another account manager than `owners` who ordered before the
    deal, with the products it grows in."""
    for account in _customers():
        if account.owner_id in owners:
            continue
        if not Order.objects.filter(account=account, ordered_on__lt=won_on).exists():
            continue
        lines = _products(account, growth.source, rng)
        if lines:
            return account, lines
    return None


def _products(account: Account, source: str, rng: random.Random) -> list[tuple[Product, Decimal]]:
    """Upsell: more of two products the customer bought before; cross-sell: two products of a
    main product group it never bought from."""
    bought = Product.objects.filter(
        pk__in=Order.objects.filter(account=account).values("lines__product")
    ).order_by("pk")
    if source == Source.UPSELL:
        chosen = list(bought.filter(active_until__isnull=True)[:2])
        return [(p, Decimal(rng.choice([40, 60, 80]))) for p in chosen]
    groups = set(bought.values_list("group__parent", flat=True)) | set(
        bought.values_list("group", flat=True)
    )
    other = (
        Product.objects.filter(active_until__isnull=True)
        .exclude(group__in=groups)
        .exclude(group__parent__in=groups)
        .order_by("group__parent", "group", "pk")
    )
    first = other.first()
    if first is None:
        return []
    main = first.group.parent_id or first.group_id
    same = other.filter(Q(group=main) | Q(group__parent=main))
    return [(p, Decimal(rng.choice([10, 20, 30]))) for p in list(same)[:2] or [first]]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _won_deal(
    account: Account, growth: Growth, lines: list[tuple[Product, Decimal]], won_on: date
) -> Opportunity:
    owner = account.owner
    contacts = [
        p.contact
        for p in Position.objects.filter(account=account, end_date__isnull=True)
        .select_related("contact")
        .order_by("pk")[:2]
    ]
    deal = deals.opportunity_create(
        actor=owner,
        account=account,
        title=growth.title,
        need=growth.need,
        solution="Vaste leverdagen en dezelfde prijsafspraak als het bestaande assortiment.",
        close_on=won_on,
        source=growth.source,
        contacts=contacts,
        lines=lines,
    )
    for to in WON_PATH:
        on = won_on if to == Stage.WON else None
        deal = deals.opportunity_stage_change(actor=owner, opportunity=deal, to=to, won_on=on)
    date_back(deal, _at(won_on - timedelta(days=45), 9), _at(won_on, 11))
    return deal


def _order(
    deal: Opportunity,
    growth: Growth,
    lines: list[tuple[Product, Decimal]],
    won_on: date,
    today: date,
    processor: User,
) -> Order:
    """The deal's order, placed on the day it was won, confirmed the next day and delivered
    (and invoiced) as far as today allows."""
    order = services.order_create(
        actor=deal.owner,
        account=deal.account,
        opportunity=deal,
        ordered_on=won_on,
        promised_on=won_on + timedelta(days=growth.delivered_after),
        customer_reference=f"PO-{won_on:%y%m}-{deal.pk:03d}",
        lines=[LineIn(quantity=quantity, product=product) for product, quantity in lines],
    )
    delivered_on = min(today, won_on + timedelta(days=growth.delivered_after))
    steps = [
        (OrderStatus.CONFIRMED, min(today, won_on + timedelta(days=1))),
        (OrderStatus.IN_DELIVERY, delivered_on),
        (OrderStatus.DELIVERED, delivered_on),
    ]
    invoiced_on = delivered_on + timedelta(days=growth.invoiced_after)
    if invoiced_on <= today:
        steps.append((OrderStatus.INVOICED, invoiced_on))
    for to, on in steps:
        order = services.order_status_change(actor=processor, order=order, to=to, on=on)
    return order


def _lost() -> int:
    """The customer whose last order lies furthest back (and who has no branches, no open
    deal and no open order) is recorded by its account manager as a former customer."""
    last = {
        row["account"]: row["last"]
        for row in Order.objects.exclude(status=OrderStatus.CANCELLED)
        .values("account")
        .annotate(last=Max("ordered_on"))
    }
    busy = set(
        Opportunity.objects.filter(stage__in=OPEN_STAGES).values_list("account", flat=True)
    ) | set(Account.objects.filter(parent__isnull=False).values_list("parent", flat=True))
    candidates = [a for a in _customers() if a.pk in last and a.pk not in busy]
    candidates = [a for a in candidates if not _has_open_order(a)]
    if not candidates:
        return 0
    account = min(candidates, key=lambda a: (last[a.pk], a.pk))
    note = LOST_NOTE.format(day=f"{last[account.pk]:%d-%m-%Y}")
    account_update(
        actor=account.owner,
        account=account,
        expected_version=account.version,
        data={"status": "former", "notes": "\n\n".join(filter(None, [account.notes, note]))},
    )
    return 1


def _has_open_order(account: Account) -> bool:
    done = (*REVENUE_STATUSES, OrderStatus.CANCELLED)
    return Order.objects.filter(account=account).exclude(status__in=done).exists()
