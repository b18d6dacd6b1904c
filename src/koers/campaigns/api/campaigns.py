"""Campaigns: list, read, create, change; and the rows of a campaign's selection (read),
excluded ones with their reason. The same access as the pages: marketing and administrators
create and change; the others read the campaigns touching their accounts, and the rows at
accounts they may read."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, SearchText, dump
from koers.api.versioning import patch_versioned
from koers.campaigns import queries, services
from koers.campaigns.api.schemas import (
    CampaignConflictOut,
    CampaignIn,
    CampaignOut,
    CampaignPage,
    CampaignPatch,
    SelectionMemberPage,
    campaign_data,
    member_data,
)
from koers.campaigns.filters import FIRST_YEAR, LAST_YEAR, CampaignFilterSet
from koers.campaigns.forms import product_groups
from koers.campaigns.models import Campaign, CampaignKind
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import api_field_names, user_named

router = Router(tags=["campaigns"])

CampaignId = PathEx[int, P(ge=1, le=MAX_ID, description="The campaign's id.")]

ORDERINGS = {"starts_on": "start", "name": "name", "budget": "budget"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]
API_NAMES = {"owner": "owner_id", "product_groups": "product_group_ids"}


class CampaignFilters(Schema):
    q: SearchText(200) | None = Field(None, description="A part of the name.")
    kind: CampaignKind | None = None
    owner: Id | None = Field(None, description="The owner's user id.")
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Running in it.")
    ordering: Ordering = "-starts_on"


def _campaigns(user: User) -> QuerySet[Campaign]:
    return (
        queries.campaigns_readable(user)
        .select_related(*queries.RELATED)
        .prefetch_related("product_groups")
    )


def filter_campaigns(user: User, filters: CampaignFilters) -> QuerySet[Campaign]:
    names = [n for n in CampaignFilterSet.Meta.fields if n != "sort"]
    data = {n: str(getattr(getattr(filters, n), "value", getattr(filters, n))) for n in names}
    data = {n: v for n, v in data.items() if getattr(filters, n) is not None}
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = CampaignFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_campaigns(user))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return campaign_data(_campaigns(user).get(pk=pk))


def _service_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "owner_id" in out:
        out["owner"] = user_named(user, out.pop("owner_id"), "owner_id")
    if "product_group_ids" in out:
        ids = set(out.pop("product_group_ids") or [])
        found = list(product_groups().filter(pk__in=ids))
        if len(found) != len(ids):
            raise FieldErrors(
                {"product_group_ids": [_("There is no active product group with this id.")]},
                code="not_found",
            )
        out["product_groups"] = found
    for name in ("budget", "actual_cost", "goal_revenue"):
        if out.get(name) is not None:
            out[name] = Decimal(out[name])
    for name in ("budget", "actual_cost"):
        if name in out and out[name] is None:
            out[name] = Decimal("0")
    return out


@router.get(
    "/campaigns", response={200: CampaignPage, **COMMON_RESPONSES}, summary="List campaigns"
)
def list_campaigns(
    request: ApiRequest, filters: Query[CampaignFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Every campaign for marketing and administrators; for the others their own and those
    whose selection holds a contact at an account they may read. The latest first."""
    return paginate(request, filter_campaigns(request.auth, filters), page, campaign_data)


@router.post(
    "/campaigns", response={201: CampaignOut, **COMMON_RESPONSES}, summary="Create a campaign"
)
def create_campaign(
    request: ApiRequest, payload: CampaignIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Marketing and administrators (403 for the others); the campaign starts with an empty,
    live selection."""
    user: User = request.auth
    if not access.can_run_campaigns(user):
        raise NotAllowed

    def create() -> tuple[int, dict[str, Any]]:
        data = _service_data(user, payload.model_dump())
        with api_field_names(API_NAMES):
            campaign = services.campaign_create(actor=user, data=data)
        return 201, dump(CampaignOut, _detail(user, campaign.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignOut, **COMMON_RESPONSES},
    summary="Read a campaign",
)
def get_campaign(request: ApiRequest, campaign_id: CampaignId) -> dict[str, Any]:
    return _detail(request.auth, campaign_id)


@router.patch(
    "/campaigns/{campaign_id}",
    response={200: CampaignOut, 409: CampaignConflictOut, **COMMON_RESPONSES},
    summary="Change a campaign",
)
def update_campaign(
    request: ApiRequest, campaign_id: CampaignId, payload: CampaignPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent; a stale `version` is a 409 with the current campaign."""
    user: User = request.auth
    campaign = queries.campaigns_readable(user).get(pk=campaign_id)
    if not access.can_run_campaigns(user):
        raise NotAllowed

    def save(version: int, data: dict[str, Any]) -> None:
        with api_field_names(API_NAMES):
            services.campaign_update(
                actor=user,
                campaign=campaign,
                expected_version=version,
                data=_service_data(user, data),
            )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, campaign_id))


class MemberFilters(Schema):
    included: bool | None = Field(
        None, description="`true`: only the included contacts; `false`: only the excluded."
    )


@router.get(
    "/campaigns/{campaign_id}/selection/members",
    response={200: SelectionMemberPage, **COMMON_RESPONSES},
    summary="List a campaign's selection",
)
def list_selection_members(
    request: ApiRequest,
    campaign_id: CampaignId,
    filters: Query[MemberFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The contacts of the selection as last refreshed (or frozen), excluded ones with their
    `reason`; for those who do not read the whole file, the rows at accounts they may read."""
    user: User = request.auth
    campaign = queries.campaign_for_detail(user, campaign_id)
    rows = queries.members_readable(user, campaign.selection)
    if filters.included is not None:
        rows = rows.filter(reason="") if filters.included else rows.exclude(reason="")
    return paginate(request, rows, page, member_data)
