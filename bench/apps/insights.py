"""The insights dashboards in the benchmark (issue 16, decision 130): the account manager's
figures of a month with the previous month and the team's quartiles, the same over a year, the
manager's team matrix, the list behind the team's revenue of the year, the API's figures, and
the win and loss page (decision 148).
The app keeps no data of its own: it reads the orders, deals, quotes, complaints, contact
states and targets the other apps generate (issue 16 asks for p95 under 150 ms for the
account manager's dashboard and 300 ms for the manager's at size L)."""

from __future__ import annotations

from typing import Any

from bench.apps import insight_reports, insights_snapshots
from bench.scenario import Scenario, Subjects

GENERATE = [*insights_snapshots.GENERATE]


def loaded_models() -> list[Any]:
    return [*insights_snapshots.LOADED]


SCENARIOS = [
    Scenario(
        "insights, account manager's dashboard, a month",
        url="/insights/?period=month",
        persona="account_manager",
        note="own figures, previous month, team quartiles, two charts",
    ),
    Scenario(
        "insights, account manager's dashboard, a year",
        url="/insights/?period=year",
        persona="account_manager",
    ),
    Scenario(
        "insights, manager's team matrix, a month",
        url="/insights/team/?period=month",
        persona="manager",
        note="every account manager of the teams side by side",
    ),
    Scenario(
        "insights, manager's team matrix, a year",
        url="/insights/team/?period=year",
        persona="manager",
    ),
    Scenario(
        "insights, the company by team, a month",
        url="/insights/company/?period=month",
        persona="sales_director",
        note="every team side by side on every indicator (decision 152)",
    ),
    Scenario(
        "insights, the company by segment, a quarter",
        url="/insights/company/?period=quarter&by=segments",
        persona="sales_director",
    ),
    Scenario(
        "insights, the company by product group, a year",
        url="/insights/company/?period=year&by=product_groups",
        persona="sales_director",
    ),
    Scenario(
        "insights, drill-down of the team's revenue of the year",
        url="/insights/drill/revenue/?period=year",
        persona="manager",
        note="first page of 50 orders, with their total",
    ),
    Scenario(
        "API insights indicators, a quarter",
        url="/api/v1/insights/indicators?period=quarter",
        persona="account_manager",
        api=True,
    ),
    Scenario(
        "insights, pipeline movement and funnel, a quarter, manager",
        url="/insights/pipeline/?period=quarter",
        persona="manager",
        note="what moved between two weekly snapshots (a year of them), funnel, discounts",
    ),
    Scenario(
        "insights, pipeline movement, a month, account manager",
        url="/insights/pipeline/?period=month",
        persona="account_manager",
    ),
    Scenario(
        "insights, drill-down of the team's slipped pipeline of the quarter",
        url="/insights/drill/pipeline_slipped/?period=quarter",
        persona="manager",
    ),
    Scenario(
        "API insights pipeline movement, a quarter",
        url="/api/v1/insights/pipeline-movement?period=quarter",
        persona="manager",
        api=True,
    ),
    Scenario(
        "insights, win and loss, a quarter, manager",
        url="/insights/win-loss/?period=quarter",
        persona="manager",
        note="won and lost, lost by reason and by competitor (one grouped query)",
    ),
    Scenario(
        "insights, the team's deals lost in a quarter",
        url="/insights/win-loss/deals/?period=quarter&outcome=lost",
        persona="manager",
        note="first page of 50 deals behind a row, with their total",
    ),
    Scenario(
        "API insights win and loss, a year",
        url="/api/v1/insights/win-loss?period=year",
        persona="manager",
        api=True,
    ),
    Scenario(
        "insights, drill-down of the team's share of wallet of the year",
        url="/insights/drill/share_of_wallet/?period=year",
        persona="manager",
        note="the accounts with a purchase volume, their revenue and volume",
    ),
    Scenario(
        "insights, my subscriptions",
        url="/insights/subscriptions/",
        persona="manager",
        note="the list of one's own subscriptions (a copy costs what its dashboard costs)",
    ),
    *insight_reports.SCENARIOS,
]


def subjects(s: Subjects) -> None:
    insight_reports.subjects(s)
