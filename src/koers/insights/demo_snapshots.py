"""The demo's pipeline snapshots (decision 142): a year of past weeks rebuilt from the demo
deals' stage history (`backfill.py`) and this week's snapshot taken as the weekly job takes
it. The demo's deals are young (the open ones started at most 120 days ago) and the stage
history holds only stages, so a year of movement would show almost nothing: every third
deal, open now or closed within the year, was already in the pipeline a year ago, one stage
back and with a close date three weeks earlier (then it advanced, slipped, or was won or lost
during the year, as deals do)."""

from __future__ import annotations

from datetime import date, timedelta

from koers.demo.context import DemoContext
from koers.insights.backfill import snapshot_backfill
from koers.insights.snapshot_models import PipelineSnapshot, PipelineState
from koers.insights.snapshots import CENT, monday, snapshot_take
from koers.sales.models import OPEN_STAGES, Opportunity, Stage

WEEKS_BACK = 60
SLIP = timedelta(days=21)


def build(context: DemoContext) -> None:
    today = context.today
    if PipelineSnapshot.objects.exists():
        return
    rebuilt = snapshot_backfill(since=today - timedelta(weeks=WEEKS_BACK), until=today)
    first = monday(today - timedelta(weeks=WEEKS_BACK))
    deals = Opportunity.objects.filter(closed_at__isnull=True, stage__in=OPEN_STAGES) | (
        Opportunity.objects.filter(closed_at__date__gte=first)
    )
    for i, deal in enumerate(deals.order_by("pk")):
        if i % 3 == 0:
            _earlier(deal, first)
    taken = snapshot_take(day=today)
    context.summary.append(
        f"Pipeline snapshots: {rebuilt} past weeks rebuilt and this week's "
        f"({taken.opportunities} open deals; /insights/pipeline/?period=year)"
    )


def _earlier(deal: Opportunity, first: date) -> None:
    """`deal` in the pipeline from `first` on, one stage before its first known state."""
    earliest = PipelineState.objects.filter(opportunity=deal).order_by("first_week").first()
    if earliest is not None:
        end = earliest.first_week - timedelta(weeks=1)
        stage = earliest.stage
    elif deal.closed_at is not None:
        end = monday(deal.closed_at.date()) - timedelta(weeks=1)
        stage = Stage.NEGOTIATION
    else:
        return
    if end < first:
        return
    before = OPEN_STAGES[max(OPEN_STAGES.index(stage) - 1, 0)]
    probability = deal.probability if deal.probability is not None else 25
    PipelineState.objects.create(
        opportunity=deal,
        account_id=deal.account_id,
        owner_id=deal.owner_id,
        stage=before,
        amount=deal.amount,
        weighted=(deal.amount * probability / 100).quantize(CENT),
        close_on=deal.close_on - SLIP,
        first_week=first,
        last_week=end,
    )
