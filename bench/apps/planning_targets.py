"""Targets in the benchmark (issue 15), for this year and last, at every level the grid and the
API read: the company, each team and each account manager (revenue, margin and visits, twelve
months and the year); each account manager per main product group and each main product group
(revenue and margin, months and year); of the accounts that are no former customers, the A
accounts and chain tops (revenue per month and for the year, margin and visits for the year),
the B accounts (revenue, margin and visits for the year) and the branches (revenue for the year
and its quarters). About 470,000 rows at size L.

The amounts hang together as a company's do: an account's revenue target follows its tier, an
account manager's is the sum over their portfolio, a team's and the company's are the sums below
them give or take a few percent (the grid shows the gap), a product group's is the sum of the
account managers' targets in it; months follow one seasonal profile; margin is a share of
revenue; last year's are six percent lower. A stretch value on the year of the company, the
teams and the account managers, and on a third of the accounts' years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from bench.scenario import Scenario, Subjects
from koers.core.models import Role, Team, User
from koers.planning.models.targets import Target, TargetLevel, target_key
from koers.sales.models import ProductGroup

if TYPE_CHECKING:
    from bench.generate import Generator

# A year's revenue target of an account of a tier (euros), times a factor of 0.5 to 1.8.
REVENUE = {"A": 400_000, "root": 1_500_000, "B": 120_000, "C": 30_000, "branch": 90_000}
VISITS = {"A": 12, "root": 12, "B": 6, "C": 2}
# The share of each month in the year (December the busiest).
SEASON = (7, 7, 8, 8, 9, 8, 7, 7, 9, 9, 10, 11)
MARGIN_RATE = (0.22, 0.30)
LAST_YEAR = 0.94
STRETCH = 1.12
ACCOUNT_STRETCH_SHARE = 1 / 3
MAIN_GROUPS = 20
ROUND = 100


def targets(g: Generator) -> int:
    """Every target row, built per level from the accounts' revenue up."""
    rng = g.rng
    this = g.rel_today.year
    team_pks = dict(Team.objects.values_list("manager_id", "pk"))
    teams = [team_pks[m] for m in g.manager_ids]
    groups = list(
        ProductGroup.objects.filter(parent__isnull=True, active=True)
        .order_by("position", "pk")
        .values_list("pk", flat=True)[:MAIN_GROUPS]
    )
    director = (
        User.objects.filter(role=Role.SALES_DIRECTOR).order_by("pk").values_list("pk", flat=True)
    ).first() or g.manager_ids[0]
    manager_of = {am: g.manager_ids[t] for am, t in g.team_of.items()}
    rows = _Rows(g)

    revenue: dict[int, int] = defaultdict(int)  # per account manager
    visits: dict[int, int] = defaultdict(int)
    for a in g.plan:
        if a.kind == "region" or a.status == "former":
            continue
        kind = "root" if a.kind == "root" else "branch" if a.kind == "branch" else a.tier
        amount = _round(REVENUE[kind] * (0.5 + 1.3 * rng.random()))
        revenue[a.owner_id] += amount
        visits[a.owner_id] += VISITS.get(kind, 1)
        ids = {"account": a.id}
        stretch = rng.random() < ACCOUNT_STRETCH_SHARE
        by = a.owner_id
        if kind in ("A", "root"):
            rows.add(TargetLevel.ACCOUNT, ids, "revenue", amount, by, months=True, stretch=stretch)
            rows.add(TargetLevel.ACCOUNT, ids, "margin", _margin(amount, rng), by)
            rows.add(TargetLevel.ACCOUNT, ids, "visits", VISITS[kind], by)
        elif kind == "B":
            rows.add(TargetLevel.ACCOUNT, ids, "revenue", amount, by, stretch=stretch)
            rows.add(TargetLevel.ACCOUNT, ids, "margin", _margin(amount, rng), by)
            rows.add(TargetLevel.ACCOUNT, ids, "visits", VISITS[kind], by)
        elif kind == "branch":
            rows.add(TargetLevel.BRANCH, ids, "revenue", amount, by, quarters=True)

    weights = [0.5 + rng.random() for _ in groups]
    group_revenue: dict[int, int] = defaultdict(int)
    group_margin: dict[int, int] = defaultdict(int)
    team_sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for am in g.am_ids:
        by = manager_of.get(am, director)
        total, rate = revenue[am], rng.uniform(*MARGIN_RATE)
        margin = _round(total * rate)
        ids = {"user": am}
        rows.add(TargetLevel.USER, ids, "revenue", total, by, months=True, stretch=True)
        rows.add(TargetLevel.USER, ids, "margin", margin, by, months=True, stretch=True)
        rows.add(TargetLevel.USER, ids, "visits", visits[am], by, months=True)
        for group, part in zip(groups, _shares(weights, rng), strict=True):
            amount = _round(total * part)
            ids = {"user": am, "product_group": group}
            rows.add(TargetLevel.USER_GROUP, ids, "revenue", amount, by, months=True)
            rows.add(TargetLevel.USER_GROUP, ids, "margin", _round(amount * rate), by, months=True)
            group_revenue[group] += amount
            group_margin[group] += _round(amount * rate)
        sums = team_sums[g.team_of.get(am, 0)]
        for i, value in enumerate((total, margin, visits[am])):
            sums[i] += value
    for group in groups:
        ids = {"product_group": group}
        rows.add(TargetLevel.PRODUCT_GROUP, ids, "revenue", group_revenue[group], director, True)
        rows.add(TargetLevel.PRODUCT_GROUP, ids, "margin", group_margin[group], director, True)
    company = [0, 0, 0]
    for t, team in enumerate(teams):
        for i, measure in enumerate(("revenue", "margin", "visits")):
            amount = _round(team_sums[t][i] * rng.uniform(0.98, 1.04))
            company[i] += amount
            rows.add(
                TargetLevel.TEAM, {"team": team}, measure, amount, director, True, stretch=i < 2
            )
    for i, measure in enumerate(("revenue", "margin", "visits")):
        amount = _round(company[i] * 1.03)
        rows.add(TargetLevel.COMPANY, {}, measure, amount, director, True, stretch=i < 2)
    maker = g.writer.row_maker(
        Target, ["measure", "level", "key", "year", "period_kind", "period", "amount"]
    )
    count = 0
    for year, factor in ((this - 1, LAST_YEAR), (this, 1.0)):
        at = datetime(year, 1, 1, 9, tzinfo=UTC) - timedelta(days=20)
        count += g.writer.write(Target, rows.rows(maker, year, factor, g.dt(at)))
    return count


class _Rows:
    """The targets to write, as (level, ids, measure, year amount, by, months, quarters,
    stretch); `rows` turns them into a year's rows."""

    def __init__(self, g: Generator) -> None:
        self.g = g
        self.specs: list[tuple[str, dict[str, int], str, int, int, bool, bool, bool]] = []

    def add(
        self,
        level: str,
        ids: dict[str, int],
        measure: str,
        amount: int,
        by: int,
        months: bool = False,
        *,
        quarters: bool = False,
        stretch: bool = False,
    ) -> None:
        self.specs.append((level, ids, measure, amount, by, months, quarters, stretch))

    def rows(self, make: Any, year: int, factor: float, at: Any) -> Iterable[tuple]:
        for level, ids, measure, amount, by, months, quarters, stretch in self.specs:
            year_amount = amount if measure == "visits" else _round(amount * factor)
            base = {
                "measure": measure,
                "level": level,
                "key": target_key(level, {**dict.fromkeys(ids), **ids}),
                **{f"{name}_id": pk for name, pk in ids.items()},
                "year": year,
                "updated_by_id": by,
                "updated_at": at,
            }
            top = {"period_kind": "year", "period": 1, "amount": str(year_amount)}
            if stretch:
                top["stretch"] = str(_round(year_amount * STRETCH))
            yield make({**base, **top})
            if months:
                for month, value in enumerate(_spread(year_amount, SEASON, measure), start=1):
                    yield make({**base, "period_kind": "month", "period": month, "amount": value})
            if quarters:
                season = [sum(SEASON[q * 3 : q * 3 + 3]) for q in range(4)]
                for quarter, value in enumerate(_spread(year_amount, season, measure), start=1):
                    yield make(
                        {**base, "period_kind": "quarter", "period": quarter, "amount": value}
                    )


def _spread(amount: int, weights: Sequence[int], measure: str) -> list[str]:
    """`amount` over the periods by `weights`, rounded; the last period takes the rest, so the
    periods add up to the year."""
    step = 1 if measure == "visits" else ROUND
    total = sum(weights)
    parts = [round(amount * w / total / step) * step for w in weights[:-1]]
    return [str(p) for p in [*parts, max(0, amount - sum(parts))]]


def _shares(weights: list[float], rng: Any) -> list[float]:
    drawn = [w * (0.7 + 0.6 * rng.random()) for w in weights]
    total = sum(drawn)
    return [d / total for d in drawn]


def _margin(amount: int, rng: Any) -> int:
    return _round(amount * rng.uniform(*MARGIN_RATE))


def _round(value: float) -> int:
    return round(value / ROUND) * ROUND


GENERATE = [("targets", targets)]
LOADED = [Target]


def counts() -> dict[str, int]:
    return {"targets": Target.objects.count()}


def subjects(s: Subjects) -> None:
    """The team of the manager and this year (the grids open on it)."""
    team = Team.objects.filter(manager=s.personas["manager"]).order_by("pk").first()
    s.target_team_id = team.pk if team else 0
    s.target_year = timezone.localdate().year
    s.target_count = Target.objects.count()
    # The account manager's revenue target of this year: what the spreading page opens on.
    own = Target.objects.filter(
        level=TargetLevel.USER,
        user=s.personas["account_manager"],
        measure="revenue",
        year=s.target_year,
        period_kind="year",
    ).first()
    s.spread_target_id = own.pk if own else 0


def _grid(view: str) -> Any:
    def params(s: Subjects, i: int) -> dict[str, Any]:
        # getattr: the results show the parameters' shape with stand-in subjects.
        query = {"view": view, "measure": "revenue", "year": getattr(s, "target_year", "…")}
        if view == "team":
            query["team"] = getattr(s, "target_team_id", "…")
        return query

    return params


SCENARIOS = [
    Scenario(
        "target grid, team, manager",
        url="/targets/",
        persona="manager",
        params=_grid("team"),
        note="revenue, this year; {target_count} targets in all",
    ),
    Scenario(
        "target grid, account manager",
        url="/targets/",
        persona="account_manager",
        params=_grid("person"),
    ),
    Scenario(
        "target grid, company, sales director",
        url="/targets/",
        persona="sales_director",
        params=_grid("company"),
    ),
    Scenario(
        "target spreading over accounts, account manager",
        url="/targets/{spread_target_id}/spread/",
        persona="account_manager",
        params=lambda s, i: {"over": "accounts"},
        note="the account manager's own accounts, pre-filled from last year's revenue",
    ),
    Scenario(
        "target spreading over product groups, account manager",
        url="/targets/{spread_target_id}/spread/",
        persona="account_manager",
        params=lambda s, i: {"over": "product_groups"},
    ),
    Scenario(
        "target spreading over accounts and product groups, account manager",
        url="/targets/{spread_target_id}/spread/",
        persona="account_manager",
        params=lambda s, i: {"over": "account_groups"},
        note="each own account with each main product group; one page of rows",
    ),
    Scenario(
        "API target spreading rows, account manager",
        url="/api/v1/targets/{spread_target_id}/spread",
        persona="account_manager",
        api=True,
        params=lambda s, i: {"over": "accounts"},
    ),
    Scenario(
        "API target spreading rows over accounts and product groups, account manager",
        url="/api/v1/targets/{spread_target_id}/spread",
        persona="account_manager",
        api=True,
        params=lambda s, i: {"over": "account_groups", "page": 1 + i % 3},
        note="every row computed, one page of 25 serialised (decision 156)",
    ),
    Scenario(
        "API target list, manager",
        url="/api/v1/targets",
        persona="manager",
        api=True,
        params=lambda s, i: {"year": getattr(s, "target_year", "…")},
    ),
    Scenario(
        "API target list, account manager",
        url="/api/v1/targets",
        persona="account_manager",
        api=True,
        params=lambda s, i: {"year": getattr(s, "target_year", "…")},
    ),
]
