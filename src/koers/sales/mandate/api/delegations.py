"""Delegated approvals: a manager who is away hands the approvals of their teams to another
manager or a sales director for a period (both days included), and ends it early when back.

Everyone lists the delegations they gave or received (administrators: all). Only a manager
delegates (403 otherwise); only the manager who gave a delegation ends it (403). A bad period,
a delegate who is no active manager or sales director, or a period overlapping another of yours
is a 422 naming the field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import user_named
from koers.sales.mandate import services
from koers.sales.mandate.api.schemas import (
    DelegationIn,
    DelegationOut,
    DelegationPage,
    delegation_data,
)
from koers.sales.models import ApprovalDelegation

router = Router(tags=["mandates"])

DelegationId = PathEx[int, P(ge=1, le=MAX_ID, description="The delegation's id.")]


def delegations_readable(user: User) -> QuerySet[ApprovalDelegation]:
    rows = ApprovalDelegation.objects.select_related("manager", "delegate")
    if not access.can_manage_settings(user):
        rows = rows.filter(Q(manager=user) | Q(delegate=user))
    return rows.order_by("-starts_on", "-pk")


@router.get(
    "/mandates/delegations",
    response={200: DelegationPage, **COMMON_RESPONSES},
    summary="List delegated approvals",
)
def list_delegations(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The delegations you gave or received (all for administrators), the latest start first."""
    return paginate(request, delegations_readable(request.auth), page, delegation_data)


@router.post(
    "/mandates/delegations",
    response={201: DelegationOut, **COMMON_RESPONSES},
    summary="Delegate your approvals",
)
def create_delegation(
    request: ApiRequest, payload: DelegationIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """While you are away (managers only), `delegate_id` approves the quotes of your teams
    beyond the mandate, from `starts_on` until `ends_on`."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        if not access.can_delegate_approvals(user):
            raise NotAllowed(_("Only managers delegate their approvals."))
        delegate = user_named(user, payload.delegate_id, "delegate_id")
        delegation = services.delegation_create(
            actor=user,
            delegate=delegate,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            note=payload.note,
        )
        return 201, dump(DelegationOut, delegation_data(delegation))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.post(
    "/mandates/delegations/{delegation_id}/end",
    response={200: DelegationOut, **COMMON_RESPONSES},
    summary="End a delegation early",
)
def end_delegation(request: ApiRequest, delegation_id: DelegationId) -> Any:
    """Back early: it ends yesterday (one not yet started is removed, and the body shows it as
    it was, with `removed` true)."""
    delegation = delegations_readable(request.auth).get(pk=delegation_id)
    data = delegation_data(delegation)
    services.delegation_end(actor=request.auth, delegation=delegation)
    removed = not ApprovalDelegation.objects.filter(pk=delegation_id).exists()
    return {**data, "ends_on": delegation.ends_on, "removed": removed}
