"""The company's figures in the API: `GET /insights/company` with `by` teams, segments or
product groups, the same sheets as `/insights/company/`, for administrators and the sales
director."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.core import access
from koers.core.http import ApiRequest
from koers.insights import company
from koers.insights.api.insights import (
    InsightFiguresIn,
    InsightIndicatorOut,
    InsightPeriodOut,
    _about,
    _period,
    _period_out,
    _text,
)

router = Router(tags=["insights"])


class CompanyBy(StrEnum):
    TEAMS = "teams"
    SEGMENTS = "segments"
    PRODUCT_GROUPS = "product_groups"


class CompanyIn(InsightFiguresIn):
    by: CompanyBy = Field(CompanyBy.TEAMS, description="What is set side by side.")


class CompanyRowOut(Schema):
    id: int | None = Field(description="The team's, segment's or main product group's id.")
    name: str
    figures: dict[str, str | None] = Field(
        description="Per indicator key the figure; for product groups revenue, margin, "
        "share (percent of the total revenue) and revenue_compared."
    )


class CompanyOut(Schema):
    by: CompanyBy
    period: InsightPeriodOut
    previous_period: InsightPeriodOut | None = Field(
        description="Product groups: the period their revenue is compared with."
    )
    indicators: list[InsightIndicatorOut] = Field(
        description="The indicators of the teams and segments sheets (empty for product groups)."
    )
    rows: list[CompanyRowOut]
    totals: dict[str, str | None]


@router.get(
    "/insights/company",
    response={200: CompanyOut, **COMMON_RESPONSES},
    summary="Get the company's figures by team, segment or product group",
)
def get_insight_company(request: ApiRequest, filters: Query[CompanyIn]) -> dict[str, Any]:
    """Teams or segments side by side on the indicators, or revenue and margin per main product
    group, over everything; for administrators and the sales director."""
    if not access.can_read_company_insights(request.auth):
        raise PermissionDenied
    period = _period(filters)
    by = str(getattr(filters.by, "value", filters.by))
    if by == CompanyBy.PRODUCT_GROUPS:
        against = period.compared(str(getattr(filters.compare, "value", filters.compare)))
        groups = company.by_product_group(request.auth, period, against)
        return {
            "by": by,
            "period": _period_out(period),
            "previous_period": _period_out(against) if against else None,
            "indicators": [],
            "rows": [
                {
                    "id": row.group.pk if row.group else None,
                    "name": row.label,
                    "figures": {
                        "revenue": _text(row.revenue),
                        "margin": _text(row.margin),
                        "share": _text(row.share),
                        "revenue_compared": _text(row.revenue_before),
                    },
                }
                for row in groups.rows
            ],
            "totals": {
                "revenue": _text(groups.revenue),
                "margin": _text(groups.margin),
                "revenue_compared": _text(groups.revenue_before),
            },
        }
    sheet = (
        company.by_team(request.auth, period)
        if by == CompanyBy.TEAMS
        else company.by_segment(request.auth, period)
    )
    return {
        "by": by,
        "period": _period_out(period),
        "previous_period": None,
        "indicators": [_about(i) for i in sheet.indicators],
        "rows": [
            {
                "id": row.id,
                "name": row.label,
                "figures": {f.indicator.key: _text(f.value) for f in row.figures},
            }
            for row in sheet.rows
        ],
        "totals": {f.indicator.key: _text(f.value) for f in sheet.totals},
    }
