"""Taking the weekly pipeline snapshot (docs/decisions.md, 142).

`snapshot_take(day=...)` records the open opportunities of the ISO week holding `day`, once:
the week's `PipelineSnapshot` row is claimed first (unique week, under the same transaction),
so a retry or a second scheduler finds it and does nothing. A deal whose state (stage, value,
weighted value, close date, owner, account) is the same as in the latest snapshot gets its
running `PipelineState` extended to this week; any other open deal gets a new state. All in
one transaction: a failure leaves no half snapshot, and the job can simply run again.

The job is a daily job (`core/schedule.py`): it runs every day and takes the week only on the
first day it runs in that week (normally Monday at 01:00), so a week missed while the scheduler
was down is taken on the next day it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from koers.insights.snapshot_models import PipelineSnapshot, PipelineState
from koers.sales.models import OPEN_STAGES, Opportunity
from koers.sales.opportunities.board import default_probabilities

CENT = Decimal("0.01")
# Written in slices, so that memory stays flat at size L (86,000 open deals).
BATCH = 2_000
STATE_FIELDS = ("account_id", "owner_id", "stage", "amount", "weighted", "close_on")


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Taken:
    week: date
    created: bool  # False: the week was taken already (a retry), nothing written
    opportunities: int = 0
    extended: int = 0
    added: int = 0


def _states(defaults: dict[str, int]) -> dict[int, tuple[Any, ...]]:
    """Per open deal today, its state as a tuple in the order of STATE_FIELDS."""
    rows = Opportunity.objects.filter(stage__in=OPEN_STAGES).values_list(
        "pk", "account_id", "owner_id", "stage", "amount", "probability", "close_on"
    )
    found = {}
    for pk, account, owner, stage, amount, probability, close_on in rows.iterator(BATCH):
        chance = probability if probability is not None else defaults.get(stage, 0)
        weighted = (amount * chance / 100).quantize(CENT)
        found[pk] = (account, owner, stage, amount, weighted, close_on)
    return found


def _running(week: date) -> dict[int, tuple[int, tuple[Any, ...]]]:
    """The states seen in the latest snapshot before `week`: per deal, (state id, state)."""
    last = PipelineSnapshot.objects.filter(week__lt=week).order_by("-week").values("week").first()
    if last is None:
        return {}
    rows = PipelineState.objects.filter(last_week=last["week"]).values_list(
        "pk", "opportunity_id", *STATE_FIELDS
    )
    return {row[1]: (row[0], tuple(row[2:])) for row in rows.iterator(BATCH)}


def snapshot_take(*, day: date) -> Taken:
    """Takes the snapshot of the week holding `day`, unless it was taken (idempotent)."""
    week = monday(day)
    if PipelineSnapshot.objects.filter(week=week).exists():
        return Taken(week, created=False)
    try:
        with transaction.atomic():
            snapshot = PipelineSnapshot.objects.create(week=week, taken_at=timezone.now())
            return _fill(snapshot)
    except IntegrityError:
        # Another worker claimed the week between the check and the insert: it takes it.
        if PipelineSnapshot.objects.filter(week=week).exists():
            return Taken(week, created=False)
        raise


def _fill(snapshot: PipelineSnapshot) -> Taken:
    week = snapshot.week
    now = _states(default_probabilities())
    before = _running(week)
    same = [before[pk][0] for pk, state in now.items() if pk in before and before[pk][1] == state]
    for start in range(0, len(same), BATCH):
        PipelineState.objects.filter(pk__in=same[start : start + BATCH]).update(last_week=week)
    new = [
        PipelineState(
            opportunity_id=pk,
            first_week=week,
            last_week=week,
            **dict(zip(STATE_FIELDS, state, strict=True)),
        )
        for pk, state in now.items()
        if pk not in before or before[pk][1] != state
    ]
    PipelineState.objects.bulk_create(new, batch_size=BATCH)
    snapshot.opportunities = len(now)
    snapshot.save(update_fields=["opportunities"])
    return Taken(week, True, len(now), len(same), len(new))
