"""The hand-made pipeline of the movement tests, with two weekly snapshots; the answers are
written out in the tests.

Snapshot of the week of Monday 26 October 2026 (A), then of Monday 16 November (B); the
period asked for is November 2026 (A is the latest snapshot on or before 1 November, B the
latest on or before 30 November). Between A and B:
- alice: D1 1,000 qualify -> proposal (advanced); D2 2,000 close date 10 Nov -> 15 Dec
  (slipped); D3 3,000 won; D4 4,000 lost; D5 500 created (new); D8 800 unchanged.
- bob: D6 700 prepare -> negotiation and close date 20 Nov -> 5 Jan (advanced and slipped).
- charlie (team South): D7 9,000 created (new).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from koers.accounts.models import Account
from koers.core.models import User
from koers.insights.snapshots import Taken, snapshot_take
from koers.sales.models import Opportunity, Stage
from tests.conftest import Personas
from tests.factories import make_account

WEEK_A, WEEK_B = date(2026, 10, 26), date(2026, 11, 16)
NOVEMBER = "period=month&date=2026-11-01"


@dataclass
class Pipeline:
    people: Personas
    alpha: Account
    deals: dict[str, Opportunity]
    first: Taken
    second: Taken


def deal(owner: User, account: Account, amount: str, stage: str, close_on: date) -> Opportunity:
    return Opportunity.objects.create(
        account=account,
        owner=owner,
        title=f"Deal {amount}",
        amount=Decimal(amount),
        stage=stage,
        probability=50,
        close_on=close_on,
    )


def _move(opportunity: Opportunity, **changes: object) -> None:
    Opportunity.objects.filter(pk=opportunity.pk).update(**changes)


def build(people: Personas) -> Pipeline:
    alice, bob, charlie = people.alice, people.bob, people.charlie
    alpha = make_account(alice, "Alpha")
    beta = make_account(bob, "Beta")
    gamma = make_account(charlie, "Gamma")
    deals = {
        "D1": deal(alice, alpha, "1000.00", Stage.QUALIFY, date(2026, 11, 30)),
        "D2": deal(alice, alpha, "2000.00", Stage.NEEDS, date(2026, 11, 10)),
        "D3": deal(alice, alpha, "3000.00", Stage.PROPOSAL, date(2026, 11, 12)),
        "D4": deal(alice, alpha, "4000.00", Stage.NEGOTIATION, date(2026, 11, 13)),
        "D6": deal(bob, beta, "700.00", Stage.PREPARE, date(2026, 11, 20)),
        "D8": deal(alice, alpha, "800.00", Stage.QUALIFY, date(2027, 1, 31)),
    }
    first = snapshot_take(day=date(2026, 10, 28))  # a Wednesday: the week of Monday 26 October
    _move(deals["D1"], stage=Stage.PROPOSAL)
    _move(deals["D2"], close_on=date(2026, 12, 15))
    _move(deals["D3"], stage=Stage.WON)
    _move(deals["D4"], stage=Stage.LOST)
    _move(deals["D6"], stage=Stage.NEGOTIATION, close_on=date(2027, 1, 5))
    deals["D5"] = deal(alice, alpha, "500.00", Stage.PREPARE, date(2026, 12, 1))
    deals["D7"] = deal(charlie, gamma, "9000.00", Stage.QUALIFY, date(2026, 12, 1))
    second = snapshot_take(day=WEEK_B)
    return Pipeline(people, alpha, deals, first, second)
