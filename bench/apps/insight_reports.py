"""The accountability reports in the benchmark (issue 16, decision 141), part of the insights
app's module: the account manager's report of last quarter (a draft: every figure computed
live, the slowest case), the team's reports of the quarter with their causes, the team's
report as a PDF (the issue asks for under 3 s at size L), and the chain's year report. The
reports are made here when missing (drafts, as a user opens one)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from bench.scenario import Scenario, Subjects
from koers.core.models import Team
from koers.insights.reports.content import report_period
from koers.insights.reports.models import AccountabilityReport


def subjects(s: Subjects) -> None:
    quarter = report_period("quarter", timezone.localdate()).start - timedelta(days=1)
    start = report_period("quarter", quarter).start
    s.report_quarter = start.isoformat()
    person, manager = s.personas["account_manager"], s.personas["manager"]
    own, _made = AccountabilityReport.objects.get_or_create(
        owner=person, team=None, period_kind="quarter", period_start=start
    )
    s.report_id = own.pk
    team = Team.objects.filter(manager=manager).order_by("pk").first()
    s.report_team_id = team.pk if team else 0
    s.team_report_id = 0
    if team is not None:
        found, _made = AccountabilityReport.objects.get_or_create(
            owner=manager, team=team, period_kind="quarter", period_start=start
        )
        s.team_report_id = found.pk


SCENARIOS = [
    Scenario(
        "accountability report, account manager's draft of last quarter",
        url="/insights/reports/{report_id}/",
        persona="account_manager",
        note="live figures: targets, every indicator with the previous quarter, two charts",
    ),
    Scenario(
        "accountability report, the team's reports of last quarter",
        url="/insights/reports/team/?team={report_team_id}&period=quarter&date={report_quarter}",
        persona="manager",
        note="each account manager's report and the causes totalled",
    ),
    Scenario(
        "accountability report, the team's report as a PDF",
        url="/insights/reports/{team_report_id}/report.pdf",
        persona="manager",
        note="the team's draft of last quarter, figures live, with the charts (under 3 s at L)",
    ),
    Scenario(
        "accountability report, the team's report as XLSX",
        url="/insights/reports/{team_report_id}/report.xlsx",
        persona="manager",
    ),
    Scenario(
        "the account's year report, a chain",
        url="/insights/accounts/{chain_root.pk}/year-report/",
        persona="chain_owner",
        note="revenue per month over three years, per branch, products, surveys, complaints",
    ),
]
