"""Plan against actual in the API: per target its actual, deviation, weighted pipeline,
forecast and what is still to close (`GET /targets/actuals`), and the recorded causes of
deviations (`GET /targets/deviations`, `POST /targets/{target_id}/deviation`). The targets are
those the caller reads, as on the pages; a target the caller may not read is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import Choice, Id, PageOut, Text, dump
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models.deviations import DeviationCause, TargetDeviation
from koers.planning.models.targets import (
    FIRST_TARGET_YEAR,
    LAST_TARGET_YEAR,
    Measure,
    PeriodKind,
    TargetLevel,
)
from koers.planning.targets import deviations, progress, queries

router = Router(tags=["targets"])


class ProgressFilters(Schema):
    year: int | None = Field(
        None, ge=FIRST_TARGET_YEAR, le=LAST_TARGET_YEAR, description="This year if left out."
    )
    period_kind: PeriodKind = PeriodKind.YEAR
    period: int = Field(1, ge=1, le=12, description="The month (1-12) or quarter (1-4).")
    measure: Measure = Measure.REVENUE
    level: TargetLevel | None = None
    user: Id | None = Field(None, description="Targets of this account manager.")
    team: Id | None = None


class TargetProgressOut(Schema):
    target: int
    measure: Measure
    level: TargetLevel
    team: int | None
    user: int | None
    account: int | None
    product_group: int | None
    segment: int | None
    year: int
    period_kind: PeriodKind
    period: int
    amount: str = Field(description="The target.")
    actual: str
    deviation: str = Field(description="Actual minus target.")
    deviation_percent: str | None = Field(
        description="The deviation as a percentage of the target."
    )
    pipeline: str = Field(
        description="The weighted value of the open opportunities expected to close in the "
        "period (revenue targets of a period not yet over)."
    )
    forecast: str = Field(description="Actual plus weighted pipeline.")
    still_to_close: str = Field(description="Target minus forecast, at least 0.")
    cause: DeviationCause | None


class ProgressPage(PageOut):
    results: list[TargetProgressOut]


class DeviationFilters(Schema):
    year: int | None = Field(None, ge=FIRST_TARGET_YEAR, le=LAST_TARGET_YEAR)
    cause: DeviationCause | None = None


class TargetDeviationOut(Schema):
    id: int
    target: int
    cause: DeviationCause
    comment: str
    action: str = Field(description="The corrective action.")
    recorded_by: int | None
    version: int


class DeviationPage(PageOut):
    results: list[TargetDeviationOut]


class TargetDeviationIn(Schema):
    cause: Choice(DeviationCause)  # type: ignore[valid-type]
    comment: Text(2000) = ""  # type: ignore[valid-type]
    action: Text(2000) = Field("", description="The corrective action.")  # type: ignore[valid-type]


def _money(value: Any) -> str:
    return f"{value:.2f}"


def progress_data(row: progress.Progress) -> dict[str, Any]:
    t = row.target
    deviation = getattr(t, "deviation", None)
    return {
        "target": t.pk,
        "measure": t.measure,
        "level": t.level,
        "team": t.team_id,
        "user": t.user_id,
        "account": t.account_id,
        "product_group": t.product_group_id,
        "segment": t.segment_id,
        "year": t.year,
        "period_kind": t.period_kind,
        "period": t.period,
        "amount": _money(row.amount),
        "actual": _money(row.actual),
        "deviation": _money(row.deviation),
        "deviation_percent": None if row.deviation_percent is None else str(row.deviation_percent),
        "pipeline": _money(row.pipeline),
        "forecast": _money(row.forecast),
        "still_to_close": _money(row.still_to_close),
        "cause": deviation.cause if deviation else None,
    }


def deviation_data(d: TargetDeviation) -> dict[str, Any]:
    return {
        "id": d.pk,
        "target": d.for_target_id,
        "cause": d.cause,
        "comment": d.comment,
        "action": d.action,
        "recorded_by": d.recorded_by_id,
        "version": d.version,
    }


@router.get(
    "/targets/actuals",
    response={200: ProgressPage, **COMMON_RESPONSES},
    summary="List targets with their actual and forecast",
)
def list_target_progress(
    request: ApiRequest, filters: Query[ProgressFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Per target you may read, for one period and measure: the actual, the deviation, the
    weighted pipeline, the forecast to the end of the period and what is still to close."""
    chosen = progress.ProgressFilters(
        year=filters.year or timezone.localdate().year,
        period_kind=str(getattr(filters.period_kind, "value", filters.period_kind)),
        period=filters.period,
        measure=str(getattr(filters.measure, "value", filters.measure)),
        level=str(getattr(filters.level, "value", filters.level or "")),
        user=filters.user,
        team=filters.team,
    )
    found = progress.targets_for(request.auth, chosen)
    body = paginate(request, found, page, lambda t: {"target": t})
    targets = [row["target"] for row in body["results"]]
    body["results"] = [progress_data(row) for row in progress.figures(targets)]
    return body


def _deviations(user: User, filters: DeviationFilters) -> QuerySet[TargetDeviation]:
    found = TargetDeviation.objects.filter(
        for_target__in=queries.targets_readable(user).order_by().values("pk")
    )
    if filters.year is not None:
        found = found.filter(for_target__year=filters.year)
    if filters.cause is not None:
        found = found.filter(cause=str(getattr(filters.cause, "value", filters.cause)))
    return found.order_by("for_target", "pk")


@router.get(
    "/targets/deviations",
    response={200: DeviationPage, **COMMON_RESPONSES},
    summary="List the recorded causes of deviations",
)
def list_target_deviations(
    request: ApiRequest, filters: Query[DeviationFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The causes recorded on the targets you may read."""
    return paginate(request, _deviations(request.auth, filters), page, deviation_data)


@router.post(
    "/targets/{target_id}/deviation",
    response={200: TargetDeviationOut, **COMMON_RESPONSES},
    summary="Record the cause of a target's deviation",
)
def record_target_deviation(request: ApiRequest, target_id: Id, payload: TargetDeviationIn) -> Any:
    """Records, or changes, the cause and the corrective action of the target's deviation: by
    its owner (the account manager, the team's manager) or whoever sets it."""
    user: User = request.auth
    target = (
        queries.targets_readable(user)
        .select_related("team", "account")
        .filter(pk=target_id)
        .first()
    )
    if target is None:
        raise Http404
    recorded = deviations.deviation_record(
        actor=user,
        target=target,
        cause=str(getattr(payload.cause, "value", payload.cause)),
        comment=payload.comment,
        action=payload.action,
    )
    return dump(TargetDeviationOut, deviation_data(recorded))
