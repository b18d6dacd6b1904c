"""Gifts and hospitality for the demo (`manage.py demo`): each account manager gave and received
a few over the past year, through the services (so the limit and the approvals hold); in team
Noord, sanne has a € 120 gift awaiting marieke's approval, one refused, one approved and given,
and a received one above the limit that marieke has still to note.

The demo's e-mails are marked as sent: a demo database mails no one.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from koers.accounts.models import Account, Contact, Position
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.gifts import services
from koers.gifts.models import Gift

GIVEN = (
    ("gift", "Kerstpakket", "Kerst", 35),
    ("gift", "Fles wijn", "Verjaardag", 25),
    ("gift", "Bos bloemen", "Jubileum", 30),
    ("invitation", "Kaarten voor de vakbeurs", "Relatiedag", 45),
    ("hospitality", "Lunch na het jaargesprek", "Jaargesprek", 40),
)
RECEIVED = (
    ("gift", "Doos bonbons", "Kerst", 15),
    ("hospitality", "Lunch bij de klant", "Bezoek", 30),
    ("invitation", "Uitnodiging opening nieuwe vestiging", "Opening", 0),
)


def _interest(contact: Contact, rng: random.Random) -> str:
    items = [i.strip() for i in re.split(r"[\n,;]+", contact.personal_interests) if i.strip()]
    return rng.choice(items)[:200] if items and rng.random() < 0.5 else ""


def _pairs(user: User) -> list[tuple[Account, Contact]]:
    positions = (
        Position.objects.filter(account__owner=user, end_date__isnull=True)
        .select_related("account", "contact")
        .order_by("account__name", "pk")
    )
    seen: set[int] = set()
    pairs = []
    for position in positions:
        if position.account_id not in seen:
            seen.add(position.account_id)
            pairs.append((position.account, position.contact))
    return pairs


def build(context: DemoContext, rng: random.Random) -> None:
    today = context.today
    sellers = User.objects.filter(role=Role.ACCOUNT_MANAGER).order_by("username")
    count = 0
    for seller in sellers:
        pairs = _pairs(seller)
        if not pairs:
            continue
        for table, direction, n in ((GIVEN, "given", 4), (RECEIVED, "received", 2)):
            for _ in range(n):
                account, contact = rng.choice(pairs)
                kind, what, occasion, value = rng.choice(table)
                services.gift_record(
                    actor=seller,
                    account=account,
                    contact=contact,
                    direction=direction,
                    kind=kind,
                    description=what,
                    value=Decimal(min(value + rng.randint(0, 10), 50)),
                    date=today - timedelta(days=rng.randint(5, 330)),
                    occasion=occasion,
                    interest=_interest(contact, rng),
                )
                count += 1
    sanne = User.objects.filter(username="sanne").first()
    if sanne is not None and _pairs(sanne):
        count += _sannes_year(sanne, _pairs(sanne), today, rng)
    Gift.objects.update(decision_mailed_at=timezone.now(), flag_mailed_at=timezone.now())
    context.summary.append(f"{count} gifts and hospitality (one awaiting approval)")


def _sannes_year(
    sanne: User, pairs: list[tuple[Account, Contact]], today: date, rng: random.Random
) -> int:
    manager = User.objects.filter(managed_teams__members=sanne).first()
    account, contact = pairs[0]

    def gift(what: str, value: int, days: int, **data: str) -> Gift:
        data.setdefault("direction", "given")
        data.setdefault("kind", "gift")
        return services.gift_record(
            actor=sanne,
            account=account,
            contact=contact,
            description=what,
            value=Decimal(value),
            date=today - timedelta(days=days),
            interest=_interest(contact, rng),
            **data,
        )

    gift("Golfclinic voor twee", 120, -10, occasion="Tien jaar klant")
    if manager is not None:
        refused = gift("Weekend Parijs", 450, -20, kind="invitation", occasion="Grote order")
        services.gift_refuse(
            actor=manager, gift=refused, comment="Te veel: past niet bij onze gedragscode."
        )
        approved = gift("Kaarten voor Ajax", 90, 30, kind="invitation", occasion="Relatiedag")
        services.gift_approve(actor=manager, gift=approved, comment="Akkoord.")
        services.gift_mark_given(actor=sanne, gift=approved)
    gift(
        "Diner bij de klant",
        150,
        12,
        direction="received",
        kind="hospitality",
        occasion="Jaargesprek",
    )
    return 4
