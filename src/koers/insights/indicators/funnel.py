"""The funnel and the sales cycle, from the opportunities' stage history (`sales.StageChange`,
one row per move, the creation included), over the deals closed (won or lost) in the period:

- **reached**: per stage, the deals that got at least that far (a deal created in a later
  stage passed the earlier ones); won is the last step;
- **conversion**: of the deals that reached a stage, the share that reached the next;
- **days per stage**: the average days between entering a stage and the next move;
- **sales cycle** (an indicator): the average days from a won deal's first stage change (its
  creation) to the move to won.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Min, QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    account_column,
    amount,
    link_to,
    moments,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import DAYS, Drill, Indicator, Part, by_owners, register
from koers.sales.models import CLOSED_STAGES, OPEN_STAGES, Opportunity, Stage, StageChange
from koers.sales.opportunities.queries import opportunities_readable

STEPS = (*OPEN_STAGES, Stage.WON)
DAY = 86_400


def closed(user: User | None, period: Period, stages: tuple[str, ...] = CLOSED_STAGES) -> Any:
    start, end = moments(period)
    return source(user, Opportunity.objects.all(), opportunities_readable, period).filter(
        stage__in=stages, closed_at__gte=start, closed_at__lt=end
    )


def _days(start: datetime, end: datetime) -> Decimal:
    return Decimal((end - start).total_seconds()) / DAY


# ------------------------------------------------------------------ the sales cycle indicator


def won_deals(user: User | None, period: Period) -> QuerySet[Opportunity]:
    return closed(user, period, (Stage.WON,)).annotate(started_at=Min("stage_changes__at"))


def _cycle(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(won_deals(user, period), owners).values_list(
        "owner", "started_at", "closed_at"
    )
    parts: dict[int, Part] = {}
    for owner, started, ended in rows.order_by():
        if started is None or ended is None:
            continue
        before = parts.get(owner, Part(Decimal(0), Decimal(0)))
        parts[owner] = Part(before.value + _days(started, ended), (before.base or Decimal(0)) + 1)
    return parts


def cycle_days(deal: Opportunity) -> Decimal | None:
    started, ended = getattr(deal, "started_at", None), deal.closed_at
    return None if started is None or ended is None else _days(started, ended)


def _cycle_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(won_deals(user, period), None if owner is None else [owner])
    columns = (
        Column(_("title"), lambda o: o.title),
        account_column(),
        owner_column(),
        Column(_("started"), lambda o: o.started_at),
        Column(_("won"), lambda o: o.closed_at),
        Column(_("days"), lambda o: float(round(cycle_days(o) or Decimal(0), 1))),
        Column(_("estimated value"), lambda o: amount(o.amount)),
    )
    return Drill(
        rows.select_related("account", "owner").order_by("-closed_at", "-pk"),
        columns,
        link=link_to("sales:opportunity_detail"),
    )


register(
    Indicator(
        key="sales_cycle_days",
        area="pipeline",
        name=_("Sales cycle"),
        definition=_("How long a won opportunity took, from its creation to won."),
        formula=_(
            "Average of (moment moved to won - moment created) in days, over the "
            "opportunities won in the period."
        ),
        source=_("Opportunities and their stage history; the opportunity's owner."),
        unit=DAYS,
        compute=_cycle,
        drill=_cycle_drill,
    )
)


# --------------------------------------------------------------------------------- the funnel


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    reached: int
    conversion: Decimal | None  # to the next step, in percent; None for the last
    days: Decimal | None  # average days in the stage; None when no deal left it


def funnel(user: User, period: Period, owners: list[int] | None) -> list[Step]:
    """The funnel of the deals closed in the period (one query on their stage changes)."""
    deals = by_owners(closed(user, period), owners).values("pk")
    changes = (
        StageChange.objects.filter(opportunity__in=deals)
        .order_by("opportunity", "at", "pk")
        .values_list("opportunity", "to_stage", "at")
    )
    rank = {str(stage): i for i, stage in enumerate(STEPS)}
    furthest: dict[int, int] = {}
    spent: dict[str, list[Decimal]] = defaultdict(list)
    last: tuple[int, str, datetime] | None = None
    for deal, stage, at in changes:
        if stage in rank:
            furthest[deal] = max(furthest.get(deal, -1), rank[stage])
        if last is not None and last[0] == deal and last[1] in OPEN_STAGES:
            spent[last[1]].append(_days(last[2], at))
        last = (deal, stage, at)
    reached = [sum(1 for r in furthest.values() if r >= i) for i in range(len(STEPS))]
    labels = dict(Stage.choices)
    steps = []
    for i, stage in enumerate(STEPS):
        following = reached[i + 1] if i + 1 < len(STEPS) else None
        conversion = (
            (Decimal(following * 100) / reached[i]).quantize(Decimal("0.1"))
            if following is not None and reached[i]
            else None
        )
        times = spent.get(stage)
        days = (sum(times, Decimal(0)) / len(times)).quantize(Decimal("0.1")) if times else None
        steps.append(Step(str(stage), str(labels[stage]), reached[i], conversion, days))
    return steps
