"""The whitespace grid's estimates in the API (docs/decisions.md, 128 and 144): list the
estimated potential per main product group of an account and its branches, and set one cell
(an idempotent upsert: the same body twice leaves one estimate; a null amount removes it).
Read like the account; set by who may change the account. Amounts are decimal strings in euros.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, BodyId, In
from koers.api.schemas import PageOut as _PageOut
from koers.core import access
from koers.core.http import ApiRequest
from koers.planning.models import WhitespaceEstimate
from koers.planning.plans.api.schemas import Amount
from koers.planning.plans.whitespace_services import whitespace_estimate_set
from koers.sales.models import ProductGroup

router = Router(tags=["account plans"])

AccountId = PathEx[int, P(ge=1, le=MAX_ID, description="The account's or branch's id.")]


class WhitespaceEstimateOut(Schema):
    account_id: int = Field(description="The account or branch of the row.")
    product_group_id: int = Field(description="A main product group.")
    amount: str | None = Field(description="The estimated potential a year; null: none.")
    updated_at: datetime | None
    updated_by_id: int | None


class WhitespaceEstimatePage(_PageOut):
    results: list[WhitespaceEstimateOut]


class WhitespaceEstimateIn(In):
    product_group_id: BodyId = Field(description="A main product group in use.")
    amount: Amount | None = Field(description="The potential a year; null removes the estimate.")


def _data(row: WhitespaceEstimate) -> dict[str, Any]:
    return {
        "account_id": row.account_id,
        "product_group_id": row.product_group_id,
        "amount": str(row.amount),
        "updated_at": row.updated_at,
        "updated_by_id": row.updated_by_id,
    }


def _account(request: ApiRequest, pk: int) -> Account:
    found = access.accounts_readable(request.auth).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _rows(request: ApiRequest, account: Account) -> QuerySet[WhitespaceEstimate]:
    """The estimates of the account and of its branches the reader may read."""
    readable = access.accounts_readable(request.auth).filter(
        Q(pk=account.pk) | Q(parent=account.pk)
    )
    return WhitespaceEstimate.objects.filter(account__in=readable.values("pk")).order_by(
        "account", "product_group", "pk"
    )


@router.get(
    "/accounts/{account_id}/whitespace/estimates",
    response={200: WhitespaceEstimatePage, **COMMON_RESPONSES},
    summary="List an account's whitespace estimates",
)
def list_whitespace_estimates(
    request: ApiRequest, account_id: AccountId, page: Query[PageParams]
) -> dict[str, Any]:
    """The estimated potential per main product group of the account and its branches."""
    return paginate(request, _rows(request, _account(request, account_id)), page, _data)


@router.put(
    "/accounts/{account_id}/whitespace/estimates",
    response={200: WhitespaceEstimateOut, **COMMON_RESPONSES},
    summary="Set a whitespace estimate",
)
def set_whitespace_estimate(
    request: ApiRequest, account_id: AccountId, payload: WhitespaceEstimateIn
) -> dict[str, Any]:
    """Sets the estimate of one cell (the account or branch and a main product group); the same
    request twice leaves the same one estimate. A null amount removes it."""
    account = _account(request, account_id)
    group = ProductGroup.objects.filter(pk=payload.product_group_id).first()
    if group is None:
        raise FieldErrors(
            {
                "product_group_id": [
                    _("There is no product group with id %(id)s.")
                    % {"id": payload.product_group_id}
                ]
            },
            code="not_found",
        )
    amount = None if payload.amount is None else Decimal(payload.amount)
    saved = whitespace_estimate_set(
        actor=request.auth, account=account, product_group=group, amount=amount
    )
    if saved is None:
        return {
            "account_id": account.pk,
            "product_group_id": group.pk,
            "amount": None,
            "updated_at": None,
            "updated_by_id": None,
        }
    return _data(saved)
