"""The demo's pipeline snapshots (decision 142): a year of past weeks rebuilt from the demo
deals' stage history (`backfill.py`) and this week's snapshot taken as the weekly job takes
it. The stage history holds only stages, so the rebuilt weeks carry today's close dates; to
show slipped deals as a real year would, every third open deal's earlier weeks get a close
date three weeks earlier, and every third one was in the pipeline (one stage back) since the
start of the year."""

from __future__ import annotations

from datetime import timedelta

from koers.demo.context import DemoContext
from koers.insights.backfill import snapshot_backfill
from koers.insights.snapshot_models import PipelineSnapshot, PipelineState
from koers.insights.snapshots import monday, snapshot_take
from koers.sales.models import OPEN_STAGES

WEEKS_BACK = 60
SLIP = timedelta(days=21)


def build(context: DemoContext) -> None:
    today = context.today
    if PipelineSnapshot.objects.exists():
        return
    rebuilt = snapshot_backfill(since=today - timedelta(weeks=WEEKS_BACK), until=today)
    first = monday(today - timedelta(weeks=WEEKS_BACK))
    this = monday(today)
    earlier = PipelineState.objects.filter(last_week__lt=this - timedelta(weeks=1))
    running = list(
        PipelineState.objects.filter(last_week=this - timedelta(weeks=1)).order_by("opportunity")
    )
    for i, state in enumerate(running):
        if i % 3 == 0:
            earlier.filter(opportunity=state.opportunity_id).update(close_on=state.close_on - SLIP)
        alone = not earlier.filter(opportunity=state.opportunity_id).exists()
        if i % 3 == 1 and alone and state.first_week > first and state.stage != OPEN_STAGES[0]:
            before = OPEN_STAGES[OPEN_STAGES.index(state.stage) - 1]
            PipelineState.objects.create(
                opportunity_id=state.opportunity_id,
                account_id=state.account_id,
                owner_id=state.owner_id,
                stage=before,
                amount=state.amount,
                weighted=state.weighted,
                close_on=state.close_on - SLIP,
                first_week=first,
                last_week=state.first_week - timedelta(weeks=1),
            )
    taken = snapshot_take(day=today)
    context.summary.append(
        f"Pipeline snapshots: {rebuilt} past weeks rebuilt and this week's "
        f"({taken.opportunities} open deals; /insights/pipeline/?period=quarter)"
    )
