"""Pipeline movement in the API: `GET /insights/pipeline-movement`, the same figures as the
pipeline page (what moved between the snapshots at the period's start and end, and the funnel
of the deals closed in the period), through the same scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.core.http import ApiRequest
from koers.core.models import Team, User
from koers.insights import movement
from koers.insights.api.insights import InsightPeriodIn, InsightPeriodOut, _period, _period_out
from koers.insights.indicators.funnel import funnel
from koers.insights.pipeline_page import moved, whose

router = Router(tags=["insights"])


class PipelineMovementIn(InsightPeriodIn):
    person: int | None = Field(
        None, ge=1, le=2**31 - 1, description="One account manager's pipeline (managers)."
    )
    team: int | None = Field(
        None, ge=1, le=2**31 - 1, description="One team's pipeline (its manager)."
    )


class PipelineMovedOut(Schema):
    key: str = Field(description="new, advanced, slipped, won or lost.")
    label: str
    count: int
    value: str = Field(description="The summed estimated value, in euros.")


class PipelineFunnelStepOut(Schema):
    stage: str
    label: str
    reached: int
    conversion: str | None = Field(description="Percent on to the next stage; null for won.")
    days: str | None = Field(description="Average days in the stage; null if none left it.")


class PipelineMovementOut(Schema):
    period: InsightPeriodOut
    start_week: dt.date | None = Field(
        description="The Monday of the snapshot compared at the start; null: none taken yet."
    )
    end_week: dt.date | None
    moved: list[PipelineMovedOut]
    funnel: list[PipelineFunnelStepOut]


def _text(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


def _known(filters: PipelineMovementIn) -> None:
    if filters.person is not None and not User.objects.filter(pk=filters.person).exists():
        raise FieldErrors({"person": [_("There is no user with this id.")]}, code="not_found")
    if filters.team is not None and not Team.objects.filter(pk=filters.team).exists():
        raise FieldErrors({"team": [_("There is no team with this id.")]}, code="not_found")


@router.get(
    "/insights/pipeline-movement",
    response={200: PipelineMovementOut, **COMMON_RESPONSES},
    summary="Get what moved in the pipeline in a period",
)
def get_insight_pipeline_movement(
    request: ApiRequest, filters: Query[PipelineMovementIn]
) -> dict[str, Any]:
    """What moved between the weekly pipeline snapshots at the period's start and end (new,
    advanced, slipped, won, lost: count and value), and the funnel of the opportunities
    closed in the period; over your own pipeline (an account manager), or one person or team
    you manage, within what you may read."""
    period = _period(filters)
    _known(filters)
    user = request.auth
    who = whose(user, filters.person, filters.team)
    week_a, week_b = movement.weeks(period.start, period.end)
    return {
        "period": _period_out(period),
        "start_week": week_a,
        "end_week": week_b,
        "moved": [
            {"key": m.category, "label": m.label, "count": m.count, "value": _text(m.value)}
            for m in (moved(user, period, who.owners) if week_a else [])
        ],
        "funnel": [
            {
                "stage": s.stage,
                "label": s.label,
                "reached": s.reached,
                "conversion": _text(s.conversion),
                "days": _text(s.days),
            }
            for s in funnel(user, period, who.owners)
        ],
    }
