"""Targets in the API: the list (filters by measure, level, year, period and who or what it is
for) and the bulk upsert. The upsert is idempotent by nature (the same rows twice change
nothing the second time: the answer counts them as unchanged) and takes the `Idempotency-Key`
of the API plumbing, which replays the first answer. All rows or none: a row the caller may
not set is a 403, an invalid one a 422 naming it, and nothing is saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import BodyId, Choice, Id, Integer, PageOut, Text, dump
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models.targets import (
    FIRST_TARGET_YEAR,
    LAST_TARGET_YEAR,
    Measure,
    PeriodKind,
    Target,
    TargetLevel,
)
from koers.planning.targets import queries, services

router = Router(tags=["targets"])
MAX_ROWS = 2000

Amount = Text(
    16,
    pattern=r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
    message=lambda: _("Give an amount with a point for the cents, like 1250.50."),
    examples=["125000.00"],
)


class TargetFilters(Schema):
    measure: Measure | None = None
    level: TargetLevel | None = None
    year: int | None = Field(None, ge=FIRST_TARGET_YEAR, le=LAST_TARGET_YEAR)
    period_kind: PeriodKind | None = None
    user: Id | None = Field(None, description="Targets of this account manager.")
    team: Id | None = None
    account: Id | None = None
    product_group: Id | None = None


class TargetOut(Schema):
    id: int
    measure: Measure
    level: TargetLevel
    team: int | None
    user: int | None
    account: int | None
    product_group: int | None
    segment: int | None
    year: int
    period_kind: PeriodKind
    period: int = Field(description="The month (1-12) or quarter (1-4); 1 for a year.")
    amount: str
    stretch: str | None
    version: int


class TargetPage(PageOut):
    results: list[TargetOut]


class TargetIn(Schema):
    measure: Choice(Measure)  # type: ignore[valid-type]
    level: Choice(TargetLevel)  # type: ignore[valid-type]
    team: BodyId | None = None
    user: BodyId | None = Field(None, description="The account manager (levels user, user_group).")
    account: BodyId | None = Field(
        None, description="The account or branch (levels account, branch, account_group)."
    )
    product_group: BodyId | None = Field(
        None, description="The product group (levels product_group, user_group, account_group)."
    )
    segment: BodyId | None = None
    year: Integer(FIRST_TARGET_YEAR, LAST_TARGET_YEAR)  # type: ignore[valid-type]
    period_kind: Choice(PeriodKind)  # type: ignore[valid-type]
    period: Integer(1, 12) = 1  # type: ignore[valid-type]
    amount: Amount | None = Field(description="null removes the target.")  # type: ignore[valid-type]
    stretch: Amount | None = None  # type: ignore[valid-type]


class BulkIn(Schema):
    targets: list[TargetIn] = Field(min_length=1, max_length=MAX_ROWS)


class BulkOut(Schema):
    created: int
    changed: int
    unchanged: int
    removed: int


def target_data(t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        "measure": t.measure,
        "level": t.level,
        "team": t.team_id,
        "user": t.user_id,
        "account": t.account_id,
        "product_group": t.product_group_id,
        "segment": t.segment_id,
        "year": t.year,
        "period_kind": t.period_kind,
        "period": t.period,
        "amount": f"{t.amount:.2f}",
        "stretch": None if t.stretch is None else f"{t.stretch:.2f}",
        "version": t.version,
    }


def filter_targets(user: User, filters: TargetFilters) -> QuerySet[Target]:
    found = queries.targets_readable(user)
    for name in ("measure", "level", "year", "period_kind"):
        value = getattr(filters, name)
        if value is not None:
            found = found.filter(**{name: getattr(value, "value", value)})
    for name in ("user", "team", "account", "product_group"):
        value = getattr(filters, name)
        if value is not None:
            found = found.filter(**{f"{name}_id": value})
    return found.order_by("year", "measure", "key", "period_kind", "period", "pk")


def _row(item: TargetIn) -> services.TargetRow:
    def money(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return services.TargetRow(
        measure=str(getattr(item.measure, "value", item.measure)),
        level=str(getattr(item.level, "value", item.level)),
        ids={
            "team": item.team,
            "user": item.user,
            "account": item.account,
            "product_group": item.product_group,
            "segment": item.segment,
        },
        year=item.year,
        period_kind=str(getattr(item.period_kind, "value", item.period_kind)),
        period=item.period,
        amount=money(item.amount),
        stretch=money(item.stretch),
    )


@router.get("/targets", response={200: TargetPage, **COMMON_RESPONSES}, summary="List targets")
def list_targets(
    request: ApiRequest, filters: Query[TargetFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The targets you may read: your own, your teams' (managers), those of the accounts you
    read; marketing and administrators read all."""
    return paginate(request, filter_targets(request.auth, filters), page, target_data)


@router.post(
    "/targets/bulk",
    response={200: BulkOut, **COMMON_RESPONSES},
    summary="Set many targets at once",
)
def upsert_targets(
    request: ApiRequest, payload: BulkIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Creates or changes a target per row (one per measure, level, period); `amount` null
    removes one. All rows or none."""
    user: User = request.auth

    def upsert() -> tuple[int, dict[str, Any]]:
        result = services.targets_upsert(actor=user, rows=[_row(t) for t in payload.targets])
        body = {
            "created": result.created,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "removed": result.removed,
        }
        return 200, dump(BulkOut, body)

    return run_once(request, key=idempotency_key, payload=payload, create=upsert)
