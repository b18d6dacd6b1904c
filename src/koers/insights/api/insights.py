"""The indicators in the API: `GET /insights/indicators` (the caller's own figures, as on their
dashboard) and `GET /insights/team` (the manager's matrix). The same figures as the pages,
through the same scope; a period the caller leaves out is the current month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from koers.accounts.models import Segment
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.schemas import PlanDate
from koers.core.http import ApiRequest
from koers.core.models import Team
from koers.insights import figures
from koers.insights.periods import Period, period_from
from koers.insights.registry import Indicator
from koers.sales.models import ProductGroup

router = Router(tags=["insights"])


class InsightPeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


class InsightTier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class InsightCompare(StrEnum):
    PREVIOUS = "previous"
    LAST_YEAR = "last_year"
    NONE = "none"


class InsightPeriodIn(Schema):
    period: InsightPeriodKind = InsightPeriodKind.MONTH
    date: PlanDate | None = Field(None, description="A day in the period; today if left out.")
    start: PlanDate | None = Field(None, description="The first day of a range (period=range).")
    end: PlanDate | None = Field(None, description="The last day of a range (period=range).")
    segment: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Only rows of accounts in this segment."
    )
    tier: InsightTier | None = Field(None, description="Only rows of accounts of this tier.")
    product_group: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="Only sales in this product group (a main group with its subgroups). "
        "Figures that cannot be narrowed to it are null (`by_product_group` false).",
    )


class InsightFiguresIn(InsightPeriodIn):
    compare: InsightCompare = Field(
        InsightCompare.PREVIOUS,
        description="Compare with the previous period, the same period last year, or none.",
    )


class InsightTeamIn(InsightPeriodIn):
    team: int | None = Field(
        None, ge=1, le=2**31 - 1, description="One team's account managers only."
    )


class InsightPeriodOut(Schema):
    kind: str
    start: dt.date
    end: dt.date
    segment: int | None = Field(description="The segment the figures count; null: all.")
    tier: str = Field(description="The tier the figures count; empty: all.")
    product_group: int | None = Field(description="The product group the figures count; null: all.")


class InsightIndicatorOut(Schema):
    key: str
    name: str
    definition: str
    formula: str
    source: str
    unit: str = Field(
        description="money (euros), count, percent, days (an average) or average (one decimal)."
    )
    per_period: bool = Field(description="False for a figure of today (the period is ignored).")
    by_product_group: bool = Field(
        description="True where the figure can be narrowed to a product group; with "
        "`product_group` given, the others are null."
    )


class InsightFigureOut(InsightIndicatorOut):
    value: str | None
    previous: str | None = Field(
        description="The same figure in the period compared with (none: null)."
    )
    light: str = Field(description="good, warn or bad against a target or norm; empty if none.")
    team_lower_quartile: str | None
    team_median: str | None
    team_upper_quartile: str | None


class InsightFiguresOut(Schema):
    period: InsightPeriodOut
    previous_period: InsightPeriodOut | None = Field(
        description="The period compared with (`compare`); null for compare=none."
    )
    indicators: list[InsightFigureOut]


class InsightPersonOut(Schema):
    user: int
    name: str
    figures: dict[str, str | None] = Field(description="Per indicator key, the figure.")


class InsightTeamOut(Schema):
    period: InsightPeriodOut
    indicators: list[InsightIndicatorOut]
    people: list[InsightPersonOut]
    totals: dict[str, str | None]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _period(filters: InsightPeriodIn) -> Period:
    kind = str(getattr(filters.period, "value", filters.period))
    if kind == "range":
        missing: dict[str | None, list[str]] = {
            name: [_("Required for a date range.")]
            for name in ("start", "end")
            if getattr(filters, name) is None
        }
        if missing:
            raise FieldErrors(missing, code="needs_field")
    if filters.segment is not None and not Segment.objects.filter(pk=filters.segment).exists():
        raise FieldErrors({"segment": [_("There is no segment with this id.")]}, code="not_found")
    if (
        filters.product_group is not None
        and not ProductGroup.objects.filter(pk=filters.product_group).exists()
    ):
        raise FieldErrors(
            {"product_group": [_("There is no product group with this id.")]}, code="not_found"
        )
    data = {
        "period": kind,
        "date": filters.date,
        "start": filters.start,
        "end": filters.end,
        "segment": filters.segment,
        "tier": str(getattr(filters.tier, "value", filters.tier or "")),
        "product_group": filters.product_group,
    }
    return period_from(
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()},
        timezone.localdate(),
    )


def _period_out(period: Period) -> dict[str, Any]:
    return {
        "kind": period.kind,
        "start": period.start,
        "end": period.end,
        "segment": period.accounts.segment,
        "tier": period.accounts.tier,
        "product_group": period.accounts.product_group,
    }


def _about(indicator: Indicator) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "name": str(indicator.name),
        "definition": str(indicator.definition),
        "formula": str(indicator.formula),
        "source": str(indicator.source),
        "unit": indicator.unit,
        "per_period": indicator.per_period,
        "by_product_group": indicator.by_product_group,
    }


def _figure(f: figures.Figure) -> dict[str, Any]:
    spread = f.spread
    return {
        **_about(f.indicator),
        "value": _text(f.value),
        "previous": _text(f.previous),
        "light": f.light,
        "team_lower_quartile": _text(spread.q1) if spread else None,
        "team_median": _text(spread.median) if spread else None,
        "team_upper_quartile": _text(spread.q3) if spread else None,
    }


@router.get(
    "/insights/indicators",
    response={200: InsightFiguresOut, **COMMON_RESPONSES},
    summary="Get your indicators for a period",
)
def get_insight_indicators(request: ApiRequest, filters: Query[InsightFiguresIn]) -> dict[str, Any]:
    """Your figures for the period (an account manager: your own; anyone else: everything you
    may read), those of the period compared with (`compare`), and your team's quartiles
    (naming nobody), each with its definition, formula and source."""
    period = _period(filters)
    compare = str(getattr(filters.compare, "value", filters.compare))
    against = period.compared(compare)
    found = figures.my_figures(request.auth, period, against=compare)
    return {
        "period": _period_out(period),
        "previous_period": _period_out(against) if against else None,
        "indicators": [_figure(f) for f in found],
    }


@router.get(
    "/insights/team",
    response={200: InsightTeamOut, **COMMON_RESPONSES},
    summary="Get the team's indicators side by side",
)
def get_insight_team(request: ApiRequest, filters: Query[InsightTeamIn]) -> dict[str, Any]:
    """Every account manager of the teams you manage (the sales director and administrators:
    of every team, or of `team`) on every indicator, for managers."""
    if not figures.reads_team(request.auth):
        raise PermissionDenied
    period = _period(filters)
    if filters.team is not None and not Team.objects.filter(pk=filters.team).exists():
        raise FieldErrors({"team": [_("There is no team with this id.")]}, code="not_found")
    matrix = figures.team_matrix(request.auth, period, team=filters.team)
    return {
        "period": _period_out(period),
        "indicators": [_about(i) for i in matrix.indicators],
        "people": [
            {
                "user": row.person.pk,
                "name": row.person.get_full_name() or row.person.username,
                "figures": {f.indicator.key: _text(f.value) for f in row.figures},
            }
            for row in matrix.rows
        ],
        "totals": {f.indicator.key: _text(f.value) for f in matrix.totals},
    }
