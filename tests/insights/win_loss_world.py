"""The opportunities of the win and loss tests (tests/insights/test_win_loss.py and the browser
test), closed in November 2026 unless said otherwise.

Alice (North): won 2,000; lost 1,000 to X (competitor), 500 to Y (price), 300 (timing, no
competitor named); lost 700 to X in October. Bob (North): lost 400 to X. Charlie (South):
lost 800 to X."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

from django.utils import timezone

from koers.sales.models import Competitor, Opportunity
from tests.conftest import Personas
from tests.factories import make_account


def closed(owner, account, amount, day, stage="lost", reason="", to=None, month=11, won=""):
    when = timezone.make_aware(datetime(2026, month, day, 12))
    return Opportunity.objects.create(
        account=account,
        owner=owner,
        title=f"Deal {amount}",
        amount=D(amount),
        stage=stage,
        close_on=when.date(),
        closed_at=when,
        lost_reason=reason,
        lost_to=to,
        won_reason=won,
    )


def build(people: Personas) -> Personas:
    """The deals; `people.x` and `people.y` are the competitors X Foods and Y Meat."""
    alice, bob, charlie = people.alice, people.bob, people.charlie
    x, y = Competitor.objects.create(name="X Foods"), Competitor.objects.create(name="Y Meat")
    alpha, beta, gamma = (
        make_account(alice, "Alpha"),
        make_account(bob, "Beta"),
        make_account(charlie, "Gamma"),
    )
    closed(alice, alpha, "2000.00", 6, stage="won")
    closed(alice, alpha, "1000.00", 3, reason="competitor", to=x)
    closed(alice, alpha, "500.00", 4, reason="price", to=y)
    closed(alice, alpha, "300.00", 5, reason="timing")
    closed(alice, alpha, "700.00", 5, reason="competitor", to=x, month=10)
    closed(bob, beta, "400.00", 7, reason="competitor", to=x)
    closed(charlie, gamma, "800.00", 8, reason="competitor", to=x)
    people.x, people.y = x, y
    return people
