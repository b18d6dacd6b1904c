"""Market information and account analyses in the benchmark: five market signals per account
(500,000 at size L) over two years, most tied to an account, some to a competitor, segment or
product group, a fifth general market news; the competitors that supply a third of the accounts
(skewed: the first of sales' list is at the most); one analysis per account on average (100,000
at size L), several yearly ones for the A accounts and chain tops, none for many C accounts,
each with three financial years. The scenarios of the signal feed (manager, marketing), the
competitor at the most accounts, the analysis panel, list, page and comparison of the account
with the most analyses, and the API lists of signals and competitors. Account plans (made by
`bench/apps/planning_plans.py` when it runs): the plan page with its progress and the progress
partial of the manager's team's plan with the most goals, the team's plan overview (page and
API) and the Plans page; with no plans the plan scenarios measure the Plans page instead.

Dates are relative to the day the data is generated, like relations'.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from bench.apps import planning_plan_pages, planning_plans, planning_progress, planning_targets
from bench.scenario import Scenario, Subjects
from koers.accounts.models import Account
from koers.core.models import Role, User
from koers.planning.demo import SIGNALS, SUPPLIES
from koers.planning.models import (
    AccountAnalysis,
    AccountCompetitor,
    AccountPlan,
    AnalysisYear,
    MarketSignal,
    SignalKind,
    SignalSource,
)
from koers.sales.models import Competitor, ProductGroup

if TYPE_CHECKING:
    from bench.generate import Generator

SIGNALS_PER_ACCOUNT = 5.0
GENERAL_SHARE = 0.2  # tied to no account: market news
SECOND_ACCOUNT_SHARE = 0.1
SEGMENT_SHARE = 0.3
GROUP_SHARE = 0.25
HISTORY_DAYS = 730
SOURCES = [s.value for s in SignalSource if s != SignalSource.VISIT_REPORT]
# Competitors: at a third of the accounts, one to three each; the earlier ones in sales' list
# are met more often (weights 1/rank).
PRESENCE_SHARE = 0.33
# Analyses: drawn per account with these weights by tier (chain tops as A), one per account on
# average; an account's analyses are about a year apart.
ANALYSES_PER_ACCOUNT = 1.0
ANALYSIS_WEIGHT = {"A": 6, "B": 2, "C": 0.6}
YEARS_PER_ANALYSIS = 3
TEXT = "Familiebedrijf met een sterke regionale positie; wil groeien in foodservice."
SWOT = {
    "strengths": "Sterk merk in de regio\nGoede logistiek",
    "weaknesses": "Weinig personeel\nOude koelcellen",
    "opportunities": "Nieuwe vestigingen\nMeer kant-en-klaar",
    "threats": "Prijsdruk van ketens\nStrengere regels",
}


def signals(g: Generator) -> int:
    """The signals and their ties to accounts, competitors, segments and product groups."""
    rng, dt, day = g.rng, g.dt, g.day
    now, today = g.rel_now, g.rel_today
    first = (MarketSignal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    marketing = list(
        User.objects.filter(role=Role.MARKETING).order_by("pk").values_list("pk", flat=True)
    ) or list(g.manager_ids)
    groups = list(ProductGroup.objects.values_list("pk", flat=True))
    competitors = list(g.competitor_ids)
    # Read before the rows are written: on PostgreSQL the connection is busy with COPY then.
    competitor_names = dict(Competitor.objects.values_list("pk", "name"))
    names = {a.id: a.name for a in g.plan}
    make = g.writer.row_maker(
        MarketSignal, ["id", "date", "title", "kind", "source", "importance", "recorded_by_id"]
    )
    through = {
        name: getattr(MarketSignal, name).through
        for name in ("accounts", "competitors", "segments", "product_groups")
    }
    makers = {
        "accounts": g.writer.row_maker(through["accounts"], ["marketsignal_id", "account_id"]),
        "competitors": g.writer.row_maker(
            through["competitors"], ["marketsignal_id", "competitor_id"]
        ),
        "segments": g.writer.row_maker(through["segments"], ["marketsignal_id", "segment_id"]),
        "product_groups": g.writer.row_maker(
            through["product_groups"], ["marketsignal_id", "productgroup_id"]
        ),
    }
    ties: dict[str, list[tuple]] = {name: [] for name in makers}
    n = round(SIGNALS_PER_ACCOUNT * len(g.plan))

    def rows() -> Iterable[tuple]:
        for _ in range(n):
            pk = next(ids)
            kind, title = rng.choice(SIGNALS)
            competitor = rng.choice(competitors) if competitors else None
            account = None if rng.random() < GENERAL_SHARE else rng.choice(g.plan)
            if account is not None:
                tie = {"marketsignal_id": pk, "account_id": account.id}
                ties["accounts"].append(makers["accounts"](tie))
                if rng.random() < SECOND_ACCOUNT_SHARE:
                    other = rng.choice(g.plan)
                    if other.id != account.id:
                        ties["accounts"].append(
                            makers["accounts"]({"marketsignal_id": pk, "account_id": other.id})
                        )
            elif kind == SignalKind.CUSTOMER:
                kind, title = SIGNALS[3]
            if kind == SignalKind.COMPETITOR and competitor is not None:
                ties["competitors"].append(
                    makers["competitors"]({"marketsignal_id": pk, "competitor_id": competitor})
                )
            if g.segment_ids and rng.random() < SEGMENT_SHARE:
                segment = rng.choice(g.segment_ids)
                ties["segments"].append(
                    makers["segments"]({"marketsignal_id": pk, "segment_id": segment})
                )
            if groups and rng.random() < GROUP_SHARE:
                ties["product_groups"].append(
                    makers["product_groups"](
                        {"marketsignal_id": pk, "productgroup_id": rng.choice(groups)}
                    )
                )
            on = today - timedelta(days=rng.randrange(HISTORY_DAYS))
            at = now - timedelta(days=(today - on).days, seconds=rng.randrange(36_000))
            recorder = account.owner_id if account is not None else rng.choice(marketing)
            yield make(
                {
                    "id": pk,
                    "date": day(on),
                    "title": title.format(
                        n=rng.randint(3, 15),
                        competitor=competitor_names.get(competitor, "Een concurrent"),
                        account=names[account.id] if account is not None else "",
                    )[:200],
                    "text": "Gehoord tijdens een gesprek; nog na te gaan.",
                    "kind": kind,
                    "source": rng.choice(SOURCES),
                    "importance": rng.choice((1, 2, 2, 2, 3)),
                    "recorded_by_id": recorder,
                    "created_at": dt(at),
                    "updated_at": dt(at),
                }
            )

    count = g.writer.write(MarketSignal, rows())
    for name, tied in ties.items():
        count += g.writer.write(through[name], tied)
    return count


def presences(g: Generator) -> int:
    """Which competitors supply an account: a third of the accounts, one to three each."""
    rng, dt = g.rng, g.dt
    competitors = list(g.competitor_ids)
    if not competitors:
        return 0
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(competitors))))
    make = g.writer.row_maker(
        AccountCompetitor, ["account_id", "competitor_id", "updated_by_id", "updated_at"]
    )

    def rows() -> Iterable[tuple]:
        for account in g.plan:
            if rng.random() >= PRESENCE_SHARE:
                continue
            chosen = set(rng.choices(competitors, cum_weights=weights, k=rng.randint(1, 3)))
            for competitor in sorted(chosen):
                yield make(
                    {
                        "account_id": account.id,
                        "competitor_id": competitor,
                        "supplies": rng.choice(SUPPLIES),
                        "share": rng.choice((None, 10, 20, 30, 40, 60)),
                        "updated_by_id": account.owner_id,
                        "updated_at": dt(g.moment(HISTORY_DAYS)),
                    }
                )

    return g.writer.write(AccountCompetitor, rows())


def analyses(g: Generator) -> int:
    """The analyses (yearly for an account that has several) and their financial years."""
    rng, dt, day = g.rng, g.dt, g.day
    today = g.rel_today
    plan = g.plan
    weights = list(
        itertools.accumulate(ANALYSIS_WEIGHT["A" if a.kind == "root" else a.tier] for a in plan)
    )
    per_account: dict[int, int] = {}
    n = round(ANALYSES_PER_ACCOUNT * len(plan))
    for account in rng.choices(plan, cum_weights=weights, k=n):
        per_account[account.id] = per_account.get(account.id, 0) + 1
    owner = {a.id: a.owner_id for a in plan}
    first = (AccountAnalysis.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    make = g.writer.row_maker(AccountAnalysis, ["id", "account_id", "analysed_on"])
    make_year = g.writer.row_maker(AnalysisYear, ["analysis_id", "year"])
    years: list[tuple] = []

    def rows() -> Iterable[tuple]:
        for account_id in sorted(per_account):
            revenue = Decimal(rng.randrange(500, 50_000)) * 1_000
            for back in range(per_account[account_id]):
                pk = next(ids)
                on = today - timedelta(days=365 * back + rng.randrange(60))
                growth = Decimal(1) + Decimal(rng.randrange(-5, 15)) / 100
                for offset in range(1, YEARS_PER_ANALYSIS + 1):
                    year_revenue = (revenue / growth**offset).quantize(Decimal(1))
                    years.append(make_year(_figures(pk, on.year - offset, year_revenue, rng)))
                at = datetime.combine(on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
                yield make(
                    {
                        "id": pk,
                        "account_id": account_id,
                        "analysed_on": day(on),
                        "vision": TEXT,
                        "purchasing": "Centrale inkoop, jaarcontracten per categorie.",
                        **SWOT,
                        "purchase_volume": str((revenue * Decimal("0.08")).quantize(Decimal(1))),
                        "fit_needs": rng.choice((0, 1, 2, 2)),
                        "fit_volume": rng.choice((0, 1, 2)),
                        "fit_margin": rng.choice((0, 1, 1, 2)),
                        "fit_relationship": rng.choice((1, 2)),
                        "fit_culture": rng.choice((None, 1, 2)),
                        "verdict": rng.choice(("worth", "worth", "doubtful", "not_worth")),
                        "conclusion": "Past bij ons assortiment; volume groeit.",
                        "advice": "Jaargesprek met de inkoper plannen.",
                        "investment_money": str(rng.randrange(500, 20_000)),
                        "investment_hours": str(rng.randrange(10, 200)),
                        "hourly_cost": "75.00",
                        "created_by_id": owner[account_id],
                        "created_at": dt(at),
                        "updated_at": dt(at),
                    }
                )

    count = g.writer.write(AccountAnalysis, rows())
    count += g.writer.write(AnalysisYear, years)
    return count


def _figures(pk: int, year: int, revenue: Decimal, rng: Any) -> dict[str, Any]:
    """A year's figures, plausible together (the ratios come out between sensible bounds)."""
    assets = (revenue * Decimal("0.6")).quantize(Decimal(1))
    equity = (assets * Decimal(rng.randrange(20, 50)) / 100).quantize(Decimal(1))
    current = (assets * Decimal("0.45")).quantize(Decimal(1))
    short = (current * Decimal("0.7")).quantize(Decimal(1))
    operating = revenue * Decimal(rng.randrange(2, 9)) / 100
    return {
        "analysis_id": pk,
        "year": year,
        "revenue": str(revenue),
        "purchases": str((revenue * Decimal("0.62")).quantize(Decimal(1))),
        "personnel_costs": str((revenue * Decimal("0.18")).quantize(Decimal(1))),
        "depreciation": str((revenue * Decimal("0.03")).quantize(Decimal(1))),
        "operating_result": str(operating.quantize(Decimal(1))),
        "net_profit": str((revenue * Decimal(rng.randrange(1, 6)) / 100).quantize(Decimal(1))),
        "total_assets": str(assets),
        "equity": str(equity),
        "current_assets": str(current),
        "inventory": str((current * Decimal("0.3")).quantize(Decimal(1))),
        "current_liabilities": str(short),
        "long_term_liabilities": str(assets - equity - short),
        "employees": str(max(1, int(revenue / 250_000))),
    }


GENERATE = [
    ("market signals", signals),
    ("competitors at accounts", presences),
    ("account analyses", analyses),
    *planning_plans.GENERATE,
    *planning_plan_pages.GENERATE,
    *planning_targets.GENERATE,
]
CHOSEN_IDS = [MarketSignal, AccountAnalysis, *planning_plans.CHOSEN_IDS]


def loaded_models() -> list[Any]:
    return [
        MarketSignal,
        MarketSignal.accounts.through,
        MarketSignal.competitors.through,
        MarketSignal.segments.through,
        MarketSignal.product_groups.through,
        AccountCompetitor,
        AccountAnalysis,
        AnalysisYear,
        *planning_plans.LOADED,
        *planning_targets.LOADED,
    ]


def counts() -> dict[str, int]:
    return {
        "market signals": MarketSignal.objects.count(),
        "account analyses": AccountAnalysis.objects.count(),
        **planning_plans.counts(),
        **planning_targets.counts(),
    }


def subjects(s: Subjects) -> None:
    """Marketing (the feed), the competitor at the most accounts, and the account of the
    manager's team with the most analyses (its oldest and latest compared)."""
    manager = s.personas["manager"]
    marketing = User.objects.filter(role=Role.MARKETING, is_active=True).order_by("pk").first()
    s.personas["marketing"] = marketing or manager
    top = (
        AccountCompetitor.objects.values("competitor")
        .annotate(n=Count("pk"))
        .order_by("-n", "competitor")
        .first()
    )
    s.top_competitor_id, s.top_competitor_accounts = (
        (top["competitor"], top["n"]) if top else (0, 0)
    )
    busiest = (
        AccountAnalysis.objects.filter(account__owner__teams__manager=manager)
        .values("account")
        .annotate(n=Count("pk"))
        .order_by("-n", "account")
        .first()
    )
    s.analysis_account_id, s.analysis_count = (
        (busiest["account"], busiest["n"]) if busiest else (0, 0)
    )
    mine = AccountAnalysis.objects.filter(account_id=s.analysis_account_id)
    s.latest_analysis_id = (
        mine.order_by("-analysed_on", "-pk").values_list("pk", flat=True).first() or 0
    )
    s.oldest_analysis_id = (
        mine.order_by("analysed_on", "pk").values_list("pk", flat=True).first() or 0
    )
    s.signal_count = MarketSignal.objects.count()
    planning_plan_pages.subjects(s)
    planning_targets.subjects(s)
    planning_progress.subjects(s)
    # The whitespace grid of the biggest chain the manager reads (docs/decisions.md, 128).
    chain = (
        Account.objects.filter(root__isnull=False, root__owner__teams__manager=manager)
        .values("root_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "root_id")
        .first()
    )
    s.whitespace_account_id, s.whitespace_branches = (
        (chain["root_id"], chain["n"]) if chain else (s.analysis_account_id, 0)
    )
    _plan_subjects(s, manager)


def _plan_subjects(s: Subjects, manager: User) -> None:
    """The plan of the manager's team with the most goals (decision 127); none: the Plans
    page stands in, so the scenarios run with or without plans."""
    busiest = (
        AccountPlan.objects.filter(owner__teams__manager=manager)
        .annotate(n=Count("goals"))
        .order_by("-n", "-pk")
        .values("pk", "n")
        .first()
    )
    if busiest is None:
        s.plan_url = s.plan_progress_url = "/plans/"
        s.plan_note = "no plans: the Plans page"
        return
    s.plan_url = f"/plans/{busiest['pk']}/"
    s.plan_progress_url = f"/plans/{busiest['pk']}/progress/"
    s.plan_note = f"{busiest['n']} goals"


SCENARIOS = [
    Scenario(
        "signal feed, manager",
        url="/market/signals/",
        persona="manager",
        note="{signal_count} signals in all",
    ),
    Scenario("signal feed, marketing", url="/market/signals/", persona="marketing"),
    Scenario("competitor list, marketing", url="/market/competitors/", persona="marketing"),
    Scenario(
        "competitor page, most accounts",
        url="/market/competitors/{top_competitor_id}/",
        persona="manager",
        note="at {top_competitor_accounts} accounts",
    ),
    Scenario(
        "account analysis panel, big account",
        url="/accounts/{analysis_account_id}/analysis/",
        persona="manager",
        note="{analysis_count} analyses",
    ),
    Scenario(
        "analysis list, big account",
        url="/accounts/{analysis_account_id}/analyses/",
        persona="manager",
    ),
    Scenario(
        "analysis page, big account",
        url="/analyses/{latest_analysis_id}/",
        persona="manager",
    ),
    Scenario(
        "analysis comparison, big account",
        url="/accounts/{analysis_account_id}/analyses/compare/"
        "?left={oldest_analysis_id}&right={latest_analysis_id}",
        persona="manager",
        note="the oldest and the latest of its analyses",
    ),
    Scenario(
        "whitespace grid, biggest chain",
        url="/accounts/{whitespace_account_id}/whitespace/",
        persona="manager",
        note="{whitespace_branches} branches",
    ),
    Scenario("API signal list, manager", url="/api/v1/market-signals", persona="manager", api=True),
    Scenario("API competitor list", url="/api/v1/competitors", persona="manager", api=True),
    *planning_plan_pages.SCENARIOS,
    *planning_targets.SCENARIOS,
    *planning_progress.SCENARIOS,
    Scenario("plan page with progress", url="{plan_url}", persona="manager", note="{plan_note}"),
    Scenario(
        "plan progress partial", url="{plan_progress_url}", persona="manager", note="{plan_note}"
    ),
    Scenario("team plan overview, manager", url="/plans/overview/", persona="manager"),
    Scenario("Plans page, account manager", url="/plans/", persona="account_manager"),
    Scenario(
        "API plan overview, manager", url="/api/v1/plan-overview", persona="manager", api=True
    ),
]
