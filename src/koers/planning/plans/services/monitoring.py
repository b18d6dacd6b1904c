"""Monitoring a plan during its year (decision 127): the cause and corrective action of a goal
behind its pro-rata part, the plan's reviews, and the deadline by which a team's plans are to
be submitted. Recorded in every status of the plan: following it up is the plan's point."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import Team, User
from koers.core.writes import service
from koers.planning.models import (
    AccountPlan,
    DeviationCause,
    PlanDeadline,
    PlanDeviation,
    PlanGoal,
    PlanReview,
)
from koers.planning.plans.services.base import (
    FIRST_YEAR,
    LAST_YEAR,
    REVIEW_MONTHS,
    _error,
    may_own,
    months_later,
)


def may_follow_up(user: User, plan: AccountPlan) -> bool:
    """Recording deviations and reviews: who may change the plan's account (and own plans),
    and the manager who decides on the plan."""
    if access.can_decide_plan_of(user, plan.owner) and access.can_read_account(user, plan.account):
        return True
    return may_own(user) and access.can_change_account(user, plan.account)


def may_set_deadline(user: User, team: Team) -> bool:
    return access.can_manage_settings(user) or (
        user.is_authenticated and team.manager_id == user.pk
    )


def _text(value: str, field: str, message: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _error(field, message, "required")
    return value


@service
def deviation_record(
    *,
    actor: User,
    goal: PlanGoal,
    cause: str,
    corrective_action: str,
    comment: str = "",
    as_of: date | None = None,
) -> PlanDeviation:
    """Why a goal is behind (a cause from the list) and what is done about it."""
    if not may_follow_up(actor, goal.plan):
        raise NotAllowed(_("You may not record deviations of this plan."))
    if cause not in DeviationCause.values:
        raise _error("cause", _("Choose the cause from the list."))
    action = _text(corrective_action, "corrective_action", _("Say what is done about it."))
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise _error("as_of", _("Give today or a day before."), "future")
    return PlanDeviation.objects.create(
        goal=goal,
        as_of=as_of,
        cause=cause,
        comment=(comment or "").strip(),
        corrective_action=action,
        recorded_by=actor,
    )


@service
def review_record(
    *,
    actor: User,
    plan: AccountPlan,
    outcome: str,
    held_on: date | None = None,
    goals_still_right: bool = False,
    actions_on_track: bool = False,
    deviations_explained: bool = False,
    customer_spoken: bool = False,
    next_review_on: date | None = None,
) -> PlanReview:
    """A review held: its checklist and outcome; the plan's next review is the date given, or
    a quarter after this one."""
    if not may_follow_up(actor, plan):
        raise NotAllowed(_("You may not review this plan."))
    outcome = _text(outcome, "outcome", _("Write the outcome of the review."))
    today = timezone.localdate()
    held_on = held_on or today
    if held_on > today:
        raise _error("held_on", _("Give today or a day before."), "future")
    next_review_on = next_review_on or months_later(held_on, REVIEW_MONTHS)
    if next_review_on <= held_on:
        raise _error("next_review_on", _("Give a day after the review."), "dates_order")
    review = PlanReview.objects.create(
        plan=plan,
        held_on=held_on,
        held_by=actor,
        goals_still_right=goals_still_right,
        actions_on_track=actions_on_track,
        deviations_explained=deviations_explained,
        customer_spoken=customer_spoken,
        outcome=outcome,
        next_review_on=next_review_on,
    )
    AccountPlan.objects.filter(pk=plan.pk).update(next_review_on=next_review_on)
    plan.next_review_on = next_review_on
    return review


@service
def deadline_set(*, actor: User, team: Team, year: int, submit_by: date | None) -> None:
    """The day by which the plans of the team's accounts for `year` are to be submitted (None:
    no deadline)."""
    if not may_set_deadline(actor, team):
        raise NotAllowed(_("Only the team's manager sets its deadline."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _error("year", _("Give a year like 2027."))
    if submit_by is None:
        PlanDeadline.objects.filter(team=team, year=year).delete()
        return
    PlanDeadline.objects.update_or_create(team=team, year=year, defaults={"submit_by": submit_by})
