"""Sales plans: list (filter by year, owner, status), read, make, add a proposal, and the
workflow's moves as actions (submit, adopt, adjust or reject a proposal, ask for more). The same
access and rules as the pages: an account manager reads and writes their own plans; the manager
of the owner's team decides; marketing reads; administrators read all and decide
(docs/decisions.md, 125)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models import (
    SalesAction,
    SalesPlan,
    SalesPlanAction,
    SalesPlanStatus,
    SalesProposal,
)
from koers.planning.salesplans import queries, services, workflow
from koers.planning.salesplans.api.schemas import (
    AdjustIn,
    SaidIn,
    SalesDecisionIn,
    SalesPlanIn,
    SalesPlanOut,
    SalesPlanPage,
    SalesProposalIn,
    plan_data,
)
from koers.sales.models import ProductGroup

router = Router(tags=["sales plans"])

PlanId = PathEx[int, P(ge=1, le=MAX_ID, description="The sales plan's id.")]
ProposalId = PathEx[int, P(ge=1, le=MAX_ID, description="The proposal's id.")]


class SalesPlanFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2199)
    owner: Id | None = Field(None, description="The plans of this account manager.")
    status: SalesPlanStatus | None = None


def _rows(user: User) -> QuerySet[SalesPlan]:
    return (
        queries.sales_plans_readable(user)
        .select_related("owner")
        .prefetch_related(
            Prefetch("proposals", queryset=SalesProposal.objects.order_by("position", "pk")),
            "targets",
            Prefetch("actions", queryset=SalesPlanAction.objects.order_by("due_on", "pk")),
        )
    )


def _detail(user: User, pk: int) -> dict[str, Any]:
    return plan_data(_rows(user).get(pk=pk))


def _plan(user: User, pk: int) -> SalesPlan:
    return queries.sales_plans_readable(user).select_related("owner").get(pk=pk)


def _proposal(user: User, pk: int) -> SalesProposal:
    return queries.proposal_for_change(user, pk)


@contextmanager
def _moves() -> Iterator[None]:
    """A move the plan's status does not allow is a 422 on `status` (code `status`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict") or "status" not in exc.error_dict:
            raise
        raise FieldErrors({"status": exc.message_dict["status"]}, code="status") from exc


def _one(qs: QuerySet[Any], pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    found = qs.filter(pk=pk).first()
    if found is None:
        raise FieldErrors(
            {field: [_("There is nothing with id %(id)s that you may use.") % {"id": pk}]},
            code="not_found",
        )
    return found


@router.get(
    "/sales-plans",
    response={200: SalesPlanPage, **COMMON_RESPONSES},
    summary="List sales plans",
)
def list_sales_plans(
    request: ApiRequest, filters: Query[SalesPlanFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The plans you may read (your own; a manager's team's; all for marketing and
    administrators), the latest period first, with proposals, targets and actions."""
    rows = _rows(request.auth)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.owner is not None:
        rows = rows.filter(owner_id=filters.owner)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return paginate(request, rows.order_by("-year", "-pk"), page, plan_data)


@router.post(
    "/sales-plans",
    response={201: SalesPlanOut, **COMMON_RESPONSES},
    summary="Start a sales plan",
)
def create_sales_plan(
    request: ApiRequest, payload: SalesPlanIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Your own draft plan for a quarter, a half year or a year (account managers); one per
    period."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        data = payload.model_dump(exclude={"year", "period_kind", "period"})
        with _moves():
            plan = services.sales_plan_create(
                actor=user,
                year=payload.year,
                period_kind=payload.period_kind.value,
                period=payload.period,
                **data,
            )
        return 201, dump(SalesPlanOut, _detail(user, plan.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/sales-plans/{plan_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Read a sales plan",
)
def get_sales_plan(request: ApiRequest, plan_id: PlanId) -> dict[str, Any]:
    return _detail(request.auth, plan_id)


@router.post(
    "/sales-plans/{plan_id}/proposals",
    response={201: SalesPlanOut, **COMMON_RESPONSES},
    summary="Add a proposal to a sales plan",
)
def add_sales_proposal(
    request: ApiRequest,
    plan_id: PlanId,
    payload: SalesProposalIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The owner adds a proposal while the plan is a draft or returned for more: at one of
    their accounts, for a product group, or working out an organisation-wide action."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        plan = _plan(user, plan_id)
        if user.pk != plan.owner_id or not queries.may_own(user):
            raise NotAllowed
        account = _one(access.accounts_writable(user), payload.account_id, "account_id")
        groups = ProductGroup.objects.filter(active=True)
        with _moves():
            services.proposal_add(
                actor=user,
                plan=plan,
                title=payload.title,
                account=account,
                product_group=_one(groups, payload.product_group_id, "product_group_id"),
                sales_action=_one(
                    SalesAction.objects.all(), payload.sales_action_id, "sales_action_id"
                ),
                rationale=payload.rationale,
                expected_revenue=Decimal(payload.expected_revenue),
                action_cost=Decimal(payload.action_cost),
            )
        return 201, dump(SalesPlanOut, _detail(user, plan_id))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.post(
    "/sales-plans/{plan_id}/submit",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Submit a sales plan",
)
def submit_sales_plan(request: ApiRequest, plan_id: PlanId) -> dict[str, Any]:
    """The owner submits the plan (with at least one open proposal) to their manager."""
    with _moves():
        workflow.sales_plan_submit(actor=request.auth, plan=_plan(request.auth, plan_id))
    return _detail(request.auth, plan_id)


@router.post(
    "/sales-plans/{plan_id}/ask-more",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Ask for more in a sales plan",
)
def ask_more_sales_plan(request: ApiRequest, plan_id: PlanId, payload: SaidIn) -> dict[str, Any]:
    """The manager returns a submitted or decided plan to its owner, saying what more is asked
    for; the owner is notified."""
    plan = _plan(request.auth, plan_id)
    with _moves():
        workflow.sales_plan_ask_more(actor=request.auth, plan=plan, comment=payload.comment)
    return _detail(request.auth, plan_id)


def _decide(request: ApiRequest, proposal_id: int, decision: str, **data: Any) -> dict[str, Any]:
    proposal = _proposal(request.auth, proposal_id)
    with _moves():
        workflow.proposal_decide(actor=request.auth, proposal=proposal, decision=decision, **data)
    return _detail(request.auth, proposal.plan_id)


@router.post(
    "/sales-proposals/{proposal_id}/adopt",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Adopt a proposal",
)
def adopt_sales_proposal(
    request: ApiRequest, proposal_id: ProposalId, payload: SalesDecisionIn
) -> dict[str, Any]:
    """The manager of the owner's team adopts a proposal of a submitted plan as proposed."""
    return _decide(request, proposal_id, "adopt", comment=payload.comment)


@router.post(
    "/sales-proposals/{proposal_id}/adjust",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Adopt a proposal with another revenue",
)
def adjust_sales_proposal(
    request: ApiRequest, proposal_id: ProposalId, payload: AdjustIn
) -> dict[str, Any]:
    return _decide(
        request,
        proposal_id,
        "adjust",
        adjusted_revenue=Decimal(payload.adopted_revenue),
        comment=payload.comment,
    )


@router.post(
    "/sales-proposals/{proposal_id}/reject",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Reject a proposal",
)
def reject_sales_proposal(
    request: ApiRequest, proposal_id: ProposalId, payload: SaidIn
) -> dict[str, Any]:
    """The manager rejects a proposal, saying why."""
    return _decide(request, proposal_id, "reject", comment=payload.comment)
