"""Past pipeline snapshots rebuilt from the stage history (decision 142), for a company that
starts using pipeline movement with a history behind it (and for the demo): for each Monday
back to `since` that has no snapshot, the deals whose stage at that Monday 00:00 (from
`sales.StageChange`) was open, with today's value, probability, close date, owner and account
(the stage history holds only the stage). A week already taken is left as it was; all in one
transaction. Run before the first weekly snapshot, so that the intervals join up."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from koers.insights.snapshot_models import PipelineSnapshot, PipelineState
from koers.insights.snapshots import BATCH, CENT, monday
from koers.sales.models import OPEN_STAGES, Opportunity, StageChange
from koers.sales.opportunities.board import default_probabilities

OPEN = frozenset(str(s) for s in OPEN_STAGES)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _histories(until: datetime) -> Iterator[tuple[int, list[tuple[str, datetime]]]]:
    rows = (
        StageChange.objects.filter(at__lt=until)
        .order_by("opportunity_id", "at", "pk")
        .values_list("opportunity_id", "to_stage", "at")
    )
    for pk, group in itertools.groupby(rows.iterator(BATCH), key=lambda r: r[0]):
        yield pk, [(stage, at) for _pk, stage, at in group]


def _runs(
    changes: list[tuple[str, datetime]], weeks: list[date]
) -> Iterator[tuple[str, date, date]]:
    """(stage, first week, last week) of each run of weeks the deal was open in one stage."""
    run: tuple[str, date, date] | None = None
    index = 0
    for week in weeks:
        at = _midnight(week)
        while index < len(changes) and changes[index][1] <= at:
            index += 1
        stage = changes[index - 1][0] if index else ""
        if run is not None and stage == run[0]:
            run = (run[0], run[1], week)
            continue
        if run is not None:
            yield run
        run = (stage, week, week) if stage in OPEN else None
    if run is not None:
        yield run


@transaction.atomic
def snapshot_backfill(*, since: date, until: date) -> int:
    """Rebuilds the weeks from `since` up to (not including) the week of `until` that have
    no snapshot; returns the weeks rebuilt."""
    taken = set(PipelineSnapshot.objects.values_list("week", flat=True))
    weeks = []
    week = monday(since)
    while week < monday(until):
        if week not in taken:
            weeks.append(week)
        week += timedelta(weeks=1)
    if not weeks:
        return 0
    defaults = default_probabilities()
    deals: dict[int, tuple[int, int, Decimal, int | None, date]] = {
        row[0]: row[1:]
        for row in Opportunity.objects.values_list(
            "pk", "account_id", "owner_id", "amount", "probability", "close_on"
        ).iterator(BATCH)
    }
    counts = dict.fromkeys(weeks, 0)
    states = []
    for pk, changes in _histories(_midnight(weeks[-1]) + timedelta(seconds=1)):
        account, owner, amount, probability, close_on = deals[pk]
        for stage, first, last in _split(_runs(changes, weeks), weeks):
            chance = probability if probability is not None else defaults.get(stage, 0)
            states.append(
                PipelineState(
                    opportunity_id=pk,
                    account_id=account,
                    owner_id=owner,
                    stage=stage,
                    amount=amount,
                    weighted=(amount * Decimal(chance) / 100).quantize(CENT),
                    close_on=close_on,
                    first_week=first,
                    last_week=last,
                )
            )
            for w in weeks[weeks.index(first) : weeks.index(last) + 1]:
                counts[w] += 1
    PipelineState.objects.bulk_create(states, batch_size=BATCH)
    now = timezone.now()
    PipelineSnapshot.objects.bulk_create(
        PipelineSnapshot(week=w, taken_at=now, opportunities=n) for w, n in counts.items()
    )
    return len(weeks)


def _split(
    runs: Iterator[tuple[str, date, date]], weeks: list[date]
) -> Iterator[tuple[str, date, date]]:
    """Runs broken where the rebuilt weeks are not consecutive (a week taken in between keeps
    its own states)."""
    following = {a: b for a, b in itertools.pairwise(weeks) if b - a == timedelta(weeks=1)}
    for stage, first, last in runs:
        start = first
        week = first
        while week != last:
            nxt = following.get(week)
            if nxt is None:
                yield stage, start, week
                start = week = weeks[weeks.index(week) + 1]
                continue
            week = nxt
        yield stage, start, last
