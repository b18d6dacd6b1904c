"""The progress of account plans: plan against actual, always current (issue 14, seeds/001 1.6;
docs/decisions.md, 127).

Nothing is stored: each figure is a grouped query over the orders and activities, for many
plans at once (the plan page, the manager's overview and the health job ask the same way).
A revenue or margin goal with a product group counts only that group's order lines and its
subgroups' (`progress_groups.py`).

- **Revenue and margin**: the plan's account's delivered and invoiced orders
  (`REVENUE_STATUSES`, by `delivered_on`, from the 1st of January of the plan's year up to
  the day asked), net and net minus cost, as the analyses and targets count them. A chain
  counts its branches' orders; a branch counts the orders delivered to it (`branch`) or
  ordered by it.
- **Visits**: done visits of the account (and its branches) in the year up to the day, against
  the targets of the plan's visit goals; visits still planned are shown beside them.
- **Actions**: done (their activity done, or marked done) against those not dropped.
- **Share of wallet**: our revenue in the year as a percentage of the account's purchase volume
  in our categories from its latest analysis (a branch: its own latest analysis).

A goal with a number (revenue, margin, visits, share of wallet) and a target is measured
against its pro-rata part: the target times the share of the year gone by. It is *behind* when
its actual is more than the settable margin (`PlanningSettings.deviation_margin`) below that
part; the owner then records the cause and the corrective action (`PlanDeviation`). A plan's
progress is the share of its measured goals on track (the health score's plan component).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from koers.accounts.models import Account
from koers.planning.models import (
    AccountAnalysis,
    AccountPlan,
    ActionStatus,
    GoalMetric,
    PlanDeviation,
    PlanGoal,
)
from koers.planning.plans import progress_groups
from koers.planning.plans.services.base import planning_settings
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.sales.models import Order
from koers.sales.models.orders import REVENUE_STATUSES

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
MEASURED = (GoalMetric.REVENUE, GoalMetric.MARGIN, GoalMetric.VISITS, GoalMetric.SHARE_OF_WALLET)
ON_TRACK, BEHIND, NOT_MEASURED = "on_track", "behind", "not_measured"
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


@dataclass
class Figures:
    """The actuals of one part of a plan: the whole account (a chain with its branches) or
    one branch."""

    revenue: Decimal = ZERO
    margin: Decimal = ZERO
    visits_done: int = 0
    visits_planned: int = 0
    purchase_volume: Decimal | None = None

    @property
    def share_of_wallet(self) -> Decimal | None:
        """Our revenue as a percentage of the purchase volume (None: no volume known)."""
        if not self.purchase_volume:
            return None
        return (self.revenue / self.purchase_volume * HUNDRED).quantize(TENTH)

    def actual(self, metric: str) -> Decimal | None:
        if metric == GoalMetric.REVENUE:
            return self.revenue
        if metric == GoalMetric.MARGIN:
            return self.margin
        if metric == GoalMetric.VISITS:
            return Decimal(self.visits_done)
        if metric == GoalMetric.SHARE_OF_WALLET:
            return self.share_of_wallet
        return None


@dataclass
class GoalProgress:
    goal: PlanGoal
    status: str
    actual: Decimal | None = None
    expected: Decimal | None = None  # the pro-rata part of the target
    deviation: PlanDeviation | None = None  # the latest recorded cause

    @property
    def behind(self) -> bool:
        return self.status == BEHIND

    @property
    def in_euros(self) -> bool:
        return self.goal.metric in (GoalMetric.REVENUE, GoalMetric.MARGIN)

    @property
    def measured(self) -> bool:
        return self.status != NOT_MEASURED

    @property
    def achieved(self) -> int | None:
        """The actual as a percentage of the whole year's target."""
        target = self.goal.target
        if self.actual is None or not target:
            return None
        return round(self.actual / target * HUNDRED)


@dataclass
class PartProgress:
    branch: Account | None  # None: the whole account
    figures: Figures
    goals: list[GoalProgress] = field(default_factory=list)


@dataclass
class PlanProgress:
    plan: AccountPlan
    as_of: date
    elapsed: Decimal  # the share of the plan's year gone by, 0 to 1
    margin: int  # percent below the pro-rata part before a goal is behind
    whole: Figures
    goals: list[GoalProgress]
    parts: list[PartProgress]
    actions_planned: int
    actions_done: int
    visits_goal: Decimal | None  # the targets of the visit goals of the whole account

    @property
    def measured(self) -> int:
        return sum(1 for g in self.goals if g.measured)

    @property
    def on_track(self) -> int:
        return sum(1 for g in self.goals if g.status == ON_TRACK)

    @property
    def behind(self) -> list[GoalProgress]:
        return [g for g in self.goals if g.behind]

    @property
    def percent(self) -> int | None:
        """The share of the measured goals on track (None: nothing measured)."""
        return round(100 * self.on_track / self.measured) if self.measured else None


def elapsed(year: int, as_of: date) -> Decimal:
    """The share of `year` gone by on `as_of` (the day itself counted)."""
    if as_of < date(year, 1, 1):
        return ZERO
    if as_of >= date(year, 12, 31):
        return Decimal(1)
    days = 366 if calendar.isleap(year) else 365
    return Decimal(as_of.timetuple().tm_yday) / Decimal(days)


def _orders(ids: list[int], years: set[int], as_of: date) -> dict[tuple[int, int, int], Figures]:
    """{(year, account, part): figures} of the delivered orders; `part` is the branch delivered
    to, or the ordering account."""
    rows = (
        Order.objects.filter(
            Q(account__in=ids) | Q(account__parent__in=ids),
            status__in=REVENUE_STATUSES,
            delivered_on__gte=date(min(years), 1, 1),
            delivered_on__lte=min(as_of, date(max(years), 12, 31)),
        )
        .annotate(
            top=Coalesce("account__parent", "account"),
            part=Coalesce("branch", "account"),
            year=ExtractYear("delivered_on"),
        )
        .values("year", "top", "part")
        .annotate(
            revenue=Sum("net_total", output_field=_MONEY),
            gain=Sum(F("net_total") - F("cost_total"), output_field=_MONEY),
        )
    )
    found: dict[tuple[int, int, int], Figures] = {}
    for row in rows:
        found[(row["year"], row["top"], row["part"])] = Figures(
            revenue=row["revenue"] or ZERO, margin=row["gain"] or ZERO
        )
    return found


def _visits(ids: list[int], years: set[int], as_of: date) -> dict[tuple[Any, ...], int]:
    """{(year, account, part, status): count} of the visits done up to `as_of` and those
    still planned in the year."""
    rows = (
        Activity.objects.filter(
            Q(account__in=ids) | Q(account__parent__in=ids),
            Q(status=ActivityStatus.DONE, planned_start__date__lte=as_of)
            | Q(status=ActivityStatus.PLANNED),
            kind=ActivityKind.VISIT,
            planned_start__date__gte=date(min(years), 1, 1),
            planned_start__date__lte=date(max(years), 12, 31),
        )
        .annotate(top=Coalesce("account__parent", "account"), year=ExtractYear("planned_start"))
        .values("year", "top", "account", "status")
        .annotate(n=Count("pk"))
    )
    return {(r["year"], r["top"], r["account"], r["status"]): r["n"] for r in rows}


def _volumes(ids: list[int]) -> dict[int, Decimal | None]:
    """Each account's (and branch's) purchase volume from its latest analysis."""
    rows = (
        AccountAnalysis.objects.filter(Q(account__in=ids) | Q(account__parent__in=ids))
        .order_by("account", "-analysed_on", "-pk")
        .values_list("account", "purchase_volume")
    )
    found: dict[int, Decimal | None] = {}
    for account, volume in rows:
        found.setdefault(account, volume)
    return found


def _latest_deviations(plans: Sequence[AccountPlan]) -> dict[int, PlanDeviation]:
    found: dict[int, PlanDeviation] = {}
    for row in PlanDeviation.objects.filter(goal__plan__in=[p.pk for p in plans]).select_related(
        "recorded_by"
    ):
        found.setdefault(row.goal_id, row)
    return found


class _Data:
    """The grouped rows of all plans asked, by (year, account), and each part's figures."""

    def __init__(self, plans: Sequence[AccountPlan], as_of: date) -> None:
        ids = sorted({p.account_id for p in plans})
        years = {p.year for p in plans}
        self.orders: dict[tuple[int, int], list[tuple[int, Figures]]] = {}
        for (year, top, at), found in _orders(ids, years, as_of).items():
            self._file(self.orders, year, top, at, (at, found))
        self.visits: dict[tuple[int, int], list[tuple[int, str, int]]] = {}
        for (year, top, at, status), n in _visits(ids, years, as_of).items():
            self._file(self.visits, year, top, at, (at, status, n))
        self.volumes = _volumes(ids)
        groups = {
            g.product_group_id
            for p in plans
            for g in p.goals.all()
            if g.product_group_id and g.metric in progress_groups.BY_GROUP
        }
        self.groups = progress_groups.grouped_lines(ids, years, as_of, groups) if groups else {}

    @staticmethod
    def _file(into: dict[Any, list[Any]], year: int, top: int, at: int, row: Any) -> None:
        """Filed under the chain and, for a plan of a branch itself, under the branch."""
        into.setdefault((year, top), []).append(row)
        if at != top:
            into.setdefault((year, at), []).append(row)

    def figures(self, plan: AccountPlan, part: int | None) -> Figures:
        """The whole account (`part` None) or one branch."""
        out = Figures(purchase_volume=self.volumes.get(part or plan.account_id))
        key = (plan.year, plan.account_id)
        for at, found in self.orders.get(key, []):
            if part in (None, at):
                out.revenue += found.revenue
                out.margin += found.margin
        for at, status, n in self.visits.get(key, []):
            if part in (None, at):
                if status == ActivityStatus.DONE:
                    out.visits_done += n
                else:
                    out.visits_planned += n
        return out

    def of_goal(self, plan: AccountPlan, goal: PlanGoal, figures: Figures) -> Figures:
        """A revenue or margin goal with a product group counts only that group's lines
        (and its subgroups'); any other goal the figures of its part."""
        if not goal.product_group_id or goal.metric not in progress_groups.BY_GROUP:
            return figures
        revenue, margin = progress_groups.group_sums(
            self.groups, plan.year, plan.account_id, goal.branch_id, goal.product_group_id
        )
        return Figures(revenue=revenue, margin=margin)

    def branches(self, plan: AccountPlan) -> set[int]:
        """The branches with orders or visits in the plan's year."""
        key = (plan.year, plan.account_id)
        found = {at for at, _f in self.orders.get(key, [])}
        found |= {at for at, _s, _n in self.visits.get(key, [])}
        return found - {plan.account_id}


def _goal(
    goal: PlanGoal, figures: Figures, share: Decimal, margin: int, deviation: Any
) -> GoalProgress:
    actual = figures.actual(goal.metric)
    if goal.metric not in MEASURED or goal.target is None or actual is None:
        return GoalProgress(goal, NOT_MEASURED, actual, None, deviation)
    expected = (goal.target * share).quantize(CENT)
    floor = expected * (HUNDRED - margin) / HUNDRED
    status = BEHIND if actual < floor else ON_TRACK
    return GoalProgress(goal, status, actual, expected, deviation)


def _actions(plan: AccountPlan) -> tuple[int, int]:
    actions = [a for g in plan.goals.all() for a in g.actions.all()]
    planned = [a for a in actions if a.status != ActionStatus.DROPPED]
    return len(planned), sum(1 for a in planned if a.is_done)


def progress_for(
    plans: Sequence[AccountPlan], as_of: date, *, with_parts: bool = False
) -> dict[int, PlanProgress]:
    """The progress of each plan as of a day, by plan id. The plans' goals and their actions
    (with the activity) must be loaded. Four grouped queries and the setting, whatever the
    number of plans, and one more when a goal names a product group; `with_parts` (one plan's
    page) adds the figures per branch with the branches' names and the goals' latest recorded
    causes (two more)."""
    if not plans:
        return {}
    data = _Data(plans, as_of)
    margin = planning_settings().deviation_margin
    deviations = _latest_deviations(plans) if with_parts else {}
    out: dict[int, PlanProgress] = {}
    for plan in plans:
        share = elapsed(plan.year, as_of)
        whole = data.figures(plan, None)
        per_branch: dict[int, Figures] = {}
        goals = []
        for goal in plan.goals.all():
            if goal.branch_id is None:
                figures = whole
            else:
                figures = per_branch.setdefault(goal.branch_id, data.figures(plan, goal.branch_id))
            figures = data.of_goal(plan, goal, figures)
            goals.append(_goal(goal, figures, share, margin, deviations.get(goal.pk)))
        planned, done = _actions(plan)
        visit_targets = [
            g.target
            for g in plan.goals.all()
            if g.metric == GoalMetric.VISITS and g.branch_id is None and g.target is not None
        ]
        out[plan.pk] = PlanProgress(
            plan=plan,
            as_of=as_of,
            elapsed=share,
            margin=margin,
            whole=whole,
            goals=goals,
            parts=_parts(plan, data, whole, goals) if with_parts else [],
            actions_planned=planned,
            actions_done=done,
            visits_goal=sum(visit_targets, ZERO) if visit_targets else None,
        )
    return out


def _parts(
    plan: AccountPlan, data: _Data, whole: Figures, goals: list[GoalProgress]
) -> list[PartProgress]:
    """The whole account first, then each branch with goals or figures, by name."""
    ids = data.branches(plan) | {g.goal.branch_id for g in goals if g.goal.branch_id}
    branches = Account.objects.filter(pk__in=ids, parent=plan.account_id).order_by("name")
    parts = [PartProgress(None, whole, [g for g in goals if g.goal.branch_id is None])]
    for branch in branches:
        parts.append(
            PartProgress(
                branch,
                data.figures(plan, branch.pk),
                [g for g in goals if g.goal.branch_id == branch.pk],
            )
        )
    return parts


def plan_progress(plan: AccountPlan, as_of: date) -> PlanProgress:
    """One plan's progress with its parts per branch (its goals and actions loaded)."""
    return progress_for([plan], as_of, with_parts=True)[plan.pk]
