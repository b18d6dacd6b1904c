"""Complaints for the demo (`manage.py demo`): some at every status, one catalogue product with
complaints at several accounts in the last months (a structural complaint), made through the
services so that each has its steps, its follow-up check and its timestamps. The catalogue is
the sales app's demo step's, which runs before this one (INSTALLED_APPS).

Its own random stream (from the seed), so that the steps after it draw as before.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from koers.accounts.models import Account, Position
from koers.complaints import services
from koers.complaints.models import ComplaintCategory, ComplaintStatus
from koers.demo.context import DemoContext
from koers.sales.models import Product, ProductGroup

S = ComplaintStatus
CATEGORIES = ("Levering", "Kwaliteit", "Factuur", "Service", "Verpakking")
# What the complaints are about: catalogue products by code, a product group ("group:" and its
# code), a product not in the catalogue (the text), or nothing.
ABOUT = ("RU-101", "GE-301", "VA-204", "RO-503", "group:GEVO", "text:Kratten (statiegeld)", "")
STRUCTURAL_PRODUCT = "RU-101"  # Rundergehakt
DESCRIPTIONS = (
    "Twee dozen kwamen beschadigd binnen.",
    "De levering was een dag te laat; de winkel stond zonder voorraad.",
    "Het vetpercentage klopt niet met de specificatie.",
    "Factuur dubbel ontvangen voor dezelfde levering.",
    "Verpakking lekt bij het uitpakken.",
    "Niemand belde terug over de vraag van vorige week.",
)
# How many complaints end at each status.
SPREAD = {S.RECEIVED: 6, S.IN_PROGRESS: 8, S.SOLVED: 8, S.VERIFIED: 12, S.REJECTED: 3}
STRUCTURAL = 5  # "Kwaliteit" of product RU-101 at five accounts of one account manager


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 7 + 4)
    categories = [ComplaintCategory.objects.get_or_create(name=n)[0] for n in CATEGORIES]
    accounts = list(
        Account.objects.filter(status="customer").select_related("owner").order_by("pk")[:200]
    )
    if not accounts:
        return
    now = timezone.now()
    products = {p.code: p for p in Product.objects.filter(code__in=ABOUT)}
    groups = {f"group:{g.code}": g for g in ProductGroup.objects.filter(code="GEVO")}
    about = _about(products, groups)
    made = 0
    for status, count in SPREAD.items():
        for _ in range(count):
            account = rng.choice(accounts)
            received = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 8))
            _make(account, rng.choice(categories), rng, received, status, about)
            made += 1
    quality = categories[1]
    # At accounts of one account manager, so that their own structural overview shows it (and
    # their proposal can link every complaint); their manager sees it with the team's.
    per_owner: dict[int, list[Account]] = {}
    for account in accounts:
        per_owner.setdefault(account.owner_id, []).append(account)
    own = max(per_owner.values(), key=len)
    for account in rng.sample(own, min(STRUCTURAL, len(own))):
        received = now - timedelta(days=rng.randint(1, 60))
        _make(
            account,
            quality,
            rng,
            received,
            rng.choice([S.IN_PROGRESS, S.SOLVED]),
            about,
            fixed=about[STRUCTURAL_PRODUCT],
        )
        made += 1
    context.summary.append(f"{made} complaints")


About = dict[str, dict[str, Any]]


def _about(products: dict[str, Product], groups: dict[str, ProductGroup]) -> About:
    """The service's arguments for each of ABOUT (the text when the catalogue lacks the code)."""
    found: About = {}
    for key in ABOUT:
        if key in products:
            found[key] = {"product": products[key]}
        elif key in groups:
            found[key] = {"product_group": groups[key]}
        else:
            found[key] = {"product_name": key.split(":", 1)[-1]} if key else {}
    return found


def _make(
    account: Account,
    category: ComplaintCategory,
    rng: random.Random,
    received: datetime,
    status: str,
    about: About,
    fixed: dict[str, Any] | None = None,
) -> None:
    owner = account.owner
    contact_id = (
        Position.objects.filter(account=account, end_date__isnull=True)
        .values_list("contact_id", flat=True)
        .first()
    )
    today = timezone.localdate()
    complaint = services.complaint_register(
        actor=owner,
        account=account,
        category=category,
        description=rng.choice(DESCRIPTIONS),
        severity=rng.choice(["low", "normal", "normal", "high", "critical"]),
        channel=rng.choice(["phone", "email", "visit"]),
        contact=account.positions.get(contact_id=contact_id).contact if contact_id else None,
        **(about[ABOUT[rng.randrange(len(ABOUT))]] if fixed is None else fixed),
        agreed_handling="Vervangende levering en creditnota voor de beschadigde dozen.",
        promised_on=today + timedelta(days=rng.randint(-10, 14)),
        received_at=received,
    )
    if status == S.RECEIVED:
        return
    if status == S.REJECTED:
        services.complaint_reject(
            actor=owner, complaint=complaint, reason="De schade is bij de klant ontstaan."
        )
        return
    services.complaint_start(actor=owner, complaint=complaint, note="Klant gebeld.")
    if status == S.IN_PROGRESS:
        return
    services.complaint_solve(
        actor=owner, complaint=complaint, solution="Nieuwe levering gedaan en creditnota gestuurd."
    )
    if status == S.VERIFIED:
        services.complaint_follow_up_answer(
            actor=owner, complaint=complaint, satisfied=True, comment="Klant is tevreden."
        )
