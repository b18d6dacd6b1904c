"""Reads of the plans' overviews (decision 127): the teams whose plans a user oversees, the
accounts of a team with their plan of a year (one LEFT JOIN: one plan per account per year),
whether it was submitted by the team's deadline, and the plans' progress for a page of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import Role, Team, User
from koers.planning.models import (
    AccountPlan,
    PlanAction,
    PlanDeadline,
    PlanGoal,
    PlanStatus,
    PlanVersion,
)
from koers.planning.plans import queries
from koers.planning.plans.progress import PlanProgress, progress_for


def teams_overseen(user: User) -> QuerySet[Team]:
    """The teams whose plans `user` oversees: those they manage; all for an administrator or
    the sales director."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.is_admin or user.role == Role.SALES_DIRECTOR:
        return Team.objects.order_by("name")
    return Team.objects.filter(manager=user).order_by("name")


def may_oversee(user: User) -> bool:
    return teams_overseen(user).exists()


def deadline_of(team: Team | None, year: int) -> date | None:
    if team is None:
        return None
    rows = PlanDeadline.objects.filter(team=team, year=year)
    return rows.values_list("submit_by", flat=True).first()


def team_accounts(user: User, team: Team, year: int) -> QuerySet[Account]:
    """The team's accounts (owned by its members; branches are in their chain's plan) that
    `user` may read, each with its plan of `year`: `plan_pk`, `plan_status`, `plan_drafts`,
    `plan_revisions`, `plan_updated` and `plan_first_submitted` (None: no plan, or never
    submitted)."""
    first_submitted = (
        PlanVersion.objects.filter(plan=OuterRef("plan_pk"))
        .order_by("number")
        .values("submitted_at")[:1]
    )
    members = team.members.values("pk")
    return (
        access.accounts_readable(user)
        .filter(parent__isnull=True, owner__in=members)
        .annotate(year_plan=FilteredRelation("plans", condition=Q(plans__year=year)))
        .annotate(
            plan_pk=F("year_plan__id"),
            plan_status=F("year_plan__status"),
            plan_drafts=F("year_plan__drafts"),
            plan_revisions=F("year_plan__revisions"),
            plan_updated=F("year_plan__updated_at"),
        )
        .annotate(plan_first_submitted=Subquery(first_submitted))
        .select_related("owner")
    )


def late_filter(deadline: date | None, today: date | None = None) -> Q:
    """Accounts whose plan was not submitted by the deadline (no plan counts), once it passed."""
    today = today or timezone.localdate()
    if deadline is None or deadline >= today:
        return Q(pk__in=[])
    return Q(plan_first_submitted__isnull=True) | Q(plan_first_submitted__date__gt=deadline)


def with_goals(plans: QuerySet[AccountPlan]) -> QuerySet[AccountPlan]:
    """What the progress reads of plans: their goals with the actions and activities."""
    actions = PlanAction.objects.select_related("activity")
    goals = PlanGoal.objects.prefetch_related(Prefetch("actions", queryset=actions))
    return plans.prefetch_related(Prefetch("goals", queryset=goals))


def load_goals(plans: Sequence[AccountPlan]) -> None:
    actions = PlanAction.objects.select_related("activity")
    goals = PlanGoal.objects.prefetch_related(Prefetch("actions", queryset=actions))
    prefetch_related_objects(list(plans), Prefetch("goals", queryset=goals))


def progress_of_plans(plan_ids: Iterable[int | None], as_of: date) -> dict[int, PlanProgress]:
    """The progress of these plans (ids of rows of a page), whatever the number: a fixed
    number of queries."""
    ids = [pk for pk in plan_ids if pk is not None]
    if not ids:
        return {}
    plans = list(with_goals(AccountPlan.objects.filter(pk__in=ids)))
    return progress_for(plans, as_of)


class PreparedRows:
    """Rows of a list's export prepared per chunk (their progress computed a chunk at a
    time), for the writers of `koers.transfer.exports`, which ask for `iterator()`."""

    def __init__(self, rows: QuerySet[Any], prepare: Any) -> None:
        self.rows, self.prepare = rows, prepare

    def iterator(self, chunk_size: int = 500) -> Iterator[Any]:
        chunk: list[Any] = []
        for row in self.rows.iterator(chunk_size=chunk_size):
            chunk.append(row)
            if len(chunk) == chunk_size:
                self.prepare(chunk)
                yield from chunk
                chunk = []
        if chunk:
            self.prepare(chunk)
            yield from chunk


def reviews_due(user: User, within_days: int, limit: int) -> list[AccountPlan]:
    """The approved plans whose review is due within `within_days` (or overdue), soonest
    first: the user's own, and for a manager those of the people whose plans they decide."""
    until = timezone.localdate() + timedelta(days=within_days)
    people = access.people_decided_by(user).values("pk")
    return list(
        queries.plans_readable(user)
        .filter(status=PlanStatus.APPROVED, next_review_on__lte=until)
        .filter(Q(owner=user) | Q(owner__in=people))
        .select_related("account", "owner")
        .order_by("next_review_on", "pk")[:limit]
    )
