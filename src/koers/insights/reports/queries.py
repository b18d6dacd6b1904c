"""Reads of the accountability reports, already scoped (docs/decisions.md, 141): the owner
reads their own; the manager of a team an account manager is in reads that account manager's;
the sales director and administrators read every report (they decide on the teams')."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from koers.core import access
from koers.core.models import Role, Team, User
from koers.insights.reports.models import (
    AccountabilityReport,
    ReportDeviation,
    ReportStatus,
)
from koers.planning.models.deviations import DeviationCause


def reads_every_report(user: User) -> bool:
    return user.is_active and (user.is_admin or user.role == Role.SALES_DIRECTOR)


def reports_readable(user: User) -> QuerySet[AccountabilityReport]:
    rows = AccountabilityReport.objects.all()
    if not (user.is_authenticated and user.is_active):
        return rows.none()
    if reads_every_report(user):
        return rows
    if user.role == Role.MANAGER:
        people = User.objects.filter(teams__manager=user).values("pk")
        return rows.filter(Q(owner=user) | Q(team__isnull=True, owner__in=people))
    return rows.filter(owner=user)


def report_list(user: User) -> QuerySet[AccountabilityReport]:
    return reports_readable(user).select_related("owner", "team")


def report_for(user: User, pk: int) -> AccountabilityReport | None:
    return report_list(user).filter(pk=pk).first()


def teams_reported_on(user: User) -> QuerySet[Team]:
    """The teams whose reports `user` reads side by side: the teams they manage; every team
    for the sales director and administrators."""
    teams = Team.objects.all() if reads_every_report(user) else Team.objects.filter(manager=user)
    return teams.order_by("name")


def may_decide(user: User, report: AccountabilityReport) -> bool:
    return access.can_decide_report_of(user, report.owner, team_report=report.team_id is not None)


@dataclass
class PersonReport:
    person: User
    report: AccountabilityReport | None


def team_reports(team: Team, kind: str, start: date) -> list[PersonReport]:
    """Each active account manager of the team with their report of the period (or none)."""
    people = list(
        User.objects.filter(teams=team, role=Role.ACCOUNT_MANAGER, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )
    found = {
        r.owner_id: r
        for r in AccountabilityReport.objects.filter(
            team__isnull=True,
            owner__in=[p.pk for p in people],
            period_kind=kind,
            period_start=start,
        )
    }
    return [PersonReport(p, found.get(p.pk)) for p in people]


@dataclass
class CauseTotal:
    cause: str
    label: str
    count: int
    amount: Decimal


def cause_totals(reports: Iterable[AccountabilityReport]) -> list[CauseTotal]:
    """The causes given for the deviations of the submitted and closed reports among
    `reports`: how often each, and the deviations in euros summed (one grouped query)."""
    ids = [r.pk for r in reports if r.status in (ReportStatus.SUBMITTED, ReportStatus.CLOSED)]
    rows = (
        ReportDeviation.objects.filter(report__in=ids)
        .order_by()
        .values("cause")
        .annotate(n=Count("pk"), amount=Sum("deviation", filter=Q(money=True)))
    )
    found = {r["cause"]: r for r in rows}
    return [
        CauseTotal(
            c.value,
            str(c.label),
            found[c.value]["n"] if c.value in found else 0,
            Decimal(found[c.value]["amount"] or 0) if c.value in found else Decimal(0),
        )
        for c in DeviationCause
    ]
