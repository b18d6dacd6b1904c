"""The shapes of account plans in the API: a plan with its goals, each with its actions.
Amounts are decimal strings in euros, never floats."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import MAX_NOTES, BodyId, Choice, In, Integer, PageOut, PlanDate, Text
from koers.api.versioning import versioned_schemas
from koers.planning.models import (
    AccountPlan,
    ActionStatus,
    GoalMetric,
    PlanAction,
    PlanGoal,
    PlanStatus,
    PlanType,
)
from koers.planning.plans.services import FIRST_YEAR, LAST_YEAR

Amount = Text(
    17,
    pattern=r"^[0-9]{1,13}(\.[0-9]{1,2})?$",
    message=lambda: _("Give an amount in euros with a point for the cents, like 1250.50."),
    examples=["250000.00"],
)
SignedAmount = Text(
    17,
    pattern=r"^-?[0-9]{1,13}(\.[0-9]{1,2})?$",
    message=lambda: _("Give a number with a point for the decimals, like 12.5."),
    examples=["120000"],
)
Hours = Text(
    8,
    pattern=r"^[0-9]{1,6}(\.[0-9])?$",
    message=lambda: _("Give a number with at most one decimal, like 80.5."),
    examples=["80"],
)
LongText = Text(MAX_NOTES)
Title = Text(200, 1)


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


class ActionOut(Schema):
    id: int
    title: str
    owner_id: int
    due_on: date | None
    status: ActionStatus = Field(description="Done also when its activity is done.")
    activity_id: int | None = Field(description="The planned activity the action became.")


class GoalOut(Schema):
    id: int
    title: str
    metric: GoalMetric
    owner_id: int
    branch_id: int | None = Field(description="For a chain: the branch the goal is for.")
    product_group_id: int | None
    contact_id: int | None = Field(description="For a relationship goal: the DMU member.")
    target: str | None
    due_on: date | None
    actions: list[ActionOut]


class PlanOut(Schema):
    id: int
    account_id: int
    account_name: str
    year: int
    plan_type: PlanType
    status: PlanStatus
    owner_id: int
    analysis_id: int | None
    situation: str
    customer_goals: str
    dmu_strategy: str
    expected_revenue: str | None
    investment_hours: str | None
    investment_money: str | None
    agreements: str
    risks: str
    discussed_on: date | None
    customer_agrees: bool
    drafts: int = Field(description="Versions submitted before the first approval.")
    revisions: int
    revision_reason: str
    goals: list[GoalOut]
    version: int
    created_at: datetime
    updated_at: datetime


class ActionIn(In):
    id: BodyId | None = Field(None, description="An action of the plan to change; none: a new one.")
    title: Title
    owner_id: BodyId | None = None
    due_on: PlanDate | None = None
    status: Choice(ActionStatus) = ActionStatus.OPEN


class GoalIn(In):
    id: BodyId | None = Field(None, description="A goal of the plan to change; none: a new one.")
    title: Title
    metric: Choice(GoalMetric)
    owner_id: BodyId | None = None
    branch_id: BodyId | None = None
    product_group_id: BodyId | None = None
    contact_id: BodyId | None = None
    target: SignedAmount | None = None
    due_on: PlanDate | None = None
    actions: list[ActionIn] = Field([], max_length=50)


class PlanIn(In):
    account_id: BodyId
    year: Integer(FIRST_YEAR, LAST_YEAR)
    plan_type: Choice(PlanType)
    analysis_id: BodyId | None = None
    situation: LongText = ""
    customer_goals: LongText = Field("", description="One a line.")
    dmu_strategy: LongText = ""
    expected_revenue: Amount | None = None
    investment_hours: Hours | None = None
    investment_money: Amount | None = None
    agreements: LongText = ""
    risks: LongText = ""
    goals: list[GoalIn] | None = Field(
        None,
        max_length=50,
        description="The goals with their actions; left out, the template's are used.",
    )


PlanPatch, PlanConflictOut = versioned_schemas(
    "AccountPlan",
    create=PlanIn,
    read=PlanOut,
    nullable=("analysis_id", "expected_revenue", "investment_hours", "investment_money"),
    exclude={"account_id", "year", "plan_type"},
    doc="Only the fields sent are changed, while the plan is a draft or returned; `version` is "
    "the one you read. `goals`, when sent, replace the goals: those with an `id` are changed, "
    "those without are added, those left out are removed.",
)


class PlanPage(PageOut):
    results: list[PlanOut]


class PlanCommentIn(In):
    comment: LongText = ""


Said = Text(MAX_NOTES, 1)


class PlanReturnIn(In):
    comment: Said = Field(description="Why the plan is returned.")


class ReviseIn(In):
    reason: Said = Field(description="Why the approved plan changes.")


def _action(action: PlanAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "owner_id": action.owner_id,
        "due_on": action.due_on,
        "status": action.shown_status,
        "activity_id": action.activity_id,
    }


def _goal(goal: PlanGoal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "title": goal.title,
        "metric": goal.metric,
        "owner_id": goal.owner_id,
        "branch_id": goal.branch_id,
        "product_group_id": goal.product_group_id,
        "contact_id": goal.contact_id,
        "target": _money(goal.target),
        "due_on": goal.due_on,
        "actions": [_action(a) for a in goal.actions.all()],
    }


def plan_data(plan: AccountPlan) -> dict[str, Any]:
    """`account` and the goals with their actions (and their activities) must be loaded."""
    return {
        "id": plan.pk,
        "account_id": plan.account_id,
        "account_name": plan.account.name,
        "year": plan.year,
        "plan_type": plan.plan_type,
        "status": plan.status,
        "owner_id": plan.owner_id,
        "analysis_id": plan.analysis_id,
        "situation": plan.situation,
        "customer_goals": plan.customer_goals,
        "dmu_strategy": plan.dmu_strategy,
        "expected_revenue": _money(plan.expected_revenue),
        "investment_hours": _money(plan.investment_hours),
        "investment_money": _money(plan.investment_money),
        "agreements": plan.agreements,
        "risks": plan.risks,
        "discussed_on": plan.discussed_on,
        "customer_agrees": plan.customer_agrees,
        "drafts": plan.drafts,
        "revisions": plan.revisions,
        "revision_reason": plan.revision_reason,
        "goals": [_goal(g) for g in plan.goals.all()],
        "version": plan.version,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }
