"""Every write of account plans (`@service`: one transaction, the actor in the history).

Who may do what (docs/decisions.md, 117): a plan is written by who may change its account
(and may own plans: see the level A setting) while it is a draft or returned; only its owner
submits it; only the manager of the owner's team (or an administrator) approves, returns or
proposes a change; an approved plan changes only through a revision with its reason. Status
moves go through `PLAN_LIFECYCLE`; a refused one raises `TransitionRefused`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, service
from koers.planning.models import (
    AccountPlan,
    ActionStatus,
    CommentKind,
    GoalMetric,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanningSettings,
    PlanStatus,
    PlanTeamMember,
    PlanTemplate,
    PlanType,
    PlanVersion,
    ProposalState,
)
from koers.planning.models.plans import TEXT_PART_NAMES
from koers.planning.plans import templates
from koers.planning.plans.lifecycle import PLAN_LIFECYCLE
from koers.planning.plans.snapshot import snapshot_of
from koers.relations import services as relations

FIRST_YEAR, LAST_YEAR = 2000, 2199
TEXTS = ("situation", "customer_goals", "dmu_strategy", "agreements", "risks")
AMOUNTS = ("expected_revenue", "investment_hours", "investment_money")
EDITABLE = (*TEXTS, *AMOUNTS, "analysis")
LARGEST = Decimal("9999999999999.99")
GOAL_FIELDS = ("title", "metric", "owner", "branch", "product_group", "contact", "target", "due_on")
ACTION_FIELDS = ("title", "owner", "due_on", "status")


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def planning_settings() -> PlanningSettings:
    return PlanningSettings.objects.filter(pk=1).first() or PlanningSettings(pk=1)


def may_own(user: User) -> bool:
    return access.can_own_plan(user, level_a_gives_input=planning_settings().level_a_gives_input)


def may_write(user: User, plan: AccountPlan) -> bool:
    """Whether `user` may change the plan's content now (not its status)."""
    return plan.editable and may_own(user) and access.can_change_account(user, plan.account)


def _may_write(actor: User, plan: AccountPlan) -> None:
    if not (may_own(actor) and access.can_change_account(actor, plan.account)):
        raise NotAllowed(_("You may not change this plan."))
    # The status as stored, under a lock: a page may hold the plan as it was before a move.
    plan.status = (
        AccountPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    )
    if not plan.editable:
        raise _error(
            "status",
            _("This plan is %(status)s and cannot be changed; revise it first.")
            % {"status": plan.get_status_display().lower()},
            "status",
        )


def _touch(plan: AccountPlan) -> None:
    """A change to a plan's content: its version rises, and a returned plan is a draft again."""
    if plan.status == PlanStatus.RETURNED:
        PLAN_LIFECYCLE.move(plan, to=PlanStatus.DRAFT)
    AccountPlan.objects.filter(pk=plan.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    plan.refresh_from_db(fields=["version"])


def _check_amounts(data: Mapping[str, Any]) -> None:
    for name in AMOUNTS:
        value = data.get(name)
        if value is not None and not (0 <= value <= LARGEST):
            raise _error(name, _("Give an amount of 0 or more."))


def _check_analysis(plan_account: Account, analysis: Any) -> None:
    if analysis is not None and analysis.account_id != plan_account.pk:
        raise _error("analysis", _("Choose an analysis of this account."))


# ------------------------------------------------------------------------- plans and templates


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
def settings_save(*, actor: User, level_a_gives_input: bool) -> PlanningSettings:
    if not access.can_manage_settings(actor):
        raise NotAllowed
    row, _created = PlanningSettings.objects.update_or_create(
        pk=1, defaults={"level_a_gives_input": level_a_gives_input}
    )
    return row


# ------------------------------------------------------------------------ goals, actions, team


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


# -------------------------------------------------------------------------------- the workflow


@service
def plan_submit(*, actor: User, plan: AccountPlan) -> AccountPlan:
    """The owner submits the plan to their manager; the plan as it is now is kept as a version,
    and until its first approval each submission counts as a draft."""
    if actor.pk != plan.owner_id:
        raise NotAllowed(_("Only the plan's owner submits it."))
    now = timezone.now()
    changes: dict[str, Any] = {"submitted_at": now}
    if plan.revisions == 0:  # not yet approved: a revision's submissions are not drafts
        changes["drafts"] = plan.drafts + 1
    PLAN_LIFECYCLE.move(plan, to=PlanStatus.SUBMITTED, **changes)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    PlanVersion.objects.create(
        plan=plan, number=number, submitted_at=now, submitted_by=actor, content=snapshot_of(plan)
    )
    return plan


def _may_decide(actor: User, plan: AccountPlan) -> None:
    if not (
        access.can_decide_plan_of(actor, plan.owner)
        and access.can_read_account(actor, plan.account)
    ):
        raise NotAllowed(_("Only the manager of the owner's team decides on this plan."))


@service
def plan_approve(*, actor: User, plan: AccountPlan, comment: str = "") -> AccountPlan:
    _may_decide(actor, plan)
    PLAN_LIFECYCLE.move(plan, to=PlanStatus.APPROVED, decided_at=timezone.now(), decided_by=actor)
    if comment.strip():
        PlanComment.objects.create(plan=plan, author=actor, text=comment.strip())
    return plan


@service
def plan_return(*, actor: User, plan: AccountPlan, comment: str) -> AccountPlan:
    """Returns a submitted plan to its owner with the manager's comments (required)."""
    _may_decide(actor, plan)
    if not comment.strip():
        raise _error("comment", _("Say why the plan is returned."), "required")
    PLAN_LIFECYCLE.move(plan, to=PlanStatus.RETURNED, decided_at=timezone.now(), decided_by=actor)
    PlanComment.objects.create(
        plan=plan, author=actor, kind=CommentKind.RETURN, text=comment.strip()
    )
    return plan


@service
def plan_revise(*, actor: User, plan: AccountPlan, reason: str) -> AccountPlan:
    """A change of an approved plan during the year: a draft again, with its reason, to be
    approved again. Revisions are counted."""
    if actor.pk != plan.owner_id:
        raise NotAllowed(_("Only the plan's owner revises it."))
    reason = reason.strip()
    if not reason and plan.status == PlanStatus.APPROVED:
        raise _error("reason", _("Say why the plan is revised."), "required")
    PLAN_LIFECYCLE.move(
        plan, to=PlanStatus.DRAFT, revision_reason=reason, revisions=plan.revisions + 1
    )
    PlanComment.objects.create(plan=plan, author=actor, kind=CommentKind.REVISION, text=reason)
    return plan


# ------------------------------------------------------------------- comments and proposals


def may_comment(user: User, plan: AccountPlan) -> bool:
    """Input on a plan: whoever reads it, except marketing."""
    return not access.changes_nothing(user) and access.can_read_account(user, plan.account)


@service
def comment_add(*, actor: User, plan: AccountPlan, text: str) -> PlanComment:
    if not may_comment(actor, plan):
        raise NotAllowed
    if not text.strip():
        raise _error("text", _("Write your comment."), "required")
    return PlanComment.objects.create(plan=plan, author=actor, text=text.strip())


@service
def proposal_add(
    *, actor: User, plan: AccountPlan, part: str, proposed_text: str, text: str = ""
) -> PlanComment:
    """The manager proposes a new text for one part; the owner accepts or rejects it."""
    _may_decide(actor, plan)
    if plan.status == PlanStatus.APPROVED:
        raise _error("status", _("This plan is approved; a change is a revision."), "status")
    if part not in TEXT_PART_NAMES:
        raise _error("part", _("Choose the part the change is for."))
    if not proposed_text.strip():
        raise _error("proposed_text", _("Write the proposed text."), "required")
    return PlanComment.objects.create(
        plan=plan,
        author=actor,
        kind=CommentKind.PROPOSAL,
        part=part,
        proposed_text=proposed_text.strip(),
        text=text.strip(),
        proposal_state=ProposalState.OPEN,
    )


@service
def proposal_decide(*, actor: User, proposal: PlanComment, accept: bool) -> PlanComment:
    """The owner accepts (the part takes the proposed text) or rejects a proposed change; an
    accepted one needs the plan to be open for changes (a draft, or returned)."""
    plan = proposal.plan
    if actor.pk != plan.owner_id:
        raise NotAllowed(_("Only the plan's owner accepts or rejects a proposed change."))
    if proposal.proposal_state != ProposalState.OPEN:
        raise _error("proposal", _("This proposal has already been answered."), "answered")
    if accept:
        _may_write(actor, plan)
        setattr(plan, proposal.part, proposal.proposed_text)
        plan.save(update_fields=[proposal.part])
        _touch(plan)
    proposal.proposal_state = ProposalState.ACCEPTED if accept else ProposalState.REJECTED
    proposal.save(update_fields=["proposal_state"])
    return proposal


# ------------------------------------------------------------------------- goals from the API


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
