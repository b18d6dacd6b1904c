"""Improvement proposals for the demo (`manage.py demo`): built on the demo's complaints, among
them the structural one (Kwaliteit of the catalogue product "Rundergehakt" at several
accounts), with answers of the managers: accepted, rejected, parked, parked and later accepted,
one still waiting, and one its proposer withdrew.

The notifications are marked as e-mailed: a demo database mails no one.
"""

from __future__ import annotations

import random

from django.utils import timezone

from koers.complaints.demo import STRUCTURAL_PRODUCT
from koers.complaints.models import Complaint
from koers.complaints.queries import complaints_readable
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.notifications.models import Notification
from koers.proposals import queries, services

# The proposer's own move: taken back before the manager decided.
WITHDRAW = "withdraw"
# (kind, title, what, why, expected effect, market signals, decisions: [(decision, comment)])
PROPOSALS = (
    (
        "range",
        "Rundergehakt ook per 500 gram, met lager vetpercentage",
        "Een verpakking van 500 gram naast die van 1 kg, met ten hoogste 15% vet.",
        "Klanten in verschillende regio's klagen over het vetpercentage van het gehakt van 1 kg "
        "en gooien de rest van grote verpakkingen weg.",
        "Minder klachten over kwaliteit en minder derving bij de klant; een product voor "
        "kleinere filialen.",
        "Twee concurrenten bieden al 500 gram mager gehakt aan.",
        (
            (
                "accept",
                "Goed onderbouwd. Ik neem het mee naar inkoop; start in het nieuwe kwartaal.",
            ),
        ),
    ),
    (
        "service",
        "Binnen één werkdag terugbellen na een klacht",
        "Elke klacht krijgt binnen één werkdag een telefoontje van de accountmanager.",
        "Klanten zeggen dat niemand terugbelt over hun vraag.",
        "Snellere eerste reactie en tevredener klanten.",
        "",
        (
            (
                "park",
                "Eerst de bezetting van de binnendienst rond hebben; na de zomer weer bespreken.",
            ),
        ),
    ),
    (
        "process",
        "Beschadigde dozen fotograferen bij het laden",
        "De chauffeur maakt bij het laden een foto van elke pallet.",
        "Bij klachten over beschadigde dozen weten we niet waar de schade ontstond.",
        "Minder discussie met klanten en de vervoerder.",
        "",
        (
            ("park", "Eerst navragen wat de vervoerder ervan vindt."),
            ("accept", "De vervoerder doet mee; we beginnen volgende maand."),
        ),
    ),
    (
        "process",
        "Facturen alleen nog digitaal",
        "Alle facturen per e-mail, niet meer op papier.",
        "Dubbele facturen leiden tot klachten.",
        "Minder fouten en lagere kosten.",
        "",
        (("reject", "De meeste klanten vragen nog om papier; dat lossen we eerst anders op."),),
    ),
    (
        "range",
        "Rookworst in een hersluitbare verpakking",
        "Een hersluitbare verpakking voor de rookworst.",
        "Klanten melden lekkende verpakkingen.",
        "Minder klachten over verpakking.",
        "",
        (),
    ),
    (
        "service",
        "Vaste bezorgdag voor de kleinere filialen",
        "Elke kleinere vestiging krijgt een vaste bezorgdag in de week.",
        "Filialen klagen dat de levering steeds op een andere dag komt.",
        "Beter te plannen voorraad en minder klachten over levering.",
        "",
        ((WITHDRAW, "Inkoop regelt dit al met de nieuwe vervoerder."),),
    ),
)
DECIDE = {
    "accept": services.proposal_accept,
    "reject": services.proposal_reject,
    "park": services.proposal_park,
}


def _complaints_of(user: User, product: str, limit: int) -> list[Complaint]:
    rows = complaints_readable(user).order_by("-received_at", "pk")
    found = list(rows.filter(product__code=product)[:limit]) if product else []
    return found or list(rows[:2])


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 7 + 5)
    sellers = list(User.objects.filter(role=Role.ACCOUNT_MANAGER).order_by("username"))
    # The proposer of the structural proposal owns the structural complaints (made last by
    # the complaints' demo step).
    structural = (
        Complaint.objects.filter(product__code=STRUCTURAL_PRODUCT, category__name="Kwaliteit")
        .select_related("owner")
        .order_by("-pk")
        .first()
    )
    if not sellers or structural is None:
        return
    made = 0
    for n, (kind, title, what, why, effect, signals, decisions) in enumerate(PROPOSALS):
        proposer = structural.owner if n == 0 else rng.choice(sellers)
        manager = queries.deciders_of(proposer).first()
        if manager is None:
            continue
        product = STRUCTURAL_PRODUCT if n == 0 else ""
        proposal = services.proposal_submit(
            actor=proposer,
            kind=kind,
            title=title,
            what=what,
            why=why,
            expected_effect=effect,
            market_signals=signals,
            complaints=_complaints_of(proposer, product, 10),
        )
        for decision, comment in decisions:
            if decision == WITHDRAW:
                proposal = services.proposal_withdraw(
                    actor=proposer, proposal=proposal, reason=comment
                )
            else:
                proposal = DECIDE[decision](actor=manager, proposal=proposal, comment=comment)
        made += 1
    now = timezone.now()
    Notification.objects.filter(kind__startswith="proposal_", emailed_at__isnull=True).update(
        emailed_at=now
    )
    context.summary.append(f"{made} improvement proposals")
