"""The portfolio and account health in the API: an account's health score with its components
and trend, the nine cells of the portfolio matrix with their counts, and the accounts of one
cell a page at a time. Read like the account (docs/decisions.md, 120)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import Http404
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PageOut
from koers.core.http import ApiRequest
from koers.planning.portfolio import matrix, queries

router = Router(tags=["portfolio"])

AccountId = PathEx[int, P(ge=1, le=MAX_ID, description="The account's id.")]
Band = Literal["low", "medium", "high", "none"]


class ComponentOut(Schema):
    key: str = Field(description="contact, satisfaction, complaints, revenue or plan.")
    label: str
    weight: int = Field(description="Its weight when every component is available.")
    available: bool
    points: float | None = Field(description="Its points in the score; null: not available.")
    max_points: float = Field(description="Its weight re-normalised over the available ones.")
    reason: str = Field(description="One line on why, in the reader's language.")


class MonthOut(Schema):
    month: date = Field(description="The first day of the month.")
    score: int | None


class HealthOut(Schema):
    account_id: int
    as_of: date
    score: int | None = Field(description="0-100; null when no component is available.")
    components: list[ComponentOut]
    trend: list[MonthOut] = Field(description="The kept monthly scores, oldest first (12 at most).")


class CellOut(Schema):
    attractiveness: Band
    relationship: Band
    count: int
    differing: int = Field(description="Accounts whose tier differs from the suggested tier.")
    suggested_tier: str
    suggested_plan_type: str = Field(description="acquire, grow or retain.")


class PortfolioOut(Schema):
    cells: list[CellOut]
    unscored: int = Field(description="Accounts without both scores in an analysis.")


class PortfolioFilters(Schema):
    owner: Id | None = Field(None, description="The accounts of this account manager.")


class CellAccountOut(Schema):
    id: int
    name: str
    owner_id: int
    tier: str
    suggested_tier: str
    attractiveness: int | None
    relationship_strength: int | None
    health: int | None = Field(description="The score of the latest kept month.")


class CellPage(PageOut):
    results: list[CellAccountOut]


@router.get(
    "/accounts/{account_id}/health",
    response={200: HealthOut, **COMMON_RESPONSES},
    summary="Read an account's health score",
)
def get_account_health(request: ApiRequest, account_id: AccountId) -> dict[str, Any]:
    """The score as of today with each component's points and reason, and the monthly trend."""
    account = queries.readable_account(request.auth, account_id)
    if account is None:
        raise Http404
    return queries.health_data(queries.account_health(account))


@router.get(
    "/portfolio",
    response={200: PortfolioOut, **COMMON_RESPONSES},
    summary="Read the portfolio matrix",
)
def get_portfolio(request: ApiRequest, filters: Query[PortfolioFilters]) -> dict[str, Any]:
    """The nine cells (attractiveness against relationship) of the accounts of your portfolio
    with their counts and suggestions; an account manager's own accounts, a manager's team's."""
    grid, unscored = matrix.cells(request.auth, filters.owner)
    return {
        "cells": [
            {
                "attractiveness": c.attractiveness,
                "relationship": c.relationship,
                "count": c.count,
                "differing": c.differing,
                "suggested_tier": c.tier,
                "suggested_plan_type": c.plan_type,
            }
            for c in grid
        ],
        "unscored": unscored,
    }


def _account(account: Account) -> dict[str, Any]:
    row: Any = account
    return {
        "id": account.pk,
        "name": account.name,
        "owner_id": account.owner_id,
        "tier": account.tier,
        "suggested_tier": row.suggested_tier,
        "attractiveness": row.attractiveness,
        "relationship_strength": row.relationship,
        "health": row.health,
    }


@router.get(
    "/portfolio/{attractiveness}/{relationship}",
    response={200: CellPage, **COMMON_RESPONSES},
    summary="List the accounts of a portfolio cell",
)
def list_portfolio_cell(
    request: ApiRequest,
    attractiveness: Band,
    relationship: Band,
    filters: Query[PortfolioFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The accounts of one cell by name; `none/none` lists those not scored yet."""
    if not matrix.valid_cell(attractiveness, relationship):
        raise Http404
    found = queries.with_health(
        matrix.cell_accounts(request.auth, attractiveness, relationship, filters.owner)
    )
    return paginate(request, found, page, _account)
