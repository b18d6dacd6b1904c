"""Opportunities: list (the filters of the list page), create, read, change, the stage
change and reopening as actions that apply the stage rules, and the activities for the deal.

The same access and rules as the pages: readable and changeable like the account; a closed
opportunity is read-only (422 naming `stage`), a move the stages do not allow is a 409 with the
reason and the opportunity as it is, a missing lost reason a 422 naming `lost_reason`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, BodyId, Id, In, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import (
    act,
    api_field_names,
    contacts_named,
    user_named,
    writable_account,
)
from koers.relations.queries import activities_readable
from koers.sales.api.schemas import Euros
from koers.sales.models import (
    Competitor,
    DealActivity,
    DealContact,
    Opportunity,
    OpportunityLine,
    OpportunityMember,
    Product,
    Source,
    Stage,
    StageSetting,
)
from koers.sales.opportunities import queries, services, stale
from koers.sales.opportunities.api.schemas import (
    OpportunityConflictOut,
    OpportunityIn,
    OpportunityOut,
    OpportunityPage,
    OpportunityPatch,
    ReopenIn,
    StageIn,
    as_decimal,
    opportunity_data,
)
from koers.sales.opportunities.campaign_link import campaigns_for
from koers.sales.opportunities.filters import OpportunityFilterSet

router = Router(tags=["opportunities"])

OpportunityId = PathEx[int, P(ge=1, le=MAX_ID, description="The opportunity's id.")]
API_NAMES = {"contacts": "contact_ids", "competitors": "competitor_ids", "campaign": "campaign_id"}

ORDERINGS = {"close_on": "close", "amount": "value", "updated_at": "updated", "title": "title"}
if TYPE_CHECKING:  # Literals built at run time for pydantic; to mypy, a str
    Ordering = str
    StageFilter = str
else:
    Ordering = Literal[(*ORDERINGS, *(f"-{key}" for key in ORDERINGS))]
    StageFilter = Literal[("open", "all", *(s.value for s in Stage))]


class OpportunityFilters(Schema):
    account: Id | None = Field(None, description="Opportunities of this account.")
    owner: Id | None = Field(None, description="Owned by this user.")
    team: Id | None = Field(None, description="Owned by a member of this team.")
    stage: StageFilter | None = Field(
        "open",
        description="`open` (the default): the five open stages; `all`; or one stage.",
    )
    close_month: str | None = Field(
        None,
        pattern=r"^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])$",
        description="Expected to close in this month (YYYY-MM).",
    )
    source: Source | None = None
    value_min: Euros | None = Field(None, description="An estimated value of at least this.")
    value_max: Euros | None = Field(None, description="An estimated value of at most this.")
    product_group: Id | None = Field(
        None, description="With a product of this group (or its subgroups)."
    )
    stale: bool | None = Field(
        None,
        description="Only the stale ones (true): open, no next step, and no activity done nor "
        "stage change for the stage's number of days, as the board marks them.",
    )
    ordering: Ordering = Field("close_on", description="By default the nearest close first.")


def for_api(
    rows: QuerySet[Opportunity], settings: dict[str, StageSetting]
) -> QuerySet[Opportunity]:
    """The related rows, the next step and whether it is stale (by the stage settings)."""
    rows = stale.touch_columns(rows, full=True)
    return rows.select_related("account", "owner").prefetch_related(
        Prefetch("lines", queryset=OpportunityLine.objects.select_related("product")),
        Prefetch("deal_contacts", queryset=DealContact.objects.select_related("contact")),
        Prefetch("members", queryset=OpportunityMember.objects.select_related("user")),
        "competitors",
    )


def _value(v: Any) -> str:
    if isinstance(v, date):
        return v.isoformat()
    return str(getattr(v, "value", v))


def filter_opportunities(
    user: User, filters: OpportunityFilters, settings: dict[str, StageSetting]
) -> QuerySet[Opportunity]:
    names = [n for n in OpportunityFilterSet.Meta.fields if n != "sort"]
    data = {n: _value(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    key = filters.ordering.lstrip("-")
    sort = ORDERINGS.get(key, "close")
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = OpportunityFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return for_api(filterset.found(filterset.rows()), settings)


def _serialize(settings: dict[str, StageSetting]) -> Any:
    return lambda opportunity: opportunity_data(opportunity, settings)


def _detail(user: User, pk: int) -> dict[str, Any]:
    settings = queries.stage_settings()
    found = for_api(queries.opportunities_readable(user), settings).get(pk=pk)
    return opportunity_data(found, settings)


def _named(model: Any, pks: list[int], field: str, message: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=pks))
    if len(found) != len(set(pks)):
        raise FieldErrors({field: [message]}, code="not_found")
    by_pk = {o.pk: o for o in found}
    return [by_pk[pk] for pk in pks]


def _branch(user: User, pk: int | None) -> Account | None:
    if pk is None:
        return None
    branch = access.accounts_readable(user).filter(pk=pk).first()
    if branch is None:
        raise FieldErrors({"branch_id": [_("There is no account with this id.")]}, code="not_found")
    return branch


def _campaign(user: User, pk: int | None) -> Any:
    if pk is None:
        return None
    campaign = campaigns_for(user).filter(pk=pk).first()
    if campaign is None:
        message = _("There is no campaign with this id.")
        raise FieldErrors({"campaign_id": [message]}, code="not_found")
    return campaign


def _lines(items: list[dict[str, Any]]) -> list[tuple[Product, Decimal]]:
    products = _named(
        Product,
        [i["product_id"] for i in items],
        "lines",
        _("There is no product with this id."),
    )
    return [(p, Decimal(i["quantity"])) for p, i in zip(products, items, strict=True)]


def _service_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The body's ids as the objects the services take (an unknown id is a 422 `not_found`)."""
    out = {k: v for k, v in data.items() if not k.endswith("_id") and not k.endswith("_ids")}
    if "amount" in data:
        out["amount"] = as_decimal(data["amount"]) if data["amount"] is not None else Decimal("0")
    if "lines" in data:
        out["lines"] = _lines(data["lines"])
    if data.get("owner_id") is not None:
        out["owner"] = user_named(user, data["owner_id"], "owner_id")
    if "branch_id" in data:
        out["branch"] = _branch(user, data["branch_id"])
    if "campaign_id" in data:
        out["campaign"] = _campaign(user, data["campaign_id"])
    if "contact_ids" in data:
        out["contacts"] = contacts_named(data["contact_ids"], "contact_ids")
    if "competitor_ids" in data:
        message = _("There is no competitor with this id.")
        out["competitors"] = _named(Competitor, data["competitor_ids"], "competitor_ids", message)
    return out


@router.get(
    "/opportunities",
    response={200: OpportunityPage, **COMMON_RESPONSES},
    summary="List opportunities",
)
def list_opportunities(
    request: ApiRequest, filters: Query[OpportunityFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The opportunities of the accounts you may read; by default the open ones, the nearest
    expected close first, as on the list page."""
    settings = queries.stage_settings()
    found = filter_opportunities(request.auth, filters, settings)
    return paginate(request, found, page, _serialize(settings))


@router.post(
    "/opportunities",
    response={201: OpportunityOut, **COMMON_RESPONSES},
    summary="Create an opportunity",
)
def create_opportunity(
    request: ApiRequest, payload: OpportunityIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """For an account you may change, in an open stage, with the DMU for the deal."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = writable_account(user, payload.account_id)
        data = _service_data(user, payload.model_dump(exclude={"account_id"}))
        with api_field_names(API_NAMES):
            opportunity = services.opportunity_create(actor=user, account=account, **data)
        return 201, dump(OpportunityOut, _detail(user, opportunity.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **COMMON_RESPONSES},
    summary="Read an opportunity",
)
def get_opportunity(request: ApiRequest, opportunity_id: OpportunityId) -> dict[str, Any]:
    return _detail(request.auth, opportunity_id)


@router.patch(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, 409: OpportunityConflictOut, **COMMON_RESPONSES},
    summary="Change an opportunity",
)
def update_opportunity(
    request: ApiRequest, opportunity_id: OpportunityId, payload: OpportunityPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent (403 if you may not change it; 422 naming `stage` when it
    is won or lost); a stale `version` is a 409 with the current opportunity."""
    user: User = request.auth
    opportunity = (
        queries.opportunities_readable(user).select_related("account").get(pk=opportunity_id)
    )

    def save(version: int, data: dict[str, Any]) -> None:
        values = _service_data(user, data)
        lines = values.pop("lines", None)
        services.opportunity_update(
            actor=user,
            opportunity=opportunity,
            expected_version=version,
            data=values,
            lines=lines,
        )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, opportunity_id))


ACTION_RESPONSES: dict[int, Any] = {
    200: OpportunityOut,
    409: OpportunityConflictOut,
    **COMMON_RESPONSES,
}


def _action(
    request: ApiRequest, opportunity_id: int, key: str | None, payload: Schema, run: Any
) -> HttpResponse:
    user: User = request.auth
    opportunity = queries.opportunity_for_detail(user, opportunity_id)

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, opportunity_id)  # noqa: E731
        return act(
            lambda: run(user, opportunity),
            read=read,
            out=OpportunityOut,
            conflict=OpportunityConflictOut,
        )

    return run_once(request, key=key, payload=payload, create=create)


@router.post(
    "/opportunities/{opportunity_id}/stage",
    response=ACTION_RESPONSES,
    summary="Change the stage",
)
def change_opportunity_stage(
    request: ApiRequest,
    opportunity_id: OpportunityId,
    payload: StageIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Moves an open opportunity to another stage by the stage rules: `lost` needs
    `lost_reason` (and `lost_to_id` when the reason is `competitor`), `won` sets `won_on`
    (today unless given) and records `won_reason` and `won_note` when given (optional). The
    stage's default probability applies again."""

    def run(user: User, opportunity: Opportunity) -> object:
        lost_to = None
        if payload.lost_to_id is not None:
            message = _("There is no competitor with this id.")
            lost_to = _named(Competitor, [payload.lost_to_id], "lost_to_id", message)[0]
        decided_by = None
        if payload.decided_by_id is not None:
            decided_by = contacts_named([payload.decided_by_id], "decided_by_id")[0]
        return services.opportunity_stage_change(
            actor=user,
            opportunity=opportunity,
            to=payload.stage,
            lost_reason=payload.lost_reason or "",
            lost_to=lost_to,
            price_gap=as_decimal(payload.price_gap),
            decided_by=decided_by,
            lost_note=payload.lost_note,
            won_on=payload.won_on,
            won_reason=payload.won_reason or "",
            won_note=payload.won_note,
            note=payload.note,
        )

    return _action(request, opportunity_id, idempotency_key, payload, run)


@router.post(
    "/opportunities/{opportunity_id}/reopen",
    response=ACTION_RESPONSES,
    summary="Reopen a won or lost opportunity",
)
def reopen_opportunity(
    request: ApiRequest,
    opportunity_id: OpportunityId,
    payload: ReopenIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A manager (or an administrator) takes a closed deal up again in an open stage."""

    def run(user: User, opportunity: Opportunity) -> object:
        return services.opportunity_reopen(
            actor=user, opportunity=opportunity, to=payload.stage, reason=payload.reason
        )

    return _action(request, opportunity_id, idempotency_key, payload, run)


ActivityId = PathEx[int, P(ge=1, le=MAX_ID, description="The activity's id.")]


class ActivityLinkIn(In):
    activity_id: BodyId = Field(description="An activity of the deal's account.")


@router.post(
    "/opportunities/{opportunity_id}/activities",
    response={200: OpportunityOut, **COMMON_RESPONSES},
    summary="Put an activity on this deal",
)
def link_activity(
    request: ApiRequest, opportunity_id: OpportunityId, payload: ActivityLinkIn
) -> dict[str, Any]:
    """Points an activity of the deal's account at this open deal (it may have pointed at
    another; sent twice, it stays once): planned, it can be the deal's next step. 422 naming
    `activity_id` for an activity you may not read, `opportunity_id` when the deal is closed or
    of another account; 403 when you may not change the account's activities."""
    user: User = request.auth
    queries.opportunities_readable(user).get(pk=opportunity_id)
    activity = (
        activities_readable(user).select_related("account").filter(pk=payload.activity_id).first()
    )
    if activity is None:
        message = _("There is no activity with this id.")
        raise FieldErrors({"activity_id": [message]}, code="not_found")
    services.deal_activity_attach(actor=user, activity=activity, pk=opportunity_id)
    return _detail(user, opportunity_id)


@router.delete(
    "/opportunities/{opportunity_id}/activities/{activity_id}",
    response={204: None, **COMMON_RESPONSES},
    summary="Take an activity off this deal",
)
def unlink_activity(
    request: ApiRequest, opportunity_id: OpportunityId, activity_id: ActivityId
) -> Status[None]:
    """The activity stays, for the account in general. 404 when it is not this deal's."""
    user: User = request.auth
    queries.opportunities_readable(user).get(pk=opportunity_id)
    activity = activities_readable(user).select_related("account").get(pk=activity_id)
    DealActivity.objects.get(activity=activity, opportunity_id=opportunity_id)
    services.deal_activity_attach(actor=user, activity=activity, pk=None)
    return Status(204, None)
