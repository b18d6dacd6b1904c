"""Account plans: list (filter by account, year, status), read, make, change, and the workflow's
moves as actions (submit, approve, return, revise). The same access and rules as the pages:
read with the account; written by who may change it while a draft or returned; submitted by
the owner; approved or returned by the manager of the owner's team (docs/decisions.md, 117)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts.models import Account, Contact
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models import AccountAnalysis, AccountPlan, PlanAction, PlanGoal, PlanStatus
from koers.planning.plans import queries, services
from koers.planning.plans.api.schemas import (
    PlanCommentIn,
    PlanConflictOut,
    PlanIn,
    PlanOut,
    PlanPage,
    PlanPatch,
    PlanReturnIn,
    ReviseIn,
    plan_data,
)
from koers.relations.api.common import writable_account as _writable_account
from koers.sales.models import ProductGroup

router = Router(tags=["account plans"])

PlanId = PathEx[int, P(ge=1, le=MAX_ID, description="The plan's id.")]
AMOUNTS = ("expected_revenue", "investment_hours", "investment_money")


class PlanFilters(Schema):
    account: Id | None = Field(None, description="The plans of this account.")
    year: int | None = Field(None, ge=1900, le=2199)
    status: PlanStatus | None = None


def _rows(user: User) -> QuerySet[AccountPlan]:
    actions = PlanAction.objects.select_related("activity").order_by("due_on", "position", "pk")
    goals = PlanGoal.objects.prefetch_related(Prefetch("actions", queryset=actions))
    return (
        queries.plans_readable(user)
        .select_related("account")
        .prefetch_related(Prefetch("goals", queryset=goals))
    )


def _detail(user: User, pk: int) -> dict[str, Any]:
    return plan_data(_rows(user).get(pk=pk))


def _one(qs: QuerySet[Any], pk: int | None, what: str) -> Any:
    if pk is None:
        return None
    found = qs.filter(pk=pk).first()
    if found is None:
        raise FieldErrors(
            {"goals": [_("There is no %(what)s with id %(id)s.") % {"what": what, "id": pk}]},
            code="not_found",
        )
    return found


def _goals(user: User, account: Account, goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The goals of a body with their ids made records (an unknown one is a 422 on `goals`)."""
    people = access.users_readable(user)
    out = []
    for goal in goals:
        row = {k: goal[k] for k in ("id", "title", "metric", "due_on") if k in goal}
        row["metric"] = getattr(row.get("metric"), "value", row.get("metric"))
        if goal.get("owner_id") is not None:
            row["owner"] = _one(people, goal["owner_id"], _("colleague"))
        row["branch"] = _one(account.children.all(), goal.get("branch_id"), _("branch"))
        row["product_group"] = _one(
            ProductGroup.objects.all(), goal.get("product_group_id"), _("product group")
        )
        row["contact"] = _one(
            Contact.objects.filter(positions__account=account).distinct(),
            goal.get("contact_id"),
            _("contact"),
        )
        row["target"] = None if goal.get("target") is None else Decimal(goal["target"])
        row["actions"] = []
        for action in goal.get("actions") or []:
            a = {k: action[k] for k in ("id", "title", "due_on") if k in action}
            a["status"] = getattr(action.get("status"), "value", action.get("status") or "open")
            if action.get("owner_id") is not None:
                a["owner"] = _one(people, action["owner_id"], _("colleague"))
            row["actions"].append(a)
        out.append(row)
    return out


def _service_data(account: Account, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for name in AMOUNTS:
        if out.get(name) is not None:
            out[name] = Decimal(out[name])
    if "analysis_id" in out:
        pk = out.pop("analysis_id")
        out["analysis"] = None
        if pk is not None:
            out["analysis"] = AccountAnalysis.objects.filter(account=account, pk=pk).first()
            if out["analysis"] is None:
                raise FieldErrors(
                    {"analysis_id": [_("Choose an analysis of this account.")]}, code="not_found"
                )
    return out


@router.get(
    "/account-plans",
    response={200: PlanPage, **COMMON_RESPONSES},
    summary="List account plans",
)
def list_plans(
    request: ApiRequest, filters: Query[PlanFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The plans of the accounts you may read, the latest year first, with goals and actions."""
    rows = _rows(request.auth)
    if filters.account is not None:
        rows = rows.filter(account_id=filters.account)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return paginate(request, rows.order_by("-year", "-pk"), page, plan_data)


@router.post(
    "/account-plans",
    response={201: PlanOut, **COMMON_RESPONSES},
    summary="Write an account plan",
)
def create_plan(
    request: ApiRequest, payload: PlanIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A draft plan of an account you may change for a year, from the template of its type
    unless `goals` are sent. One plan per account per year."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = _writable_account(user, payload.account_id)
        data = payload.model_dump(exclude={"account_id", "year", "plan_type", "goals"})
        goals = None
        if payload.goals is not None:
            goals = _goals(user, account, payload.model_dump()["goals"])
        plan = services.plan_create(
            actor=user,
            account=account,
            year=payload.year,
            plan_type=payload.plan_type.value,
            goals=goals,
            **_service_data(account, data),
        )
        return 201, dump(PlanOut, _detail(user, plan.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/account-plans/{plan_id}",
    response={200: PlanOut, **COMMON_RESPONSES},
    summary="Read an account plan",
)
def get_plan(request: ApiRequest, plan_id: PlanId) -> dict[str, Any]:
    return _detail(request.auth, plan_id)


def _plan(user: User, pk: int) -> AccountPlan:
    return queries.plans_readable(user).select_related("account", "owner").get(pk=pk)


@contextmanager
def _moves() -> Iterator[None]:
    """A move the plan's status does not allow is a 422 on `status` (code `status`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict") or "status" not in exc.error_dict:
            raise
        raise FieldErrors({"status": exc.message_dict["status"]}, code="status") from exc


@router.patch(
    "/account-plans/{plan_id}",
    response={200: PlanOut, 409: PlanConflictOut, **COMMON_RESPONSES},
    summary="Change an account plan",
)
def update_plan(request: ApiRequest, plan_id: PlanId, payload: PlanPatch) -> Status[dict[str, Any]]:
    user: User = request.auth
    plan = _plan(user, plan_id)
    if not (services.may_own(user) and access.can_change_account(user, plan.account)):
        raise NotAllowed

    def save(version: int, data: dict[str, Any]) -> None:
        goals = data.pop("goals", None)
        if goals is not None:
            goals = _goals(user, plan.account, goals)
        with _moves():
            services.plan_update(
                actor=user,
                plan=plan,
                expected_version=version,
                data=_service_data(plan.account, data),
                goals=goals,
            )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, plan_id))


@router.post(
    "/account-plans/{plan_id}/submit",
    response={200: PlanOut, **COMMON_RESPONSES},
    summary="Submit an account plan",
)
def submit_plan(request: ApiRequest, plan_id: PlanId) -> dict[str, Any]:
    """The owner submits the plan to the manager; this version is kept."""
    with _moves():
        services.plan_submit(actor=request.auth, plan=_plan(request.auth, plan_id))
    return _detail(request.auth, plan_id)


@router.post(
    "/account-plans/{plan_id}/approve",
    response={200: PlanOut, **COMMON_RESPONSES},
    summary="Approve an account plan",
)
def approve_plan(request: ApiRequest, plan_id: PlanId, payload: PlanCommentIn) -> dict[str, Any]:
    """The manager of the owner's team (or an administrator) approves a submitted plan."""
    plan = _plan(request.auth, plan_id)
    with _moves():
        services.plan_approve(actor=request.auth, plan=plan, comment=payload.comment)
    return _detail(request.auth, plan_id)


@router.post(
    "/account-plans/{plan_id}/return",
    response={200: PlanOut, **COMMON_RESPONSES},
    summary="Return an account plan",
)
def return_plan(request: ApiRequest, plan_id: PlanId, payload: PlanReturnIn) -> dict[str, Any]:
    """The manager returns a submitted plan to its owner with comments."""
    plan = _plan(request.auth, plan_id)
    with _moves():
        services.plan_return(actor=request.auth, plan=plan, comment=payload.comment)
    return _detail(request.auth, plan_id)


@router.post(
    "/account-plans/{plan_id}/revise",
    response={200: PlanOut, **COMMON_RESPONSES},
    summary="Revise an approved account plan",
)
def revise_plan(request: ApiRequest, plan_id: PlanId, payload: ReviseIn) -> dict[str, Any]:
    """The owner changes an approved plan during the year: a draft again, with the reason."""
    plan = _plan(request.auth, plan_id)
    with _moves():
        services.plan_revise(actor=request.auth, plan=plan, reason=payload.reason)
    return _detail(request.auth, plan_id)
