"""The accountability reports of the demo: last quarter's reports of one team's account
managers, submitted with a cause for each material deviation, most of them closed by the
team's manager; and a draft of this month for the first of them (docs/decisions.md, 141)."""

from __future__ import annotations

import random
from datetime import timedelta

from koers.core.models import Role, Team
from koers.demo.context import DemoContext
from koers.insights.reports import content, services
from koers.insights.reports.models import ReportStatus
from koers.planning.models.deviations import DeviationCause

REMARKS = (
    "Two orders moved to next month.",
    "A competitor undercut our price on the main range.",
    "The new listing at the chain came sooner than planned.",
)


def build(context: DemoContext, rng: random.Random) -> None:
    team = Team.objects.filter(manager__isnull=False).order_by("name").first()
    if team is None or team.manager is None:
        return
    people = list(
        team.members.filter(role=Role.ACCOUNT_MANAGER, is_active=True).order_by("username")
    )
    if not people:
        return
    quarter = content.report_period("quarter", context.today).start - timedelta(days=1)
    closed = 0
    for n, person in enumerate(people[:4]):
        report = services.report_create(actor=person, kind="quarter", day=quarter)
        if report.status != ReportStatus.DRAFT:  # the demo ran before (same people)
            closed += report.status == ReportStatus.CLOSED
            continue
        for key in sorted(content.deviation_keys(report)):
            services.deviation_explain(
                actor=person,
                report=report,
                key=key,
                cause=rng.choice(DeviationCause.values),
                comment=rng.choice(REMARKS),
            )
        services.report_submit(actor=person, report=report)
        if n < 3:  # the last one waits for the manager
            services.report_close(actor=team.manager, report=report, comment="Discussed.")
            closed += 1
    services.report_create(actor=people[0], kind="month", day=context.today)
    context.summary.append(
        f"Accountability reports: {min(len(people), 4)} of last quarter in {team.name} "
        f"({closed} closed), a draft of this month for {people[0].username} (/insights/reports/)"
    )
