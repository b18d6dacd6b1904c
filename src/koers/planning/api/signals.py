"""Market signals: list (with the feed's filters), read, record and change. The same access as
the pages: a signal is read like its accounts (or by all, tied to none); the whole feed is for
marketing and managers, others list the signals of an account or a competitor they read."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts.models import Segment
from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning import queries, services
from koers.planning.api.schemas import (
    SignalConflictOut,
    SignalIn,
    SignalOut,
    SignalPage,
    SignalPatch,
    signal_data,
)
from koers.planning.filters import PERIODS, SignalFilterSet
from koers.planning.models import MarketSignal, SignalKind, SignalSource
from koers.relations.api.common import api_field_names
from koers.sales.models import Competitor, ProductGroup

router = Router(tags=["market information"])

SignalId = PathEx[int, P(ge=1, le=MAX_ID, description="The signal's id.")]

ORDERINGS = {"date": "date", "importance": "importance", "created_at": "recorded"}
if TYPE_CHECKING:  # Literals built at run time for pydantic; to mypy, a str
    Ordering = str
    Period = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]
    Period = Literal[tuple(value for value, _label in PERIODS)]

# The services name the links by their relation; the API by their ids.
API_NAMES = {
    "accounts": "account_ids",
    "segments": "segment_ids",
    "product_groups": "product_group_ids",
    "competitors": "competitor_ids",
}


class SignalFilters(Schema):
    kind: SignalKind | None = None
    source: SignalSource | None = None
    importance: int | None = Field(None, ge=1, le=3, description="1 low, 2 normal, 3 high.")
    period: Period | None = Field(None, description="The last 30, 90 or 365 days.")
    date_from: PlanDate | None = Field(None, description="On or after this day.")
    date_to: PlanDate | None = Field(None, description="On or before this day.")
    segment: Id | None = None
    product_group: Id | None = None
    competitor: Id | None = None
    account: Id | None = Field(None, description="Tied to this account.")
    ordering: Ordering = "-date"


def _value(v: Any) -> str:
    if isinstance(v, date):
        return v.isoformat()
    return str(getattr(v, "value", v))


def filter_signals(user: User, filters: SignalFilters) -> QuerySet[MarketSignal]:
    if not access.can_read_signal_feed(user) and not (filters.account or filters.competitor):
        raise NotAllowed(
            _("The whole feed is for marketing and managers: filter by account or competitor.")
        )
    names = [n for n in SignalFilterSet.Meta.fields if n != "sort"]
    data = {n: _value(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = SignalFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(queries.signals_listed(user))


def _named(model: Any, pks: list[int], field: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=pks))
    if len(found) != len(set(pks)):
        raise FieldErrors({field: [_("There is none with this id.")]}, code="not_found")
    return found


def _service_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "account_ids" in out:
        pks = out.pop("account_ids")
        accounts = list(access.accounts_readable(user).filter(pk__in=pks))
        if len(accounts) != len(set(pks)):
            # Unknown and unreadable alike, so nothing is learned about the account.
            message = _("There is no account with this id.")
            raise FieldErrors({"account_ids": [message]}, code="not_found")
        out["accounts"] = accounts
    for api_name, name, model in (
        ("segment_ids", "segments", Segment),
        ("product_group_ids", "product_groups", ProductGroup),
        ("competitor_ids", "competitors", Competitor),
    ):
        if api_name in out:
            out[name] = _named(model, out.pop(api_name), api_name)
    return out


def _detail(user: User, pk: int) -> dict[str, Any]:
    return signal_data(queries.signal_for_detail(user, pk))


@router.get(
    "/market-signals", response={200: SignalPage, **COMMON_RESPONSES}, summary="List signals"
)
def list_signals(
    request: ApiRequest, filters: Query[SignalFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Market signals you may read, the latest first. Without `account` or `competitor`, only
    for marketing, managers and administrators (403 for others)."""
    return paginate(request, filter_signals(request.auth, filters), page, signal_data)


@router.post(
    "/market-signals", response={201: SignalOut, **COMMON_RESPONSES}, summary="Record a signal"
)
def create_signal(
    request: ApiRequest, payload: SignalIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Anyone signed in records a signal; the accounts must be ones you may read."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        data = _service_data(user, payload.model_dump())
        with api_field_names(API_NAMES):
            signal = services.signal_record(actor=user, **data)
        return 201, dump(SignalOut, _detail(user, signal.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/market-signals/{signal_id}",
    response={200: SignalOut, **COMMON_RESPONSES},
    summary="Read a signal",
)
def get_signal(request: ApiRequest, signal_id: SignalId) -> dict[str, Any]:
    return _detail(request.auth, signal_id)


@router.patch(
    "/market-signals/{signal_id}",
    response={200: SignalOut, 409: SignalConflictOut, **COMMON_RESPONSES},
    summary="Change a signal",
)
def update_signal(
    request: ApiRequest, signal_id: SignalId, payload: SignalPatch
) -> Status[dict[str, Any]]:
    """Marketing, administrators and who recorded it (403 for others); a stale `version` is a
    409 with the current signal."""
    user: User = request.auth
    signal = queries.signal_for_detail(user, signal_id)
    if not access.can_change_signal(user, signal.recorded_by_id):
        raise NotAllowed
    hidden = list(signal.accounts.exclude(pk__in=[a.pk for a in queries.visible_accounts(signal)]))

    def save(version: int, data: dict[str, Any]) -> None:
        changes = _service_data(user, data)
        if "accounts" in changes:
            changes["accounts"] = [*changes["accounts"], *hidden]
        with api_field_names(API_NAMES):
            services.signal_update(
                actor=user, signal=signal, expected_version=version, data=changes
            )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, signal_id))
