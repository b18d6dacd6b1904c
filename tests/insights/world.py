"""The hand-made data set of the insights tests, with the answers written out in the tests.

Today is 20 November 2026; the period asked for is November 2026 (the previous: October).

alice (North): Alpha, Alpha Two, Alpha Three   bob (North): Beta   charlie (South): Gamma
- orders delivered in November: alice 1,000 (cost 600) and 500 invoiced (cost 200); one of 999
  only received (not revenue); 300 (cost 100) delivered in October. bob 2,000 (cost 1,500).
  charlie 4,000 (cost 1,000).
- open deals closing in November: alice 10,000 in proposal (default 50 %) and 2,000 in
  negotiation at 80 %; a won one and one closing in December do not count. bob 1,000 in
  qualify at 20 %.
- quotes decided: alice in November one accepted, one declined, one expired; in October one
  accepted. bob in November one accepted.
- complaints open: alice two (one past its promised date), a solved one; charlie one.
- contact status: Alpha on track, Alpha Two due soon, Alpha Three overdue; Beta overdue.
- targets: alice 2,000 revenue for November; bob 4,000.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from koers.accounts.models import Account
from koers.complaints.models import Complaint, ComplaintStatus
from koers.core.models import User
from koers.planning.models.targets import Measure, PeriodKind, Target, TargetLevel, target_key
from koers.relations.models import ContactState
from koers.sales.models import Opportunity, OrderStatus, Quote, QuoteStatus, QuoteVersion, Stage
from koers.sales.models.opportunities import StageSetting
from tests.complaints.factories import make_category
from tests.conftest import Personas
from tests.factories import make_account
from tests.planning.target_factories import delivered

TODAY = date(2026, 11, 20)
NOVEMBER = "period=month&date=2026-11-01"
_numbers = itertools.count(1)


@dataclass
class Insights:
    people: Personas
    alpha: Account
    beta: Account
    gamma: Account


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _deal(
    owner: User, account: Account, amount: str, stage: str, close_on: date, p: int | None
) -> Opportunity:
    return Opportunity.objects.create(
        account=account,
        owner=owner,
        title="Deal",
        amount=Decimal(amount),
        stage=stage,
        probability=p,
        close_on=close_on,
    )


def _quote(owner: User, account: Account, status: str, decided: date) -> QuoteVersion:
    deal = _deal(owner, account, "0", Stage.PROPOSAL, date(2027, 6, 1), 0)
    quote = Quote.objects.create(
        number=f"Q{next(_numbers):05d}", opportunity=deal, account=account, owner=owner, title="Q"
    )
    return QuoteVersion.objects.create(
        quote=quote,
        status=status,
        valid_until=decided + timedelta(days=30),
        decided_at=_moment(decided),
        net_total=Decimal("100.00"),
    )


def _complaint(owner: User, account: Account, status: str, promised_on: date | None) -> Complaint:
    return Complaint.objects.create(
        account=account,
        owner=owner,
        category=make_category(),
        description="Broken",
        status=status,
        promised_on=promised_on,
        received_at=_moment(TODAY - timedelta(days=10)),
    )


def _state(account: Account, due_on: date) -> None:
    ContactState.objects.update_or_create(
        account=account, defaults={"norm_days": 30, "due_on": due_on}
    )


def _target(person: User, amount: str) -> Target:
    return Target.objects.create(
        measure=Measure.REVENUE,
        level=TargetLevel.USER,
        key=target_key(TargetLevel.USER, {"user": person.pk}),
        user=person,
        year=2026,
        period_kind=PeriodKind.MONTH,
        period=11,
        amount=Decimal(amount),
    )


def build(people: Personas) -> Insights:
    alice, bob, charlie = people.alice, people.bob, people.charlie
    alpha = make_account(alice, "Alpha")
    alpha2 = make_account(alice, "Alpha Two")
    alpha3 = make_account(alice, "Alpha Three")
    beta = make_account(bob, "Beta")
    gamma = make_account(charlie, "Gamma")
    nov, octo = date(2026, 11, 5), date(2026, 10, 12)
    delivered(alice, alpha, nov, [(None, "1000.00", "600.00", "1")])
    delivered(alice, alpha2, nov, [(None, "500.00", "200.00", "1")], status=OrderStatus.INVOICED)
    delivered(alice, alpha, nov, [(None, "999.00", "1.00", "1")], status=OrderStatus.RECEIVED)
    delivered(alice, alpha, octo, [(None, "300.00", "100.00", "1")])
    delivered(bob, beta, nov, [(None, "2000.00", "1500.00", "1")])
    delivered(charlie, gamma, nov, [(None, "4000.00", "1000.00", "1")])

    StageSetting.objects.filter(stage=Stage.PROPOSAL).update(probability=50)
    StageSetting.objects.filter(stage=Stage.QUALIFY).update(probability=20)
    _deal(alice, alpha, "10000.00", Stage.PROPOSAL, date(2026, 11, 15), None)
    _deal(alice, alpha, "2000.00", Stage.NEGOTIATION, date(2026, 11, 30), 80)
    _deal(alice, alpha, "5000.00", Stage.WON, date(2026, 11, 10), None)
    _deal(alice, alpha, "7000.00", Stage.PROPOSAL, date(2026, 12, 5), None)
    _deal(bob, beta, "1000.00", Stage.QUALIFY, date(2026, 11, 20), None)

    _quote(alice, alpha, QuoteStatus.ACCEPTED, date(2026, 11, 3))
    _quote(alice, alpha, QuoteStatus.DECLINED, date(2026, 11, 4))
    _quote(alice, alpha, QuoteStatus.EXPIRED, date(2026, 11, 6))
    _quote(alice, alpha, QuoteStatus.ACCEPTED, date(2026, 10, 6))
    _quote(bob, beta, QuoteStatus.ACCEPTED, date(2026, 11, 7))

    _complaint(alice, alpha, ComplaintStatus.RECEIVED, TODAY - timedelta(days=1))
    _complaint(people.ingrid, alpha2, ComplaintStatus.IN_PROGRESS, TODAY + timedelta(days=5))
    _complaint(alice, alpha, ComplaintStatus.SOLVED, None)
    _complaint(charlie, gamma, ComplaintStatus.RECEIVED, None)

    _state(alpha, TODAY + timedelta(days=30))
    _state(alpha2, TODAY + timedelta(days=5))
    _state(alpha3, TODAY - timedelta(days=3))
    _state(beta, TODAY - timedelta(days=1))
    # Gamma's is not known yet (an account made in bulk): not counted.
    ContactState.objects.filter(account=gamma).delete()

    _target(alice, "2000.00")
    _target(bob, "4000.00")
    return Insights(people, alpha, beta, gamma)
