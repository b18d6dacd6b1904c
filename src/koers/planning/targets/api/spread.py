"""Spreading an account manager's target in the API (docs/decisions.md, 144, 149 and 156): the
rows it may be spread over with last year's shares (accounts, product groups, or accounts and
product groups; a page at a time, as every list), and the spread itself (all parts or none;
the same body twice changes nothing the second time, as the bulk upsert). Who may: who sets
the account manager's target, and the account manager themself."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.pagination import PageParams, paginate_computed
from koers.api.schemas import MAX_ID, BodyId, In, PageOut, Text
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.planning.models.targets import Target, TargetLevel
from koers.planning.targets import queries, services, spread_parts
from koers.planning.targets.api.targets import TargetOut, target_data

router = Router(tags=["targets"])

TargetId = PathEx[int, P(ge=1, le=MAX_ID, description="The account manager's target.")]
Over = Literal["accounts", "product_groups", "account_groups"]
Percentage = Text(
    7,
    pattern=r"^(100(\.00?)?|[0-9]{1,2}(\.[0-9]{1,2})?)$",
    message=lambda: _("Give a percentage with a point for the decimals, like 12.5."),
    examples=["33.33"],
)


class SpreadParams(Schema):
    over: Over = Field(
        "accounts",
        description="The account manager's accounts, their product groups, or each account's "
        "product groups.",
    )


class SpreadRowOut(Schema):
    account: int | None = Field(description="The account (over accounts, or over both).")
    product_group: int | None = Field(description="The main product group (over groups, or both).")
    name: str = Field(description="The account's or the group's name, or both.")
    last_year: str = Field(description="Last year's delivered revenue.")
    share: str = Field(description="Its share of last year's revenue, in percent.")
    current: str | None = Field(description="The target set now for the same period.")


class SpreadPage(PageOut):
    target_id: int
    over: Over
    amount: str = Field(description="The account manager's target that is spread.")
    results: list[SpreadRowOut]


class SpreadPartIn(In):
    account: BodyId | None = Field(None, description="One of the account manager's accounts.")
    product_group: BodyId | None = Field(
        None, description="A main product group in use (with `account`: that account's)."
    )
    percentage: Percentage  # type: ignore[valid-type]


class SpreadIn(In):
    parts: list[SpreadPartIn] = Field(
        min_length=1, max_length=20000, description="Percentages adding up to 100."
    )


class SpreadResultOut(Schema):
    targets: list[TargetOut]


def _source(request: ApiRequest, pk: int) -> Target:
    found = queries.targets_readable(request.auth).filter(pk=pk, level=TargetLevel.USER).first()
    if found is None:
        raise Http404
    if not spread_parts.may_spread(request.auth, found):
        raise NotAllowed
    return found


@router.get(
    "/targets/{target_id}/spread",
    response={200: SpreadPage, **COMMON_RESPONSES},
    summary="Rows to spread a target over",
)
def get_target_spread(
    request: ApiRequest,
    target_id: TargetId,
    params: Query[SpreadParams],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The account manager's accounts (or main product groups, or each account's main product
    groups), each with its share of last year's revenue as the suggested percentage; a page at
    a time (over both, an account manager may have tens of thousands of rows). The shares of
    all rows together add up to 100."""
    source = _source(request, target_id)
    rows = spread_parts.spread_rows(source, params.over)
    body = paginate_computed(request, rows, page, _row_data)
    return {"target_id": source.pk, "over": params.over, "amount": str(source.amount), **body}


def _row_data(r: spread_parts.SpreadRow) -> dict[str, Any]:
    return {
        "account": r.ids["account"],
        "product_group": r.ids["product_group"],
        "name": r.name,
        "last_year": str(r.last_year.quantize(Decimal("0.01"))),
        "share": str(r.share),
        "current": None if r.current is None else str(r.current),
    }


def _part(index: int, part: SpreadPartIn) -> tuple[str, dict[str, int | None], Decimal]:
    """An account, a product group (the account manager's), or both (the account's)."""
    percentage = Decimal(part.percentage)
    if part.account is None and part.product_group is None:
        message = _("Name an account, a product group or both.")
        raise FieldErrors({f"parts.{index}.account": [message]}, code="needs_field")
    if part.product_group is None:
        return TargetLevel.ACCOUNT, {"account": part.account}, percentage
    if part.account is None:
        return TargetLevel.USER_GROUP, {"product_group": part.product_group}, percentage
    ids: dict[str, int | None] = {"account": part.account, "product_group": part.product_group}
    return TargetLevel.ACCOUNT_GROUP, ids, percentage


@router.post(
    "/targets/{target_id}/spread",
    response={200: SpreadResultOut, **COMMON_RESPONSES},
    summary="Spread a target over accounts and/or product groups",
)
def spread_target(request: ApiRequest, target_id: TargetId, payload: SpreadIn) -> dict[str, Any]:
    """Makes or changes the target of each part (same measure and period) as its percentage
    of the account manager's target, in one transaction: all parts, or none."""
    source = _source(request, target_id)
    parts = [_part(i, p) for i, p in enumerate(payload.parts)]
    for level, ids, _p in parts:
        if level == TargetLevel.USER_GROUP:
            ids["user"] = source.user_id
    saved = services.target_spread_parts(actor=request.auth, source=source, parts=parts)
    return {"targets": [target_data(t) for t in saved]}
