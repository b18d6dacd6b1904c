"""A year of weekly pipeline snapshots in the benchmark (decision 142), derived from the
opportunities and stage history that `bench/apps/sales.py` generated: for each of the 52
Mondays before "now", the deals open at that moment, stored as the app stores them, one
`PipelineState` per run of unchanged weeks. A quarter of the deals had their close date moved
out at their last stage change (so "slipped" has rows). About 1.5 states per deal: 300,000
rows at size L, against 2.6 million for a row per deal per week.

Computed per stage segment with date arithmetic (not per deal per week), so the step is
linear in the stage changes (600,000 at L)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from koers.insights.models import PipelineSnapshot, PipelineState
from koers.sales.models import OPEN_STAGES, Opportunity, StageChange
from koers.sales.opportunities.board import default_probabilities

if TYPE_CHECKING:
    from bench.generate import Generator

WEEKS = 52
SLIPPED_SHARE = 0.25
SLIP_DAYS = 21
CENT = Decimal("0.01")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
OPEN = frozenset(str(s) for s in OPEN_STAGES)


def _mondays(today: date) -> list[date]:
    this = today - timedelta(days=today.weekday())
    return [this - timedelta(weeks=i) for i in range(WEEKS - 1, -1, -1)]


def _first_monday_from(moment: datetime) -> date:
    """The first Monday 00:00 (local) at or after `moment`."""
    day = moment.astimezone(AMSTERDAM).date()
    at_midnight = moment.astimezone(AMSTERDAM).time() == datetime.min.time()
    if day.weekday() == 0 and at_midnight:
        return day
    return day + timedelta(days=7 - day.weekday())


def _changes() -> Iterator[tuple[int, list[tuple[str, datetime]]]]:
    rows = StageChange.objects.order_by("opportunity_id", "at", "pk").values_list(
        "opportunity_id", "to_stage", "at"
    )
    for pk, group in itertools.groupby(rows.iterator(10_000), key=lambda r: r[0]):
        yield pk, [(stage, at) for _pk, stage, at in group]


def snapshots(g: Generator) -> int:
    weeks = _mondays(g.rel_today)
    first, last = weeks[0], weeks[-1]
    defaults = default_probabilities()
    deals = {
        pk: rest
        for pk, *rest in Opportunity.objects.values_list(
            "pk", "account_id", "owner_id", "amount", "probability", "close_on"
        ).iterator(10_000)
    }
    make = g.writer.row_maker(
        PipelineState,
        [
            "opportunity_id",
            "account_id",
            "owner_id",
            "stage",
            "amount",
            "weighted",
            "close_on",
            "first_week",
            "last_week",
        ],
    )
    # Open deals per week as differences (+1 at a state's first week, -1 after its last).
    change = dict.fromkeys([*weeks, last + timedelta(weeks=1)], 0)
    rng = g.rng

    def rows() -> Iterable[tuple]:
        for pk, changes in _changes():
            account, owner, amount, probability, close_on = deals[pk]
            slipped = rng.random() < SLIPPED_SHARE
            for i, (stage, at) in enumerate(changes):
                if stage not in OPEN:
                    continue
                start = max(_first_monday_from(at), first)
                end_at = changes[i + 1][1] if i + 1 < len(changes) else None
                end = last if end_at is None else _first_monday_from(end_at) - timedelta(weeks=1)
                end = min(end, last)
                if end < start:
                    continue
                chance = probability if probability is not None else defaults.get(stage, 0)
                before_last = slipped and i + 1 < len(changes)
                shown_close = close_on - timedelta(days=SLIP_DAYS) if before_last else close_on
                change[start] += 1
                change[end + timedelta(weeks=1)] -= 1
                yield make(
                    {
                        "opportunity_id": pk,
                        "account_id": account,
                        "owner_id": owner,
                        "stage": stage,
                        "amount": str(amount),
                        "weighted": str((amount * chance / 100).quantize(CENT)),
                        "close_on": g.day(shown_close),
                        "first_week": g.day(start),
                        "last_week": g.day(end),
                    }
                )

    # Built before the write: on PostgreSQL the write is a COPY, and the stage changes are read
    # through the same connection, which cannot run a query while a COPY is open (it waited
    # forever in the test run).
    count = g.writer.write(PipelineState, list(rows()))
    per_week = dict(zip(weeks, itertools.accumulate(change[w] for w in weeks), strict=True))
    taken = g.writer.row_maker(PipelineSnapshot, ["week", "taken_at", "opportunities"])
    g.writer.write(
        PipelineSnapshot,
        (
            taken(
                {
                    "week": g.day(week),
                    "taken_at": g.dt(datetime.combine(week, datetime.min.time(), AMSTERDAM)),
                    "opportunities": n,
                }
            )
            for week, n in per_week.items()
        ),
    )
    return count


GENERATE = [("pipeline snapshots", snapshots)]
LOADED: list[Any] = [PipelineSnapshot, PipelineState]
