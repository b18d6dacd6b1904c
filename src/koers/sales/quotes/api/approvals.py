"""The approval beyond the mandate in the API: approve or return a version that waits (the same
services and rules as the page), and the pending steps the caller may decide, oldest first.

A delegate of another team reads the version through its pending step, as on the page; a step
they may not decide is a 403, a version that waits for nothing a 409 with the version as it is,
returning without a comment a 422 naming `comment`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Query, Router

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import act
from koers.sales.catalogue.queries import sees_cost_prices
from koers.sales.models import QuoteApproval, QuoteLine, QuoteLineGroup, QuoteVersion
from koers.sales.quotes import approval_queries, queries, services
from koers.sales.quotes.api.quotes import ACTION_RESPONSES, VersionId
from koers.sales.quotes.api.schemas import (
    ApprovalIn,
    PendingApprovalPage,
    ReturnIn,
    VersionConflictOut,
    VersionOut,
    approval_data,
    version_data,
)

router = Router(tags=["quotes"])


def _reachable(user: User, pk: int) -> QuoteVersion:
    """Raises QuoteVersion.DoesNotExist (a 404) for a version the user neither reads nor may
    decide a step of."""
    found = queries.versions_readable(user).filter(pk=pk).exists()
    if not found and not approval_queries.decidable_version(user, pk):
        raise QuoteVersion.DoesNotExist
    return QuoteVersion.objects.select_related("quote").get(pk=pk)


def _read(user: User, pk: int) -> dict[str, Any]:
    """The version as it is now; its access was checked before the action."""
    lines = Prefetch("lines", QuoteLine.objects.order_by("position", "pk"))
    version = QuoteVersion.objects.prefetch_related(
        Prefetch("groups", QuoteLineGroup.objects.prefetch_related(lines)),
        "approvals",
        "orders",
    ).get(pk=pk)
    return version_data(version, sees_cost_prices(user))


def _decide(
    request: ApiRequest,
    version_id: int,
    payload: ApprovalIn | ReturnIn,
    key: str | None,
    call: Any,
) -> HttpResponse:
    user: User = request.auth
    version = _reachable(user, version_id)

    def create() -> tuple[int, dict[str, Any]]:
        return act(
            lambda: call(actor=user, version=version, comment=payload.comment),
            read=lambda: _read(user, version_id),
            out=VersionOut,
            conflict=VersionConflictOut,
        )

    return run_once(request, key=key, payload=payload, create=create)


@router.post(
    "/quote-versions/{version_id}/approve",
    response=ACTION_RESPONSES,
    summary="Approve a version beyond the mandate",
)
def quote_approve(
    request: ApiRequest,
    version_id: VersionId,
    payload: ApprovalIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The pending step (a manager of the owner's team or their delegate; far beyond, then a
    sales director or an administrator). After the last step it is approved for sending."""
    return _decide(request, version_id, payload, idempotency_key, services.quote_approve)


@router.post(
    "/quote-versions/{version_id}/return",
    response=ACTION_RESPONSES,
    summary="Return a version beyond the mandate",
)
def quote_return(
    request: ApiRequest,
    version_id: VersionId,
    payload: ReturnIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Back to its owner as a draft, with the comment (required)."""
    return _decide(request, version_id, payload, idempotency_key, services.quote_return)


def _pending_row(a: QuoteApproval) -> dict[str, Any]:
    v = a.quote_version
    return {
        **approval_data(a),
        "quote_id": v.quote_id,
        "number": v.quote.number,
        "label": v.label,
        "title": v.quote.title,
        "account_id": v.quote.account_id,
        "owner_id": v.quote.owner_id,
        "net_total": str(v.net_total),
    }


@router.get(
    "/quote-approvals",
    response={200: PendingApprovalPage, **COMMON_RESPONSES},
    summary="The approvals waiting for me",
)
def list_quote_approvals(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The pending steps the caller may decide, the oldest request first."""
    found = approval_queries.approvals_pending_for(request.auth)
    return paginate(request, found, page, _pending_row)
