"""Monitoring account plans in the API (docs/decisions.md, 127): a plan's progress (plan against
actual, computed when asked), the causes recorded for its deviations, its reviews, and the
manager's overview of a team's accounts with their plan of a year. Read with the plan's
account; deviations and reviews are recorded by who may change the account or decides on the
plan; the overview is for the team's manager (and administrators, the sales director)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.pagination import PageParams, paginate_matches
from koers.api.schemas import MAX_ID, BodyId, Choice, Id, In, PageOut, PlanDate, Text
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning.models import AccountPlan, DeviationCause, PlanDeviation, PlanReview
from koers.planning.plans import overview, progress, queries, services
from koers.planning.plans.filters import NO_PLAN, OverviewFilterSet
from koers.planning.plans.services import FIRST_YEAR, LAST_YEAR

router = Router(tags=["account plans"])

PlanId = PathEx[int, P(ge=1, le=MAX_ID, description="The plan's id.")]
Said = Text(5000, 1)
Optional = Text(5000)


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


class FiguresOut(Schema):
    branch_id: int | None = Field(description="null: the whole account (a chain with branches).")
    branch_name: str
    revenue: str = Field(description="Delivered and invoiced orders in the year so far, euros.")
    margin: str
    visits_done: int
    visits_planned: int = Field(description="Visits still planned in the year.")
    share_of_wallet: str | None = Field(
        description="Our revenue as a percentage of the purchase volume of the latest analysis."
    )


class GoalProgressOut(Schema):
    goal_id: int
    title: str
    metric: str
    branch_id: int | None
    target: str | None
    expected: str | None = Field(description="The pro-rata part of the target as of the day.")
    actual: str | None
    status: str = Field(description="on_track, behind or not_measured.")
    cause: DeviationCause | None = Field(description="The latest recorded cause, if any.")


class ProgressOut(Schema):
    plan_id: int
    as_of: date
    elapsed: str = Field(description="The share of the plan's year gone by, 0 to 1.")
    deviation_margin: int = Field(description="Percent below pro rata before a goal is behind.")
    percent: int | None = Field(description="The share of measured goals on track; null: none.")
    actions_planned: int
    actions_done: int
    visits_goal: str | None
    parts: list[FiguresOut]
    goals: list[GoalProgressOut]


def _figures(branch: Any, figures: progress.Figures) -> dict[str, Any]:
    return {
        "branch_id": branch.pk if branch else None,
        "branch_name": branch.name if branch else "",
        "revenue": str(figures.revenue),
        "margin": str(figures.margin),
        "visits_done": figures.visits_done,
        "visits_planned": figures.visits_planned,
        "share_of_wallet": _money(figures.share_of_wallet),
    }


def _goal(g: progress.GoalProgress) -> dict[str, Any]:
    return {
        "goal_id": g.goal.pk,
        "title": g.goal.title,
        "metric": g.goal.metric,
        "branch_id": g.goal.branch_id,
        "target": _money(g.goal.target),
        "expected": _money(g.expected),
        "actual": _money(g.actual),
        "status": g.status,
        "cause": g.deviation.cause if g.deviation else None,
    }


def _plan(user: User, pk: int) -> AccountPlan:
    return overview.with_goals(queries.plans_readable(user).select_related("account", "owner")).get(
        pk=pk
    )


@router.get(
    "/account-plans/{plan_id}/progress",
    response={200: ProgressOut, **COMMON_RESPONSES},
    summary="Read an account plan's progress",
)
def get_plan_progress(request: ApiRequest, plan_id: PlanId) -> dict[str, Any]:
    """Plan against actual as of today: revenue, margin, visits and share of wallet of the
    whole account and of each branch, actions done, and each goal against its pro-rata part."""
    found = progress.plan_progress(_plan(request.auth, plan_id), timezone.localdate())
    return {
        "plan_id": plan_id,
        "as_of": found.as_of,
        "elapsed": str(found.elapsed.quantize(progress.CENT / 10)),
        "deviation_margin": found.margin,
        "percent": found.percent,
        "actions_planned": found.actions_planned,
        "actions_done": found.actions_done,
        "visits_goal": _money(found.visits_goal),
        "parts": [_figures(p.branch, p.figures) for p in found.parts],
        "goals": [_goal(g) for g in found.goals],
    }


class DeviationOut(Schema):
    id: int
    goal_id: int
    as_of: date
    cause: DeviationCause
    comment: str
    corrective_action: str
    recorded_by_id: int | None


class DeviationIn(In):
    goal_id: BodyId = Field(description="A goal of this plan.")
    cause: Choice(DeviationCause)
    corrective_action: Said
    comment: Optional = ""
    as_of: PlanDate | None = Field(None, description="Left out: today.")


def _deviation(row: PlanDeviation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "goal_id": row.goal_id,
        "as_of": row.as_of,
        "cause": row.cause,
        "comment": row.comment,
        "corrective_action": row.corrective_action,
        "recorded_by_id": row.recorded_by_id,
    }


@router.get(
    "/account-plans/{plan_id}/deviations",
    response={200: list[DeviationOut], **COMMON_RESPONSES},
    summary="List the recorded causes of an account plan's deviations",
)
def list_plan_deviations(request: ApiRequest, plan_id: PlanId) -> list[dict[str, Any]]:
    """The latest first."""
    plan = queries.plans_readable(request.auth).get(pk=plan_id)
    rows = PlanDeviation.objects.filter(goal__plan=plan).order_by("-as_of", "-pk")
    return [_deviation(r) for r in rows]


@router.post(
    "/account-plans/{plan_id}/deviations",
    response={201: DeviationOut, **COMMON_RESPONSES},
    summary="Record the cause of a deviation",
)
def create_plan_deviation(
    request: ApiRequest, plan_id: PlanId, payload: DeviationIn
) -> tuple[int, dict[str, Any]]:
    """Why a goal is behind (a cause from the list) and the corrective action."""
    plan = queries.plans_readable(request.auth).select_related("account", "owner").get(pk=plan_id)
    goal = plan.goals.filter(pk=payload.goal_id).first()
    if goal is None:
        raise FieldErrors({"goal_id": [_("Choose a goal of this plan.")]}, code="not_found")
    goal.plan = plan
    row = services.deviation_record(
        actor=request.auth,
        goal=goal,
        cause=payload.cause.value,
        corrective_action=payload.corrective_action,
        comment=payload.comment,
        as_of=payload.as_of,
    )
    return 201, _deviation(row)


class ReviewOut(Schema):
    id: int
    held_on: date
    held_by_id: int | None
    goals_still_right: bool
    actions_on_track: bool
    deviations_explained: bool
    customer_spoken: bool
    outcome: str
    next_review_on: date | None


class ReviewIn(In):
    outcome: Said
    held_on: PlanDate | None = Field(None, description="Left out: today.")
    goals_still_right: bool = False
    actions_on_track: bool = False
    deviations_explained: bool = False
    customer_spoken: bool = False
    next_review_on: PlanDate | None = Field(None, description="Left out: a quarter later.")


def _review(row: PlanReview) -> dict[str, Any]:
    return {
        "id": row.pk,
        "held_on": row.held_on,
        "held_by_id": row.held_by_id,
        "goals_still_right": row.goals_still_right,
        "actions_on_track": row.actions_on_track,
        "deviations_explained": row.deviations_explained,
        "customer_spoken": row.customer_spoken,
        "outcome": row.outcome,
        "next_review_on": row.next_review_on,
    }


@router.get(
    "/account-plans/{plan_id}/reviews",
    response={200: list[ReviewOut], **COMMON_RESPONSES},
    summary="List an account plan's reviews",
)
def list_plan_reviews(request: ApiRequest, plan_id: PlanId) -> list[dict[str, Any]]:
    """The latest first."""
    plan = queries.plans_readable(request.auth).get(pk=plan_id)
    return [_review(r) for r in plan.reviews.order_by("-held_on", "-pk")]


@router.post(
    "/account-plans/{plan_id}/reviews",
    response={201: ReviewOut, **COMMON_RESPONSES},
    summary="Record a review of an account plan",
)
def create_plan_review(
    request: ApiRequest, plan_id: PlanId, payload: ReviewIn
) -> tuple[int, dict[str, Any]]:
    """The checklist, the outcome and the next review (by default a quarter later)."""
    plan = queries.plans_readable(request.auth).select_related("account", "owner").get(pk=plan_id)
    row = services.review_record(actor=request.auth, plan=plan, **payload.model_dump())
    return 201, _review(row)


class OverviewFilters(Schema):
    team: Id | None = Field(None, description="A team you oversee; left out: your first.")
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Left out: this year.")
    status: str | None = Field(None, description=f"A plan status, or {NO_PLAN!r}: no plan.")
    owner: Id | None = None
    late: bool | None = Field(None, description="true: not submitted by the team's deadline.")


class OverviewRowOut(Schema):
    account_id: int
    account_name: str
    owner_id: int
    plan_id: int | None
    plan_status: str | None
    drafts: int | None
    revisions: int | None
    first_submitted: date | None
    last_change: date | None
    progress: int | None = Field(description="The share of the plan's measured goals on track.")
    late: bool = Field(description="Not submitted by the team's deadline (once it passed).")


class OverviewPage(PageOut):
    results: list[OverviewRowOut]


def _day(moment: Any) -> date | None:
    return timezone.localdate(moment) if moment else None


def _row(a: Any) -> dict[str, Any]:
    return {
        "account_id": a.pk,
        "account_name": a.name,
        "owner_id": a.owner_id,
        "plan_id": a.plan_pk,
        "plan_status": a.plan_status,
        "drafts": a.plan_drafts,
        "revisions": a.plan_revisions,
        "first_submitted": _day(a.plan_first_submitted),
        "last_change": _day(a.plan_updated),
        "progress": a.progress.percent if a.progress else None,
        "late": a.late,
    }


@router.get(
    "/plan-overview",
    response={200: OverviewPage, **COMMON_RESPONSES},
    summary="List a team's accounts with their plan of a year",
)
def list_plan_overview(
    request: ApiRequest, filters: Query[OverviewFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """For the team's manager: each account of the team's members with its plan's status,
    drafts, revisions, last change and progress, and whether it was submitted by the deadline.
    """
    if not overview.may_oversee(request.auth):
        raise NotAllowed(_("The overview of a team's plans is for its manager."))
    data = {
        k: ("true" if v is True else "false" if v is False else str(v))
        for k, v in filters.model_dump().items()
        if v is not None
    }
    filterset = OverviewFilterSet(data, user=request.auth, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors)

    def fetch(ids: list[Any]) -> list[Any]:
        rows = list(filterset.fetch(ids))
        filterset.prepare(rows)
        return rows

    return paginate_matches(request, filterset.found(), page, _row, fetch=fetch)
