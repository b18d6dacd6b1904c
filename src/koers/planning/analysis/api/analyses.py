"""Account analyses: list (filter by account), read, make, change. The same access as the
pages: read with the account, made and changed by who may change it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, dump
from koers.api.versioning import patch_versioned
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.analysis import queries, services
from koers.planning.analysis.api.schemas import (
    AnalysisConflictOut,
    AnalysisDetailOut,
    AnalysisIn,
    AnalysisPage,
    AnalysisPatch,
    analysis_data,
    analysis_detail_data,
)
from koers.planning.analysis.ratios import FIGURE_NAMES
from koers.planning.models import AccountAnalysis
from koers.relations.api.common import writable_account as _writable_account

router = Router(tags=["account analyses"])

AnalysisId = PathEx[int, P(ge=1, le=MAX_ID, description="The analysis's id.")]
DECIMALS = ("purchase_volume", "investment_money", "investment_hours", "hourly_cost")


class AnalysisFilters(Schema):
    account: Id | None = Field(None, description="The analyses of this account.")


def _rows(user: User) -> QuerySet[AccountAnalysis]:
    return queries.analyses_readable(user).select_related("account").prefetch_related("years")


def _detail(user: User, pk: int) -> dict[str, Any]:
    return analysis_detail_data(queries.view_of(queries.analysis_for_detail(user, pk)))


def _years(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "year": row["year"],
            **{n: None if row.get(n) is None else Decimal(row[n]) for n in FIGURE_NAMES},
        }
        for row in rows
    ]


def _service_data(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for name in DECIMALS:
        if out.get(name) is not None:
            out[name] = Decimal(out[name])
    if "verdict" in out:
        out["verdict"] = getattr(out["verdict"], "value", out["verdict"]) or ""
    if "years" in out:
        out["years"] = _years(out["years"])
    return out


@router.get(
    "/account-analyses",
    response={200: AnalysisPage, **COMMON_RESPONSES},
    summary="List account analyses",
)
def list_analyses(
    request: ApiRequest, filters: Query[AnalysisFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The analyses of the accounts you may read, the latest first, with their years and
    ratios (the figures from our own orders are on the analysis itself)."""
    rows = _rows(request.auth)
    if filters.account is not None:
        rows = rows.filter(account_id=filters.account)
    return paginate(request, rows.order_by("-analysed_on", "-pk"), page, analysis_data)


@router.post(
    "/account-analyses",
    response={201: AnalysisDetailOut, **COMMON_RESPONSES},
    summary="Make an account analysis",
)
def create_analysis(
    request: ApiRequest, payload: AnalysisIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A new, dated analysis of an account you may change; earlier ones are kept."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = _writable_account(user, payload.account_id)
        data = _service_data(payload.model_dump(exclude={"account_id"}))
        analysis = services.analysis_create(actor=user, account=account, **data)
        return 201, dump(AnalysisDetailOut, _detail(user, analysis.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/account-analyses/{analysis_id}",
    response={200: AnalysisDetailOut, **COMMON_RESPONSES},
    summary="Read an account analysis",
)
def get_analysis(request: ApiRequest, analysis_id: AnalysisId) -> dict[str, Any]:
    return _detail(request.auth, analysis_id)


@router.patch(
    "/account-analyses/{analysis_id}",
    response={200: AnalysisDetailOut, 409: AnalysisConflictOut, **COMMON_RESPONSES},
    summary="Change an account analysis",
)
def update_analysis(
    request: ApiRequest, analysis_id: AnalysisId, payload: AnalysisPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent; `years` replace the years. A stale `version` is a 409
    with the current analysis."""
    user: User = request.auth
    analysis = queries.analysis_for_detail(user, analysis_id)
    if not queries.may_change(user, analysis):
        raise NotAllowed

    def save(version: int, data: dict[str, Any]) -> None:
        data = _service_data(data)
        years = data.pop("years", None)
        services.analysis_update(
            actor=user, analysis=analysis, expected_version=version, data=data, years=years
        )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, analysis_id))
