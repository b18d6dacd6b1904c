"""The figures of the dashboards: one grouped query per indicator and period, whatever the
number of rows (docs/decisions.md, 130).

- `my_figures`: the reader's own figures (an account manager: their own rows; anyone else: all
  rows they may read), the previous period's, and the spread of the reader's team (quartiles,
  over every account manager of the teams they are in, naming nobody).
- `team_matrix`: every account manager of the manager's teams side by side.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from koers.core import access
from koers.core.models import Role, Team, User
from koers.insights import registry
from koers.insights.periods import DEFAULT_COMPARE, Period
from koers.insights.registry import Indicator, Part

# Fewer colleagues than this and the quartiles would give away a colleague's figure.
MIN_PEERS = 3
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Spread:
    q1: Decimal
    median: Decimal
    q3: Decimal
    people: int


@dataclass
class Figure:
    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None = None
    spread: Spread | None = None
    # With a product group chosen: True for a figure of that group, False for one that cannot
    # be narrowed to it (no value then); None when no product group is chosen.
    by_group: bool | None = None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None or not self.indicator.per_period:
            return None
        return self.value - self.previous

    @property
    def light(self) -> str:
        if self.indicator.light is None or self.value is None:
            return ""
        return self.indicator.light(self.value)


def subject_owners(user: User) -> list[int] | None:
    """Whose rows "my figures" count: an account manager's own; for anyone else every row
    they may read (None: no owner filter)."""
    return [user.pk] if access.has_portfolio(user) else None


def peers(user: User) -> list[int]:
    """The account managers of the teams `user` is a member of, `user` among them."""
    teams = Team.objects.filter(members=user)
    found = User.objects.filter(
        teams__in=teams, role=Role.ACCOUNT_MANAGER, is_active=True
    ).distinct()
    return sorted(found.values_list("pk", flat=True))


def value_of(parts: Mapping[int, Part], indicator: Indicator) -> Decimal | None:
    """The figure of `parts`; None for one not narrowed to the product group chosen."""
    return registry.figure_of(parts, indicator.unit)


def by_group(indicator: Indicator, period: Period) -> bool | None:
    """`Figure.by_group` of `indicator` over `period`."""
    if period.accounts.product_group is None:
        return None
    return registry.narrowed(indicator, period)


def _own(parts: Mapping[int, Part], pk: int) -> Mapping[int, Part]:
    """One person's part of `parts` (still "not narrowed" when the figure is not)."""
    if isinstance(parts, registry.NotNarrowed):
        return parts
    return {pk: parts[pk]} if pk in parts else {}


def _spread(indicator: Indicator, parts: Mapping[int, Part], people: list[int]) -> Spread | None:
    if isinstance(parts, registry.NotNarrowed):
        return None
    values = [registry.combine([parts[p]] if p in parts else [], indicator.unit) for p in people]
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) < MIN_PEERS:
        return None
    q1, median, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
    q1_, median_, q3_ = (Decimal(str(round(v, 2))) for v in (q1, median, q3))
    return Spread(q1=q1_, median=median_, q3=q3_, people=len(numbers))


def my_figures(
    user: User,
    period: Period,
    *,
    compare: bool = True,
    against: str = DEFAULT_COMPARE,
    team_owners: list[int] | None = None,
) -> list[Figure]:
    """The reader's figures; `previous` is the figure of the period compared with (`against`:
    previous, last_year or none). `team_owners`: a team's account managers instead (a reader
    of the team who chose one; no spread then)."""
    owners = subject_owners(user) if team_owners is None else team_owners
    team = peers(user) if owners is not None and team_owners is None else []
    before = period.compared(against) if compare else None
    with registry.shared_work():
        return _my_figures(user, period, before, owners, team)


def _my_figures(
    user: User, period: Period, before: Period | None, owners: list[int] | None, team: list[int]
) -> list[Figure]:
    with_spread = len(team) >= MIN_PEERS
    asked = []
    for indicator in registry.indicators():
        now = registry.compute(indicator, user, period, owners)
        then = (
            registry.compute(indicator, user, before, owners)
            if before is not None and indicator.per_period
            else None
        )
        peers_now = registry.compute(indicator, None, period, team) if with_spread else None
        asked.append((indicator, now, then, peers_now))
    registry.run_together(p for row in asked for p in row[1:] if p is not None)
    figures = []
    for indicator, now, then, peers_now in asked:
        figure = Figure(indicator, value_of(now, indicator), by_group=by_group(indicator, period))
        if then is not None:
            figure.previous = value_of(then, indicator)
        if peers_now is not None:
            figure.spread = _spread(indicator, peers_now, team)
        figures.append(figure)
    return figures


# ------------------------------------------------------------------------------- the team


def reads_team(user: User) -> bool:
    return access.can_read_team_insights(user)


def team_people(user: User, team: int | None = None) -> QuerySet[User]:
    """The account managers of the teams `user` manages; for those who read everything, of
    every team (or of `team`)."""
    people = User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True)
    if not access.reads_everything(user):
        people = people.filter(teams__manager=user)
    if team:
        people = people.filter(teams=team)
    return people.distinct().order_by("first_name", "last_name", "username")


def teams_for(user: User) -> QuerySet[Team]:
    found = (
        Team.objects.all() if access.reads_everything(user) else Team.objects.filter(manager=user)
    )
    return found.order_by("name")


@dataclass
class PersonRow:
    person: User
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Matrix:
    indicators: list[Indicator]
    rows: list[PersonRow]
    totals: list[Figure]


def team_matrix(
    user: User, period: Period, *, team: int | None = None, sort: str = "", descending: bool = True
) -> Matrix:
    people = list(team_people(user, team))
    ids = [p.pk for p in people]
    rows = {p.pk: PersonRow(p) for p in people}
    totals = []
    indicators = registry.indicators()
    with registry.shared_work():
        computed = [(i, registry.compute(i, user, period, ids)) for i in indicators]
        registry.run_together(parts for _i, parts in computed)
    for indicator, parts in computed:
        group = by_group(indicator, period)
        for pk, row in rows.items():
            row.figures.append(
                Figure(indicator, value_of(_own(parts, pk), indicator), by_group=group)
            )
        totals.append(Figure(indicator, value_of(parts, indicator), by_group=group))
    ordered = list(rows.values())
    keys = [i.key for i in indicators]
    if sort in keys:
        column = keys.index(sort)
        present = [r for r in ordered if r.figures[column].value is not None]
        missing = [r for r in ordered if r.figures[column].value is None]
        present.sort(key=lambda r: r.figures[column].value or 0, reverse=descending)
        ordered = present + missing
    return Matrix(indicators, ordered, totals)
