"""The goals and actions of a plan, and an action planned as an activity."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.planning.models import (
    AccountPlan,
    ActionStatus,
    GoalMetric,
    PlanAction,
    PlanGoal,
)
from koers.planning.plans.services.base import (
    ACTION_FIELDS,
    GOAL_FIELDS,
    LARGEST,
    _error,
    _may_write,
    _touch,
)
from koers.relations import services as relations


def _goal_fields(plan: AccountPlan, data: Mapping[str, Any]) -> dict[str, Any]:
    out = {name: data[name] for name in GOAL_FIELDS if name in data}
    if "title" in out:
        out["title"] = (out["title"] or "").strip()[:200]
        if not out["title"]:
            raise _error("title", _("Name the goal."), "required")
    if "metric" in out and out["metric"] not in GoalMetric.values:
        raise _error("metric", _("Choose one of the metrics."))
    branch = out.get("branch")
    if branch is not None and branch.parent_id != plan.account_id:
        raise _error("branch", _("Choose a branch of this account."))
    contact = out.get("contact")
    if contact is not None and not contact.positions.filter(account=plan.account).exists():
        raise _error("contact", _("Choose a contact of this account."))
    target = out.get("target")
    if target is not None and not (-LARGEST <= target <= LARGEST):
        raise _error("target", _("Give a smaller target."))
    return out


@service
def goal_add(*, actor: User, plan: AccountPlan, **data: Any) -> PlanGoal:
    _may_write(actor, plan)
    fields = _goal_fields(plan, data)
    fields.setdefault("owner", plan.owner)
    fields.setdefault("metric", GoalMetric.REVENUE)
    if not fields.get("title"):
        raise _error("title", _("Name the goal."), "required")
    position = plan.goals.count()
    goal = PlanGoal.objects.create(plan=plan, position=position, **fields)
    _touch(plan)
    return goal


@service
def goal_update(*, actor: User, goal: PlanGoal, data: Mapping[str, Any]) -> PlanGoal:
    plan = goal.plan
    _may_write(actor, plan)
    for name, value in _goal_fields(plan, data).items():
        setattr(goal, name, value)
    goal.save()
    _touch(plan)
    return goal


@service
def goal_delete(*, actor: User, goal: PlanGoal) -> None:
    plan = goal.plan
    _may_write(actor, plan)
    goal.delete()
    _touch(plan)


def _action_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {name: data[name] for name in ACTION_FIELDS if name in data}
    if "title" in out:
        out["title"] = (out["title"] or "").strip()[:200]
        if not out["title"]:
            raise _error("title", _("Name the action."), "required")
    if "status" in out and out["status"] not in ActionStatus.values:
        raise _error("status", _("Choose open, done or dropped."))
    return out


@service
def action_add(*, actor: User, goal: PlanGoal, **data: Any) -> PlanAction:
    _may_write(actor, goal.plan)
    fields = _action_fields(data)
    if not fields.get("title"):
        raise _error("title", _("Name the action."), "required")
    fields.setdefault("owner", goal.plan.owner)
    action = PlanAction.objects.create(goal=goal, position=goal.actions.count(), **fields)
    _touch(goal.plan)
    return action


@service
def action_update(*, actor: User, action: PlanAction, data: Mapping[str, Any]) -> PlanAction:
    plan = action.goal.plan
    _may_write(actor, plan)
    for name, value in _action_fields(data).items():
        setattr(action, name, value)
    action.save()
    _touch(plan)
    return action


@service
def action_delete(*, actor: User, action: PlanAction) -> None:
    plan = action.goal.plan
    _may_write(actor, plan)
    action.delete()
    _touch(plan)


@service
def action_plan_activity(
    *,
    actor: User,
    action: PlanAction,
    kind: str = "visit",
    planned_start: datetime | None = None,
) -> PlanAction:
    """Turns the action into a planned activity of its account (a visit by default, on its due
    date at nine, or tomorrow), owned by the action's owner and linked back to the action: when
    the activity is done, the action shows done. Allowed in every status of the plan (carrying
    out an approved plan is its point)."""
    plan = action.goal.plan
    if not access.can_change_account(actor, plan.account) or access.changes_nothing(actor):
        raise NotAllowed(_("You may not plan activities for this account."))
    if action.activity_id is not None:
        raise _error("activity", _("This action is already planned."), "duplicate")
    if planned_start is None:
        day = action.due_on if action.due_on and action.due_on > timezone.localdate() else None
        day = day or timezone.localdate() + timedelta(days=1)
        planned_start = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    owner = action.owner if access.can_change_account(action.owner, plan.account) else actor
    activity = relations.activity_plan(
        actor=actor,
        account=action.goal.branch or plan.account,
        kind=kind,
        subject=action.title,
        planned_start=planned_start,
        owner=owner,
    )
    action.activity = activity
    action.save(update_fields=["activity"])
    return action
