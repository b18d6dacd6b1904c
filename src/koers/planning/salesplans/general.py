"""The general sales plan (algemeen verkoopplan): the sum of the individual plans of a period,
for a team (a line per account manager) or for the company (a line per team), against the
revenue targets of `planning/targets/` (docs/decisions.md, 125).

A plan counts with what its proposals add: an open proposal its proposed revenue, an adopted
one the revenue adopted, a rejected one nothing; the adopted part is shown apart. One grouped
query over the proposals and one over the targets, whatever the number of people.

The target of a period is the one set for it (the year), else the sum of its quarters' targets
when all are set, else the sum of its months' targets, else the quarters that are set, else the
year's target pro rata (a quarter a fourth of it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from koers.core.models import Role, Team, User
from koers.planning.models import (
    ADOPTED_DECISIONS,
    Measure,
    ProposalDecision,
    SalesPeriod,
    SalesPlan,
    SalesProposal,
    Target,
    TargetLevel,
)
from koers.planning.models.targets import target_key

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


@dataclass
class Line:
    """One line of the general plan: a person's plan, a team's plans, or the total."""

    label: str
    revenue: Decimal = ZERO
    adopted_revenue: Decimal = ZERO
    cost: Decimal = ZERO
    proposals: int = 0
    adopted: int = 0
    target: Decimal | None = None
    plan: SalesPlan | None = None
    person: User | None = None
    team: Team | None = None

    @property
    def gap(self) -> Decimal | None:
        """How far the plan falls short of the target (negative: above it)."""
        return None if self.target is None else self.target - self.revenue

    @property
    def short(self) -> bool:
        return self.gap is not None and self.gap > 0

    def add(self, sums: dict[str, Any]) -> None:
        self.revenue += sums["revenue"]
        self.adopted_revenue += sums["adopted_revenue"]
        self.cost += sums["cost"]
        self.proposals += sums["proposals"]
        self.adopted += sums["adopted"]


@dataclass
class GeneralPlan:
    year: int
    period_kind: str
    period: int
    lines: list[Line] = field(default_factory=list)
    total: Line = field(default_factory=lambda: Line(""))


def months_of(period_kind: str, period: int) -> list[int]:
    if period_kind == SalesPeriod.QUARTER:
        return list(range(3 * period - 2, 3 * period + 1))
    if period_kind == SalesPeriod.HALF:
        return list(range(6 * period - 5, 6 * period + 1))
    return list(range(1, 13))


def period_target(set_: dict[tuple[str, int], Decimal], period_kind: str, period: int) -> Any:
    """The target of the period from the targets set for the year (`(kind, number): amount`)."""
    months = months_of(period_kind, period)
    quarters = sorted({(m - 1) // 3 + 1 for m in months})
    if period_kind == SalesPeriod.YEAR and ("year", 1) in set_:
        return set_[("year", 1)]
    found_quarters = [set_[("quarter", q)] for q in quarters if ("quarter", q) in set_]
    if len(found_quarters) == len(quarters):
        return sum(found_quarters, start=ZERO)
    found_months = [set_[("month", m)] for m in months if ("month", m) in set_]
    if found_months:
        return sum(found_months, start=ZERO)
    if found_quarters:
        return sum(found_quarters, start=ZERO)
    if ("year", 1) in set_:
        return (set_[("year", 1)] * len(months) / 12).quantize(CENT)
    return None


def _user_key(pk: int) -> str:
    return target_key(TargetLevel.USER, {"user": pk})


def _team_key(pk: int) -> str:
    return target_key(TargetLevel.TEAM, {"team": pk})


def _company_key() -> str:
    return target_key(TargetLevel.COMPANY, {})


def _targets(keys: Iterable[str], year: int) -> dict[str, dict[tuple[str, int], Decimal]]:
    found: dict[str, dict[tuple[str, int], Decimal]] = {}
    rows = Target.objects.filter(measure=Measure.REVENUE, year=year, key__in=list(keys))
    for key, kind, number, amount in rows.values_list("key", "period_kind", "period", "amount"):
        found.setdefault(key, {})[(kind, number)] = amount
    return found


def sums_by_owner(year: int, period_kind: str, period: int) -> dict[int, dict[str, Any]]:
    """Per owner: what their plan of the period adds up to (one grouped query)."""
    adopted = Q(decision__in=ADOPTED_DECISIONS)
    planned = Case(
        When(decision=ProposalDecision.OPEN, then="expected_revenue"),
        When(adopted, then=Coalesce("adopted_revenue", "expected_revenue")),
        default=Value(ZERO),
        output_field=_MONEY,
    )
    rows = (
        SalesProposal.objects.filter(
            plan__year=year, plan__period_kind=period_kind, plan__period=period
        )
        .values("plan__owner")
        .annotate(
            revenue=Sum(planned),
            adopted_revenue=Sum(Coalesce("adopted_revenue", "expected_revenue"), filter=adopted),
            cost=Sum("action_cost", filter=~Q(decision=ProposalDecision.REJECTED)),
            proposals=Count("pk"),
            adopted=Count("pk", filter=adopted),
        )
    )
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        out[row["plan__owner"]] = {
            "revenue": row["revenue"] or ZERO,
            "adopted_revenue": row["adopted_revenue"] or ZERO,
            "cost": row["cost"] or ZERO,
            "proposals": row["proposals"],
            "adopted": row["adopted"],
        }
    return out


def _plans(year: int, period_kind: str, period: int) -> dict[int, SalesPlan]:
    rows = SalesPlan.objects.filter(year=year, period_kind=period_kind, period=period)
    return {plan.owner_id: plan for plan in rows}


def team_plan(team: Team, year: int, period_kind: str, period: int) -> GeneralPlan:
    """A line per account manager of the team (those without a plan too: where it falls short),
    and the team's total against the team's target."""
    result = GeneralPlan(year, period_kind, period)
    sums = sums_by_owner(year, period_kind, period)
    plans = _plans(year, period_kind, period)
    people = list(
        team.members.filter(Q(role=Role.ACCOUNT_MANAGER) | Q(pk__in=list(plans)))
        .exclude(pk=team.manager_id or 0)
        .order_by("first_name", "last_name", "pk")
    )
    targets = _targets([_user_key(p.pk) for p in people] + [_team_key(team.pk)], year)
    for person in people:
        line = Line(str(person), plan=plans.get(person.pk), person=person)
        if person.pk in sums:
            line.add(sums[person.pk])
        line.target = period_target(targets.get(_user_key(person.pk), {}), period_kind, period)
        result.lines.append(line)
        result.total.add(_as_sums(line))
    result.total.label = team.name
    result.total.team = team
    result.total.target = period_target(targets.get(_team_key(team.pk), {}), period_kind, period)
    return result


def company_plan(teams: Iterable[Team], year: int, period_kind: str, period: int) -> GeneralPlan:
    """A line per team (its account managers' plans), and the company's total: every plan of
    the period once (someone in two teams counts in both teams' lines, once in the total)."""
    result = GeneralPlan(year, period_kind, period)
    sums = sums_by_owner(year, period_kind, period)
    teams = list(teams)
    members = Team.members.through._default_manager.filter(team__in=teams).values_list(
        "team", "user"
    )
    people: dict[int, list[int]] = {}
    for team_id, user_id in members:
        people.setdefault(team_id, []).append(user_id)
    targets = _targets([_team_key(t.pk) for t in teams] + [_company_key()], year)
    for team in teams:
        line = Line(team.name, team=team)
        for user_id in people.get(team.pk, []):
            if user_id in sums and user_id != team.manager_id:
                line.add(sums[user_id])
        line.target = period_target(targets.get(_team_key(team.pk), {}), period_kind, period)
        result.lines.append(line)
    for row in sums.values():
        result.total.add(row)
    result.total.target = period_target(targets.get(_company_key(), {}), period_kind, period)
    return result


def _as_sums(line: Line) -> dict[str, Any]:
    return {
        "revenue": line.revenue,
        "adopted_revenue": line.adopted_revenue,
        "cost": line.cost,
        "proposals": line.proposals,
        "adopted": line.adopted,
    }
