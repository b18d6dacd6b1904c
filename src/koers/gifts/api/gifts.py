"""Gifts: list, read, record, change; approve or refuse (the giver's team manager), mark given.
The same access as the pages: readable with the account, changed by who may change it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, NoBody, PlanDate, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.gifts import queries, services
from koers.gifts.api.schemas import (
    DecisionIn,
    GiftConflictOut,
    GiftIn,
    GiftOut,
    GiftPage,
    GiftPatch,
    euros,
    gift_data,
)
from koers.gifts.filters import FIRST_YEAR, LAST_YEAR, GiftFilterSet
from koers.gifts.models import Gift, GiftDirection, GiftKind, GiftStatus
from koers.relations.api.common import act, api_field_names, contacts_named
from koers.relations.api.common import writable_account as _writable_account

router = Router(tags=["gifts"])

GiftId = PathEx[int, P(ge=1, le=MAX_ID, description="The gift's id.")]

ORDERINGS = {"date": "date", "value": "value", "created_at": "created"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class GiftFilters(Schema):
    account: Id | None = Field(None, description="Gifts with this account.")
    contact: Id | None = Field(None, description="Gifts to or from this contact.")
    person: Id | None = Field(None, description="The user id of who gave or received them.")
    direction: GiftDirection | None = None
    kind: GiftKind | None = None
    status: GiftStatus | None = None
    above_limit: bool | None = None
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Dated in this year.")
    date_from: PlanDate | None = Field(None, description="On or after this day.")
    date_to: PlanDate | None = Field(None, description="On or before this day.")
    ordering: Ordering = "-date"


def _gifts(user: User) -> QuerySet[Gift]:
    return queries.gifts_readable(user).select_related("account", "contact", "person")


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date):
        return v.isoformat()
    return str(getattr(v, "value", v))


def filter_gifts(user: User, filters: GiftFilters) -> QuerySet[Gift]:
    names = [n for n in GiftFilterSet.Meta.fields if n != "sort"]
    data = {n: _value(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = GiftFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_gifts(user))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return gift_data(_gifts(user).get(pk=pk))


def _service_data(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "contact_id" in out:
        pk = out.pop("contact_id")
        # An unknown id is refused like a contact elsewhere (the service's check).
        out["contact"] = contacts_named([pk], "contact_id")[0]
    if "value" in out:
        out["value"] = euros(out["value"])
    return out


def _changeable(user: User, pk: int) -> Gift:
    gift = queries.gifts_readable(user).select_related("account", "person").get(pk=pk)
    if not access.can_change_account(user, gift.account):
        raise NotAllowed
    return gift


API_NAMES = {"contact": "contact_id"}


@router.get("/gifts", response={200: GiftPage, **COMMON_RESPONSES}, summary="List gifts")
def list_gifts(
    request: ApiRequest, filters: Query[GiftFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Gifts, invitations and hospitality of the accounts you may read, the latest first."""
    return paginate(request, filter_gifts(request.auth, filters), page, gift_data)


@router.post("/gifts", response={201: GiftOut, **COMMON_RESPONSES}, summary="Record a gift")
def create_gift(
    request: ApiRequest, payload: GiftIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Given above the limit, it waits for the approval of your team's manager
    (`requested`); received above it, your manager is told."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = _writable_account(user, payload.account_id)
        data = _service_data(payload.model_dump(exclude={"account_id"}))
        with api_field_names(API_NAMES):
            gift = services.gift_record(actor=user, account=account, **data)
        return 201, dump(GiftOut, _detail(user, gift.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get("/gifts/{gift_id}", response={200: GiftOut, **COMMON_RESPONSES}, summary="Read a gift")
def get_gift(request: ApiRequest, gift_id: GiftId) -> dict[str, Any]:
    return _detail(request.auth, gift_id)


@router.patch(
    "/gifts/{gift_id}",
    response={200: GiftOut, 409: GiftConflictOut, **COMMON_RESPONSES},
    summary="Change a gift",
)
def update_gift(request: ApiRequest, gift_id: GiftId, payload: GiftPatch) -> Status[dict[str, Any]]:
    """Changes only the fields sent; a stale `version` is a 409 with the current gift."""
    user: User = request.auth
    gift = _changeable(user, gift_id)

    def save(version: int, data: dict[str, Any]) -> None:
        with api_field_names(API_NAMES):
            services.gift_update(
                actor=user, gift=gift, expected_version=version, data=_service_data(data)
            )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, gift_id))


ACTION_RESPONSES: dict[int, Any] = {200: GiftOut, 409: GiftConflictOut, **COMMON_RESPONSES}


def _action(
    request: ApiRequest, key: str | None, payload: Schema, run: Any, gift_id: int
) -> HttpResponse:
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, gift_id)  # noqa: E731
        return act(run, read=read, out=GiftOut, conflict=GiftConflictOut)

    return run_once(request, key=key, payload=payload, create=create)


@router.post("/gifts/{gift_id}/approve", response=ACTION_RESPONSES, summary="Approve a gift")
def approve_gift(
    request: ApiRequest, gift_id: GiftId, payload: DecisionIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Only the manager of the giver's team (403 for anyone else); a gift that does not await
    approval is a 409. The giver is told by e-mail."""
    user: User = request.auth
    gift = _gifts(user).get(pk=gift_id)

    def run() -> object:
        return services.gift_approve(actor=user, gift=gift, comment=payload.comment)

    return _action(request, idempotency_key, payload, run, gift_id)


@router.post("/gifts/{gift_id}/refuse", response=ACTION_RESPONSES, summary="Refuse a gift")
def refuse_gift(
    request: ApiRequest, gift_id: GiftId, payload: DecisionIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """As approving, with the reason in `comment` (required: else a 409 saying so)."""
    user: User = request.auth
    gift = _gifts(user).get(pk=gift_id)

    def run() -> object:
        return services.gift_refuse(actor=user, gift=gift, comment=payload.comment)

    return _action(request, idempotency_key, payload, run, gift_id)


@router.post("/gifts/{gift_id}/given", response=ACTION_RESPONSES, summary="Mark a gift given")
def give_gift(
    request: ApiRequest, gift_id: GiftId, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A planned or approved gift was given; one awaiting approval or refused is a 409."""
    user: User = request.auth
    gift = _changeable(user, gift_id)

    def run() -> object:
        return services.gift_mark_given(actor=user, gift=gift)

    return _action(request, idempotency_key, NoBody(), run, gift_id)
