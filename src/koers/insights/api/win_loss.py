"""Win and loss in the API: `GET /insights/win-loss`, the same figures as the win and loss page
(decisions 148 and 155): the opportunities won and lost in the period, the won ones by reason,
the lost ones by reason and by the competitor who won, through the same scope."""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.core.http import ApiRequest
from koers.insights.api.insights import InsightPeriodOut, _period, _period_out
from koers.insights.api.pipeline import PipelineMovementIn, _known
from koers.insights.indicators.winloss import Bucket, win_loss
from koers.insights.pipeline_page import whose

router = Router(tags=["insights"])


class WinLossIn(PipelineMovementIn):
    person: int | None = Field(
        None, ge=1, le=2**31 - 1, description="One account manager's opportunities (managers)."
    )
    team: int | None = Field(
        None, ge=1, le=2**31 - 1, description="One team's opportunities (its manager)."
    )


class WinLossRowOut(Schema):
    outcome: str = Field(description="won or lost.")
    label: str
    reason: str = Field(
        description="On a lost row the reason lost (a lost_reason of an opportunity), on a won "
        "row the reason won (a won_reason); none: not recorded; empty on an outcome's or a "
        "competitor's row."
    )
    competitor: int | None = Field(
        description="The competitor who won (null on a row of no competitor named, and on "
        "the other rows)."
    )
    count: int
    value: str = Field(description="The summed estimated value, in euros.")
    share: str | None = Field(
        description="Percent of the value lost (the lost rows) or won (the won reasons' rows)."
    )


class WinLossOut(Schema):
    period: InsightPeriodOut
    won: WinLossRowOut
    lost: WinLossRowOut
    win_rate: str | None = Field(description="Won of all closed, by count, in percent.")
    value_win_rate: str | None = Field(description="Won of all closed, by value, in percent.")
    reasons: list[WinLossRowOut] = Field(description="The lost, by reason lost.")
    competitors: list[WinLossRowOut]
    won_reasons: list[WinLossRowOut] = Field(description="The won, by reason won.")


def _text(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def _row(bucket: Bucket) -> dict[str, Any]:
    competitor = bucket.competitor
    return {
        "outcome": bucket.outcome,
        "label": bucket.label,
        "reason": bucket.reason,
        "competitor": int(competitor) if competitor.isdigit() else None,
        "count": bucket.count,
        "value": _text(bucket.value),
        "share": _text(bucket.share),
    }


@router.get(
    "/insights/win-loss",
    response={200: WinLossOut, **COMMON_RESPONSES},
    summary="Get the opportunities won and lost in a period, by reason and competitor",
)
def get_insight_win_loss(request: ApiRequest, filters: Query[WinLossIn]) -> dict[str, Any]:
    """The opportunities won and lost in the period (by the moment they were closed): count
    and summed value, the won ones by reason, the lost ones by reason and by the competitor
    who won; over your own (an account manager), or one person or team you manage, within
    what you may read."""
    period = _period(filters)
    _known(filters)
    who = whose(request.auth, filters.person, filters.team)
    found = win_loss(request.auth, period, who.owners)
    return {
        "period": _period_out(period),
        "won": _row(found.won),
        "lost": _row(found.lost),
        "win_rate": _text(found.win_rate),
        "value_win_rate": _text(found.value_win_rate),
        "reasons": [_row(b) for b in found.reasons],
        "competitors": [_row(b) for b in found.competitors],
        "won_reasons": [_row(b) for b in found.won_reasons],
    }
