"""A plan's content: the plan itself, its templates and setting, its team, the discussion
with the account, and the goals written by the API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, service
from koers.planning.models import (
    AccountPlan,
    PlanAction,
    PlanGoal,
    PlanningSettings,
    PlanTeamMember,
    PlanTemplate,
    PlanType,
)
from koers.planning.plans import templates
from koers.planning.plans.services.base import (
    EDITABLE,
    FIRST_YEAR,
    LAST_YEAR,
    TEXTS,
    _check_amounts,
    _check_analysis,
    _error,
    _may_write,
    _touch,
    may_own,
)
from koers.planning.plans.services.goals import _action_fields, _goal_fields


@service
def plan_create(
    *,
    actor: User,
    account: Account,
    year: int,
    plan_type: str,
    owner: User | None = None,
    goals: Sequence[Mapping[str, Any]] | None = None,
    **data: Any,
) -> AccountPlan:
    """A draft plan of `account` for `year`, started from the template of `plan_type`: its
    goals and actions (owned by the plan's owner, due within the year), its DMU strategy, and
    the account's latest analysis as the situation. `goals` (the API's) replace the template's;
    `data`: the plan's parts (`EDITABLE`)."""
    owner = owner or actor
    if not (may_own(actor) and access.can_change_account(actor, account)):
        raise NotAllowed(_("You may not write a plan for this account."))
    if not (may_own(owner) and access.can_change_account(owner, account)):
        raise _error("owner", _("This colleague cannot own a plan of this account."))
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _error("year", _("Give a year like 2027."))
    if plan_type not in PlanType.values:
        raise _error("plan_type", _("Choose acquire, grow or retain."))
    if AccountPlan.objects.filter(account=account, year=year).exists():
        raise _error(
            "year", _("This account already has a plan for %(year)s.") % {"year": year}, "unique"
        )
    goals_text, dmu = templates.template_text(plan_type)
    plan = AccountPlan.objects.create(
        account=account,
        year=year,
        plan_type=plan_type,
        owner=owner,
        created_by=actor,
        dmu_strategy=dmu,
        analysis=account.analyses.order_by("-analysed_on", "-pk").first(),
    )
    due = date(year, 12, 31)
    for i, goal in enumerate(templates.parse(goals_text)):
        row = PlanGoal.objects.create(
            plan=plan, title=goal.title, metric=goal.metric, owner=owner, due_on=due, position=i
        )
        PlanAction.objects.bulk_create(
            PlanAction(goal=row, title=title, owner=owner, due_on=due, position=j)
            for j, title in enumerate(goal.actions)
        )
    if data:
        _set_parts(plan, data)
        plan.save()
    if goals is not None:
        _replace_goals(plan, goals)
    return plan


def _set_parts(plan: AccountPlan, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"account plan: unknown fields {sorted(unknown)}")
    _check_amounts(data)
    if "analysis" in data:
        _check_analysis(plan.account, data["analysis"])
    for name, value in data.items():
        setattr(plan, name, (value or "").strip() if name in TEXTS else value)


@service
def plan_update(
    *,
    actor: User,
    plan: AccountPlan,
    expected_version: int,
    data: Mapping[str, Any],
    goals: Sequence[Mapping[str, Any]] | None = None,
) -> AccountPlan:
    """Changes the plan's parts in `data` (`EDITABLE`) and, when given, replaces its goals
    (`goals_replace`); a stale version changes nothing."""
    _may_write(actor, plan)
    locked = lock_version(AccountPlan, plan.pk, expected_version)
    _set_parts(locked, data)
    locked.save()
    if goals is not None:
        _replace_goals(locked, goals)
    _touch(locked)
    return locked


@service
def template_save(*, actor: User, plan_type: str, goals: str, dmu_strategy: str) -> PlanTemplate:
    if not access.can_manage_plan_templates(actor):
        raise NotAllowed
    row, _created = PlanTemplate.objects.update_or_create(
        plan_type=plan_type, defaults={"goals": goals.strip(), "dmu_strategy": dmu_strategy.strip()}
    )
    return row


@service
def settings_save(
    *, actor: User, level_a_gives_input: bool, deviation_margin: int | None = None
) -> PlanningSettings:
    """The planning settings; `deviation_margin` (percent, 0-100) left out stays as it is."""
    if not access.can_manage_settings(actor):
        raise NotAllowed
    defaults: dict[str, Any] = {"level_a_gives_input": level_a_gives_input}
    if deviation_margin is not None:
        if not 0 <= deviation_margin <= 100:
            raise _error("deviation_margin", _("Give a percentage from 0 to 100."))
        defaults["deviation_margin"] = deviation_margin
    row, _created = PlanningSettings.objects.update_or_create(pk=1, defaults=defaults)
    return row


@service
def team_member_add(*, actor: User, plan: AccountPlan, user: User, role: str) -> PlanTeamMember:
    _may_write(actor, plan)
    role = role.strip()[:100]
    if not role:
        raise _error("role", _("Give the colleague's role in the plan."), "required")
    if plan.team.filter(user=user).exists():
        raise _error("user", _("This colleague is already in the plan's team."), "duplicate")
    member = PlanTeamMember.objects.create(plan=plan, user=user, role=role)
    _touch(plan)
    return member


@service
def team_member_remove(*, actor: User, member: PlanTeamMember) -> None:
    plan = member.plan
    _may_write(actor, plan)
    member.delete()
    _touch(plan)


@service
def plan_discussed(
    *,
    actor: User,
    plan: AccountPlan,
    discussed_on: date | None,
    contacts: Iterable[Contact] = (),
    customer_agrees: bool = False,
    customer_response: str = "",
) -> AccountPlan:
    """Records that the plan was discussed with the account (when, with whom, its agreement).
    Not the plan's content: recorded in every status, by who may change the account."""
    if not (may_own(actor) and access.can_change_account(actor, plan.account)):
        raise NotAllowed(_("You may not change this plan."))
    contacts = list(contacts)
    account_ids = {plan.account_id, *plan.account.children.values_list("pk", flat=True)}
    for contact in contacts:
        if not contact.positions.filter(account_id__in=account_ids).exists():
            raise _error("discussed_with", _("Choose contacts of this account."))
    plan.discussed_on = discussed_on
    plan.customer_agrees = customer_agrees
    plan.customer_response = customer_response.strip()
    plan.save(update_fields=["discussed_on", "customer_agrees", "customer_response"])
    plan.discussed_with.set(contacts)
    return plan


@service
def goals_replace(*, actor: User, plan: AccountPlan, goals: Sequence[Mapping[str, Any]]) -> None:
    """The goals and actions of the API's write: a goal or action with an `id` of this plan is
    changed, one without is added, those left out are removed (an action's activity stays)."""
    _may_write(actor, plan)
    _replace_goals(plan, goals)
    _touch(plan)


def _replace_goals(plan: AccountPlan, goals: Sequence[Mapping[str, Any]]) -> None:
    kept_goals: list[int] = []
    for i, data in enumerate(goals):
        fields = _goal_fields(plan, data)
        goal = plan.goals.filter(pk=data["id"]).first() if data.get("id") else None
        if data.get("id") and goal is None:
            raise _error("goals", _("Goal %(id)s is not a goal of this plan.") % {"id": data["id"]})
        if goal is None:
            goal = PlanGoal(plan=plan, owner=plan.owner)
        for name, value in fields.items():
            setattr(goal, name, value)
        goal.position = i
        goal.save()
        kept_goals.append(goal.pk)
        _actions_replace(goal, data.get("actions") or [])
    plan.goals.exclude(pk__in=kept_goals).delete()


def _actions_replace(goal: PlanGoal, actions: Sequence[Mapping[str, Any]]) -> None:
    kept: list[int] = []
    for j, data in enumerate(actions):
        fields = _action_fields(data)
        action = (
            PlanAction.objects.filter(goal__plan=goal.plan, pk=data["id"]).first()
            if data.get("id")
            else None
        )
        if data.get("id") and action is None:
            raise _error(
                "goals", _("Action %(id)s is not an action of this plan.") % {"id": data["id"]}
            )
        if action is None:
            action = PlanAction(owner=goal.owner)
        action.goal = goal
        for name, value in fields.items():
            setattr(action, name, value)
        action.position = j
        action.save()
        kept.append(action.pk)
    goal.actions.exclude(pk__in=kept).delete()
