"""A sales plan's lines in the API (docs/decisions.md, 125 and 144): change and remove
proposals, add, change and remove proposed targets and the activity plan's actions, and plan an
action as an activity. The owner alone, while the plan is a draft or returned for more, as on
the plan's page (a move the status does not allow is a 422 on `status`; a decided proposal
stays as decided: a 422 on `decision`). Each answer is the plan as `GET /sales-plans/{id}`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from ninja import P, PathEx, Router, Status

from koers.api.errors import COMMON_RESPONSES
from koers.api.schemas import MAX_ID, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models import (
    SalesAction,
    SalesPlan,
    SalesPlanAction,
    SalesPlanTarget,
)
from koers.planning.salesplans import queries, services
from koers.planning.salesplans.api.line_schemas import (
    SalesPlanActionIn,
    SalesPlanActionPatch,
    SalesPlanActivityIn,
    SalesPlanTargetIn,
    SalesPlanTargetPatch,
    SalesProposalPatch,
)
from koers.planning.salesplans.api.salesplans import _detail, _moves, _one, _plan
from koers.planning.salesplans.api.schemas import SalesPlanOut
from koers.sales.models import ProductGroup

router = Router(tags=["sales plans"])

ProposalId = PathEx[int, P(ge=1, le=MAX_ID, description="The proposal's id.")]
TargetId = PathEx[int, P(ge=1, le=MAX_ID, description="The proposed target's id.")]
ActionId = PathEx[int, P(ge=1, le=MAX_ID, description="The activity plan's action's id.")]
PlanId = PathEx[int, P(ge=1, le=MAX_ID, description="The sales plan's id.")]


def _owner(user: User, plan: SalesPlan) -> None:
    if user.pk != plan.owner_id or not queries.may_own(user):
        raise NotAllowed


def _groups() -> QuerySet[ProductGroup]:
    return ProductGroup.objects.filter(active=True)


def _related(user: User, plan: SalesPlan, data: dict[str, Any]) -> dict[str, Any]:
    """The body's ids as the objects the services take (an unknown id: a 422 naming it)."""
    sources: dict[str, QuerySet[Any]] = {
        "account_id": access.accounts_writable(user),
        "product_group_id": _groups(),
        "sales_action_id": SalesAction.objects.all(),
        "proposal_id": plan.proposals.all(),
    }
    out = {}
    for name, value in data.items():
        if name in sources:
            out[name.removesuffix("_id")] = _one(sources[name], value, name)
        elif name in ("expected_revenue", "action_cost", "amount"):
            out[name] = Decimal(value)
        else:
            out[name] = value
    return out


def _answer(user: User, plan_id: int, status: int = 200) -> Any:
    return Status(status, dump(SalesPlanOut, _detail(user, plan_id)))


@router.patch(
    "/sales-proposals/{proposal_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Change a proposal",
)
def update_sales_proposal(
    request: ApiRequest, proposal_id: ProposalId, payload: SalesProposalPatch
) -> Any:
    """The owner changes an open proposal while the plan is a draft or returned for more."""
    user: User = request.auth
    proposal = queries.proposal_for_change(user, proposal_id)
    _owner(user, proposal.plan)
    data = _related(user, proposal.plan, payload.changes())  # type: ignore[attr-defined]
    with _moves():
        services.proposal_update(actor=user, proposal=proposal, data=data)
    return _answer(user, proposal.plan_id)


@router.delete(
    "/sales-proposals/{proposal_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Remove a proposal",
)
def delete_sales_proposal(request: ApiRequest, proposal_id: ProposalId) -> Any:
    """The owner removes an open proposal while the plan is a draft or returned for more."""
    user: User = request.auth
    proposal = queries.proposal_for_change(user, proposal_id)
    _owner(user, proposal.plan)
    with _moves():
        services.proposal_delete(actor=user, proposal=proposal)
    return _answer(user, proposal.plan_id)


@router.post(
    "/sales-plans/{plan_id}/targets",
    response={201: SalesPlanOut, **COMMON_RESPONSES},
    summary="Propose a target in a sales plan",
)
def add_sales_plan_target(request: ApiRequest, plan_id: PlanId, payload: SalesPlanTargetIn) -> Any:
    user: User = request.auth
    plan = _plan(user, plan_id)
    _owner(user, plan)
    data = _related(user, plan, payload.model_dump())
    with _moves():
        services.target_add(actor=user, plan=plan, **data)
    return _answer(user, plan_id, 201)


def _target(user: User, pk: int) -> SalesPlanTarget:
    return SalesPlanTarget.objects.select_related("plan__owner").get(
        pk=pk, plan__in=queries.sales_plans_readable(user)
    )


@router.patch(
    "/sales-plan-targets/{target_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Change a proposed target",
)
def update_sales_plan_target(
    request: ApiRequest, target_id: TargetId, payload: SalesPlanTargetPatch
) -> Any:
    user: User = request.auth
    target = _target(user, target_id)
    _owner(user, target.plan)
    data = _related(user, target.plan, payload.changes())  # type: ignore[attr-defined]
    with _moves():
        services.target_update(actor=user, target=target, data=data)
    return _answer(user, target.plan_id)


@router.delete(
    "/sales-plan-targets/{target_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Remove a proposed target",
)
def delete_sales_plan_target(request: ApiRequest, target_id: TargetId) -> Any:
    user: User = request.auth
    target = _target(user, target_id)
    _owner(user, target.plan)
    with _moves():
        services.target_remove(actor=user, target=target)
    return _answer(user, target.plan_id)


@router.post(
    "/sales-plans/{plan_id}/actions",
    response={201: SalesPlanOut, **COMMON_RESPONSES},
    summary="Add an action to a sales plan's activity plan",
)
def add_sales_plan_action(request: ApiRequest, plan_id: PlanId, payload: SalesPlanActionIn) -> Any:
    user: User = request.auth
    plan = _plan(user, plan_id)
    _owner(user, plan)
    data = _related(user, plan, payload.model_dump())
    with _moves():
        services.action_add(actor=user, plan=plan, **data)
    return _answer(user, plan_id, 201)


def _action(user: User, pk: int) -> SalesPlanAction:
    return queries.action_for_change(user, pk)


@router.patch(
    "/sales-plan-actions/{action_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Change an action of a sales plan",
)
def update_sales_plan_action(
    request: ApiRequest, action_id: ActionId, payload: SalesPlanActionPatch
) -> Any:
    user: User = request.auth
    action = _action(user, action_id)
    _owner(user, action.plan)
    data = _related(user, action.plan, payload.changes())  # type: ignore[attr-defined]
    with _moves():
        services.action_update(actor=user, action=action, data=data)
    return _answer(user, action.plan_id)


@router.delete(
    "/sales-plan-actions/{action_id}",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Remove an action of a sales plan",
)
def delete_sales_plan_action(request: ApiRequest, action_id: ActionId) -> Any:
    user: User = request.auth
    action = _action(user, action_id)
    _owner(user, action.plan)
    with _moves():
        services.action_remove(actor=user, action=action)
    return _answer(user, action.plan_id)


@router.post(
    "/sales-plan-actions/{action_id}/activity",
    response={200: SalesPlanOut, **COMMON_RESPONSES},
    summary="Plan a sales plan's action as an activity",
)
def plan_sales_plan_action(
    request: ApiRequest, action_id: ActionId, payload: SalesPlanActivityIn
) -> Any:
    """The owner plans the action in the agenda (a visit by default), in every status of the
    plan; an action planned before is a 422 on `activity`."""
    user: User = request.auth
    action = _action(user, action_id)
    _owner(user, action.plan)
    services.action_plan_activity(actor=user, action=action, kind=str(payload.kind.value))
    return _answer(user, action.plan_id)
