"""The whitespace grid of an account, the realism check of a plan and the plan as a PDF
(docs/decisions.md, 128). Read like the account (the plan's account); amounts are decimal
strings in euros."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpResponse
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.schemas import MAX_ID
from koers.core import access
from koers.core.http import ApiRequest
from koers.planning.plans import document, queries, realism, whitespace
from koers.planning.plans.api.schemas import Amount

router = Router(tags=["account plans"])

AccountId = PathEx[int, P(ge=1, le=MAX_ID, description="The account's id.")]
PlanId = PathEx[int, P(ge=1, le=MAX_ID, description="The plan's id.")]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


class WhitespaceGroupOut(Schema):
    id: int
    code: str
    name: str


class WhitespaceCellOut(Schema):
    product_group_id: int
    revenue: str = Field(description="Delivered revenue of the last twelve months.")
    estimate: str | None = Field(description="The estimated potential a year; null: none given.")
    open_count: int = Field(description="Open opportunities in the group.")
    open_amount: str
    empty: bool = Field(description="Neither revenue nor an open opportunity: whitespace.")


class WhitespaceRowOut(Schema):
    account_id: int
    name: str
    purchase_volume: str | None = Field(
        description="The latest analysis' purchase volume in our categories."
    )
    cells: list[WhitespaceCellOut]


class WhitespaceOut(Schema):
    account_id: int
    as_of: str
    product_groups: list[WhitespaceGroupOut]
    rows: list[WhitespaceRowOut] = Field(
        description="The account, then its branches (those you may read)."
    )


class RealismMeasureOut(Schema):
    key: str = Field(description="last_year, average, pipeline or wallet.")
    percent: int | None = Field(description="null: not available.")
    warning: bool
    text: str = Field(description="One line in the reader's language.")


class RealismOut(Schema):
    plan_id: int
    expected_revenue: str | None
    revenue: dict[str, str] = Field(description="Delivered revenue per year, the three before.")
    pipeline: str = Field(description="The open deals of the account, weighted.")
    purchase_volume: str | None
    measures: list[RealismMeasureOut]


class RealismParams(Schema):
    expected_revenue: Amount | None = Field(
        None, description="Check this amount instead of the plan's expected revenue."
    )


class PlanPdfParams(Schema):
    variant: Literal["internal", "customer"] = Field(
        "internal",
        description="customer: without margins, the DMU map, our investment and comments.",
    )


def _cell(cell: whitespace.Cell) -> dict[str, Any]:
    return {
        "product_group_id": cell.group.pk,
        "revenue": _money(cell.revenue),
        "estimate": _money(cell.estimate),
        "open_count": cell.open_count,
        "open_amount": _money(cell.open_amount),
        "empty": cell.empty,
    }


@router.get(
    "/accounts/{account_id}/whitespace",
    response={200: WhitespaceOut, **COMMON_RESPONSES},
    summary="Read an account's whitespace grid",
)
def get_whitespace(request: ApiRequest, account_id: AccountId) -> dict[str, Any]:
    """Per row (the account, its branches) and main product group: revenue, estimate and open
    opportunities."""
    account = access.accounts_readable(request.auth).filter(pk=account_id).first()
    if account is None:
        raise Http404
    grid = whitespace.grid_of(request.auth, account)
    return {
        "account_id": account.pk,
        "as_of": grid.as_of.isoformat(),
        "product_groups": [{"id": g.pk, "code": g.code, "name": g.name} for g in grid.groups],
        "rows": [
            {
                "account_id": row.account.pk,
                "name": row.account.name,
                "purchase_volume": _money(row.purchase_volume),
                "cells": [_cell(c) for c in row.cells],
            }
            for row in grid.rows
        ],
    }


def _plan(request: ApiRequest, pk: int) -> Any:
    found = (
        queries.plans_readable(request.auth)
        .select_related("account", "owner", "analysis")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get(
    "/account-plans/{plan_id}/realism",
    response={200: RealismOut, **COMMON_RESPONSES},
    summary="Check a plan's expected revenue",
)
def get_plan_realism(
    request: ApiRequest, plan_id: PlanId, params: Query[RealismParams]
) -> dict[str, Any]:
    """The expected revenue against the last three years, the weighted pipeline and the
    account's purchases in our categories."""
    plan = _plan(request, plan_id)
    expected = (
        Decimal(params.expected_revenue)
        if params.expected_revenue is not None
        else plan.expected_revenue
    )
    check = realism.realism_of(realism.facts_of(request.auth, plan, expected))
    facts = check.facts
    return {
        "plan_id": plan.pk,
        "expected_revenue": _money(facts.expected),
        "revenue": {str(y): _money(v) for y, v in sorted(facts.revenue.items())},
        "pipeline": _money(facts.pipeline),
        "purchase_volume": _money(facts.purchase_volume),
        "measures": [
            {
                "key": m.key,
                "percent": None if m.percent is None else int(m.percent),
                "warning": m.warning,
                "text": m.text,
            }
            for m in check.measures
        ],
    }


@router.get(
    "/account-plans/{plan_id}/pdf",
    response={200: Any, **COMMON_RESPONSES},
    summary="The plan as a PDF",
    openapi_extra={
        "responses": {200: {"description": "The PDF.", "content": {"application/pdf": {}}}}
    },
)
def get_plan_pdf(
    request: ApiRequest, plan_id: PlanId, params: Query[PlanPdfParams]
) -> HttpResponse:
    """Internal (everything), or for the customer (without the internal parts)."""
    plan = queries.plan_for_detail(request.auth, plan_id)
    content = document.plan_pdf(plan, request.auth, params.variant)
    response = HttpResponse(content, content_type="application/pdf")
    name = document.file_name(plan, params.variant)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
