"""Reads of sales plans, scoped by the access policy (docs/decisions.md, 125).

An account manager reads their own plans; a manager those of the people of the teams they
manage (and their own, if any); administrators, marketing and the sales director read every
plan. Organisation-wide sales actions are read by everybody signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from koers.core import access
from koers.core.models import Role, Team, User
from koers.planning.models import (
    ADOPTED_DECISIONS,
    SalesAction,
    SalesPlan,
    SalesPlanAction,
    SalesPlanComment,
    SalesPlanStatus,
    SalesProposal,
)

ZERO = Decimal("0.00")


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_own(user: User) -> bool:
    """Who writes a sales plan of their own: account managers."""
    return _active(user) and not user.is_admin and user.role == Role.ACCOUNT_MANAGER


def may_define_actions(user: User) -> bool:
    """Organisation-wide sales actions: managers, marketing and administrators."""
    return _active(user) and (user.is_admin or user.role in (Role.MANAGER, Role.MARKETING))


def may_decide(user: User, plan: SalesPlan) -> bool:
    """The manager of a team the owner is in, or an administrator (never on their own plan)."""
    return access.can_decide_plan_of(user, plan.owner)


def sales_plans_readable(user: User) -> QuerySet[SalesPlan]:
    if not _active(user):
        return SalesPlan.objects.none()
    if access.reads_everything(user):
        return SalesPlan.objects.all()
    if user.role == Role.MANAGER:
        people = User.objects.filter(teams__manager=user).values("pk")
        return SalesPlan.objects.filter(Q(owner=user) | Q(owner__in=people))
    return SalesPlan.objects.filter(owner=user)


def plans_for_list(user: User) -> QuerySet[SalesPlan]:
    """With the counts the list shows, in one query."""
    return (
        sales_plans_readable(user)
        .select_related("owner")
        .annotate(
            proposal_count=Count("proposals"),
            adopted_count=Count("proposals", filter=Q(proposals__decision__in=ADOPTED_DECISIONS)),
        )
        .order_by("-year", "-period_kind", "-period", "owner__first_name", "pk")
    )


def plan_for_detail(user: User, pk: int) -> SalesPlan:
    """Raises SalesPlan.DoesNotExist for a plan the user may not read."""
    proposals = SalesProposal.objects.select_related(
        "account", "product_group", "sales_action", "decided_by"
    )
    actions = SalesPlanAction.objects.select_related("account", "activity", "proposal")
    return (
        sales_plans_readable(user)
        .select_related("owner")
        .prefetch_related(
            Prefetch("proposals", queryset=proposals),
            Prefetch("actions", queryset=actions),
            "targets__product_group",
            Prefetch("comments", queryset=SalesPlanComment.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def proposal_for_change(user: User, pk: int) -> SalesProposal:
    return SalesProposal.objects.select_related("plan__owner").get(
        pk=pk, plan__in=sales_plans_readable(user)
    )


def action_for_change(user: User, pk: int) -> SalesPlanAction:
    return SalesPlanAction.objects.select_related("plan__owner", "account").get(
        pk=pk, plan__in=sales_plans_readable(user)
    )


def sales_actions_readable(user: User) -> QuerySet[SalesAction]:
    if not _active(user):
        return SalesAction.objects.none()
    return SalesAction.objects.select_related("segment").prefetch_related("product_groups")


def teams_for(user: User) -> QuerySet[Team]:
    """The teams whose general plan `user` reads."""
    if access.reads_everything(user):
        return Team.objects.order_by("name")
    if _active(user) and user.role == Role.MANAGER:
        return Team.objects.filter(manager=user).order_by("name")
    return Team.objects.none()


@dataclass
class PlanRights:
    """What the reader may do on the plan page."""

    write: bool
    submit: bool
    decide: bool
    ask_more: bool
    plan_activities: bool


def rights_of(user: User, plan: SalesPlan) -> PlanRights:
    owner = user.pk == plan.owner_id and may_own(user)
    decide = may_decide(user, plan)
    return PlanRights(
        write=owner and plan.editable,
        submit=owner and plan.editable,
        decide=decide and plan.status == SalesPlanStatus.SUBMITTED,
        ask_more=decide and plan.status in (SalesPlanStatus.SUBMITTED, SalesPlanStatus.DECIDED),
        plan_activities=owner,
    )


def totals_of(plan: SalesPlan) -> dict[str, Any]:
    """From the proposals loaded with the plan: no query."""
    proposals = list(plan.proposals.all())
    adopted = [p for p in proposals if p.is_adopted]
    return {
        "revenue": sum((p.planned_revenue for p in proposals), start=ZERO),
        "adopted_revenue": sum((p.planned_revenue for p in adopted), start=ZERO),
        "cost": sum((p.action_cost for p in proposals if p.decision != "rejected"), start=ZERO),
        "proposals": len(proposals),
        "adopted": len(adopted),
    }


def reads_company(user: User) -> bool:
    """The company's general plan: who reads every plan."""
    return access.reads_everything(user)
