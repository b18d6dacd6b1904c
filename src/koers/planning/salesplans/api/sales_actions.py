"""Organisation-wide sales actions in the API (docs/decisions.md, 125 and 144): listed for
everybody signed in, defined and changed by managers, marketing and administrators, as on the
pages; each account manager works one out in a proposal of their plan (`sales_action_id`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Status

from koers.accounts.models import Segment
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, dump
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models import SalesAction
from koers.planning.salesplans import queries
from koers.planning.salesplans.api.line_schemas import (
    SalesActionIn,
    SalesActionOut,
    SalesActionPage,
    SalesActionPatch,
)
from koers.planning.salesplans.api.salesplans import _one
from koers.planning.salesplans.sales_actions import sales_action_save
from koers.sales.models import ProductGroup

router = Router(tags=["sales plans"])

SalesActionId = PathEx[int, P(ge=1, le=MAX_ID, description="The organisation-wide action.")]


def _data(row: SalesAction) -> dict[str, Any]:
    return {
        "id": row.pk,
        "name": row.name,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "description": row.description,
        "segment_id": row.segment_id,
        "product_group_ids": sorted(g.pk for g in row.product_groups.all()),
        "created_by_id": row.created_by_id,
    }


def _rows(user: User) -> QuerySet[SalesAction]:
    return queries.sales_actions_readable(user).order_by("-starts_on", "pk")


def _groups(ids: list[int]) -> list[ProductGroup]:
    found = list(ProductGroup.objects.filter(pk__in=ids, active=True))
    missing = sorted(set(ids) - {g.pk for g in found})
    if missing:
        message = _("There is no product group in use with id %(id)s.")
        raise FieldErrors(
            {"product_group_ids": [message % {"id": pk} for pk in missing]}, code="not_found"
        )
    return found


def _save(user: User, action: SalesAction | None, data: dict[str, Any]) -> SalesAction:
    fields: dict[str, Any] = {}
    for name, value in data.items():
        if name == "segment_id":
            fields["segment"] = _one(Segment.objects.all(), value, "segment_id")
        elif name == "product_group_ids":
            fields["product_groups"] = _groups(value)
        else:
            fields[name] = value
    if action is not None:
        for name in ("name", "starts_on", "ends_on", "description", "segment"):
            fields.setdefault(name, getattr(action, name))
        fields.setdefault("product_groups", list(action.product_groups.all()))
    return sales_action_save(actor=user, action=action, **fields)


@router.get(
    "/sales-actions",
    response={200: SalesActionPage, **COMMON_RESPONSES},
    summary="List organisation-wide sales actions",
)
def list_sales_actions(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Every action, the latest start first, with its product groups."""
    return paginate(request, _rows(request.auth), page, _data)


@router.post(
    "/sales-actions",
    response={201: SalesActionOut, **COMMON_RESPONSES},
    summary="Define an organisation-wide sales action",
)
def create_sales_action(request: ApiRequest, payload: SalesActionIn) -> Any:
    """Managers, marketing and administrators; it ends on or after its start."""
    saved = _save(request.auth, None, payload.model_dump())
    return Status(201, dump(SalesActionOut, _data(_rows(request.auth).get(pk=saved.pk))))


@router.patch(
    "/sales-actions/{action_id}",
    response={200: SalesActionOut, **COMMON_RESPONSES},
    summary="Change an organisation-wide sales action",
)
def update_sales_action(
    request: ApiRequest, action_id: SalesActionId, payload: SalesActionPatch
) -> dict[str, Any]:
    action = _rows(request.auth).get(pk=action_id)
    _save(request.auth, action, payload.changes())  # type: ignore[attr-defined]
    return _data(_rows(request.auth).get(pk=action_id))
