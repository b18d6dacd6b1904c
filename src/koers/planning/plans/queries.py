"""Reads of account plans, scoped by the access policy (a plan is read with its account), and
what the plan page shows of one. The progress of a plan (against orders and activities) is a
later join on `plans_readable` and the goals' metrics (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.planning.models import (
    AccountPlan,
    CommentKind,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanStatus,
    PlanVersion,
    ProposalState,
)
from koers.planning.plans import services

RELATED = ("account", "owner", "analysis", "decided_by")


def plans_readable(user: User) -> QuerySet[AccountPlan]:
    return access.scope_through_account(AccountPlan.objects.all(), user)


def plans_for_list(user: User) -> QuerySet[AccountPlan]:
    return plans_readable(user).select_related("account", "owner").order_by("-year", "-pk")


def plans_of(user: User, account: Account) -> QuerySet[AccountPlan]:
    return plans_for_list(user).filter(account=account)


def _goals() -> Prefetch[Any]:
    actions = PlanAction.objects.select_related("owner", "activity").order_by(
        "due_on", "position", "pk"
    )
    return Prefetch(
        "goals",
        queryset=PlanGoal.objects.select_related(
            "owner", "branch", "product_group", "contact"
        ).prefetch_related(Prefetch("actions", queryset=actions)),
    )


def plan_for_detail(user: User, pk: int) -> AccountPlan:
    """Raises AccountPlan.DoesNotExist for a plan of an account the user may not read."""
    return (
        plans_readable(user)
        .select_related(*RELATED)
        .prefetch_related(
            _goals(),
            "team__user",
            "discussed_with",
            Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
        )
        .get(pk=pk)
    )


def goal_for_change(user: User, pk: int) -> PlanGoal:
    return PlanGoal.objects.select_related("plan__account", "plan__owner").get(
        pk=pk, plan__in=plans_readable(user)
    )


def action_for_change(user: User, pk: int) -> PlanAction:
    return PlanAction.objects.select_related(
        "goal__plan__account", "goal__plan__owner", "goal__branch", "owner"
    ).get(pk=pk, goal__plan__in=plans_readable(user))


def versions_of(plan: AccountPlan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("submitted_by").order_by("-number")


@dataclass
class PlanRights:
    """What the reader may do on the plan page."""

    write: bool
    submit: bool
    decide: bool
    revise: bool
    comment: bool
    plan_activities: bool
    answer_proposals: bool
    propose: bool


def rights_of(user: User, plan: AccountPlan) -> PlanRights:
    owner = user.pk == plan.owner_id
    decide = access.can_decide_plan_of(user, plan.owner)
    return PlanRights(
        write=services.may_write(user, plan),
        submit=owner and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
        decide=decide and plan.status == PlanStatus.SUBMITTED,
        revise=owner and plan.status == PlanStatus.APPROVED,
        comment=services.may_comment(user, plan),
        plan_activities=access.can_change_account(user, plan.account)
        and not access.changes_nothing(user),
        answer_proposals=owner,
        propose=decide and plan.status != PlanStatus.APPROVED,
    )


@dataclass
class PlanCounts:
    actions: int
    actions_done: int
    proposals_accepted: int
    versions: int


def counts_of(plan: AccountPlan) -> PlanCounts:
    """From the rows loaded with the plan (goals, actions, comments) and one count."""
    actions = [a for g in plan.goals.all() for a in g.actions.all()]
    accepted = sum(
        1
        for c in plan.comments.all()
        if c.kind == CommentKind.PROPOSAL and c.proposal_state == ProposalState.ACCEPTED
    )
    return PlanCounts(
        actions=len(actions),
        actions_done=sum(1 for a in actions if a.is_done),
        proposals_accepted=accepted,
        versions=plan.versions.count(),
    )


def status_counts(user: User, year: int) -> dict[str, int]:
    """How many readable plans of a year are in each status (for overviews)."""
    rows = (
        plans_readable(user)
        .filter(year=year)
        .aggregate(**{s: Count("pk", filter=Q(status=s)) for s in PlanStatus.values})
    )
    return {s: rows[s] or 0 for s in PlanStatus.values}
