"""The figures of an accountability report, as JSON (docs/decisions.md, 141).

Koers drafts the report from the indicators of the registry over the report's period, for the
report's people (an account manager: their own rows; a team: its account managers' rows), in
its owner's scope: results against targets (plan against actual's figures), every indicator
with the previous period next to it, the pipeline by stage, commitments, the revenue trend,
and the material deviations (a target missed or beaten by at least the threshold).

While a draft the figures are live (`live_content`); at submission they are frozen into the
report (`AccountabilityReport.snapshot`), and a submitted or closed report is read from there
(`content_of`), so a closed report never changes when the data does. Amounts are written as
strings of their decimal value, so nothing is lost to floating point; labels that are data
(a person's name, a product group) are frozen, labels of the product are keys, translated when
shown (`sections.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from koers.core.models import Role, User
from koers.insights import charts, registry
from koers.insights.indicators import pipeline
from koers.insights.periods import Period
from koers.insights.reports.models import (
    DEFAULT_THRESHOLD,
    AccountabilityReport,
    ReportDeviation,
    ReportSettings,
)
from koers.planning.models.targets import MONEY_MEASURES, Target, TargetLevel
from koers.planning.targets import progress
from koers.relations.models.commitments import CommitmentStatus
from koers.relations.queries import commitments_readable

CONTENT_VERSION = 1
PERCENT_STEP = Decimal("0.1")


def _text(value: Decimal | None) -> str | None:
    """A figure as the API writes it: a decimal string with two decimals."""
    return None if value is None else f"{value:.2f}"


def threshold() -> int:
    found = ReportSettings.objects.filter(pk=1).values_list("threshold", flat=True).first()
    return int(found) if found is not None else DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Subject:
    """Whose figures a report holds, over which period, read in whose scope."""

    reader: User
    people: list[int]
    period: Period
    team_id: int | None


def report_period(kind: str, start: date) -> Period:
    return Period.of(kind, start)


def subject_of(report: AccountabilityReport) -> Subject:
    period = report_period(report.period_kind, report.period_start)
    if report.team_id is None:
        return Subject(report.owner, [report.owner_id], period, None)
    people = User.objects.filter(
        teams=report.team_id, role=Role.ACCOUNT_MANAGER, is_active=True
    ).order_by("pk")
    return Subject(report.owner, list(people.values_list("pk", flat=True)), period, report.team_id)


def _targets(subject: Subject) -> list[Target]:
    found = subject.period.target_period()
    if found is None:
        return []
    year, kind, number = found
    people = Q(level__in=[TargetLevel.USER, TargetLevel.USER_GROUP], user__in=subject.people)
    scope = people | Q(level=TargetLevel.TEAM, team=subject.team_id) if subject.team_id else people
    rows = Target.objects.filter(scope, year=year, period_kind=kind, period=number)
    return list(rows.select_related(*progress.RELATED).order_by("level", "measure", "key", "pk"))


def _results(subject: Subject) -> list[dict[str, Any]]:
    rows = []
    for row in progress.figures(_targets(subject)):
        target = row.target
        rows.append(
            {
                "key": f"target-{target.pk}",
                "label": row.label,
                "level": target.level,
                "measure": target.measure,
                "money": target.measure in MONEY_MEASURES,
                "target": _text(row.amount),
                "actual": _text(row.actual),
                "deviation": _text(row.deviation),
                "percent": _text(row.deviation_percent),
            }
        )
    return rows


def _indicators(subject: Subject) -> list[dict[str, Any]]:
    before = subject.period.previous()
    with registry.shared_work():
        asked = [
            (
                indicator,
                registry.compute(indicator, subject.reader, subject.period, subject.people),
                registry.compute(indicator, subject.reader, before, subject.people)
                if indicator.per_period
                else None,
            )
            for indicator in registry.indicators()
        ]
        registry.run_together(p for _i, now, then in asked for p in (now, then) if p is not None)
    rows = []
    for indicator, now, then in asked:
        value = registry.figure_of(now, indicator.unit)
        previous = None if then is None else registry.figure_of(then, indicator.unit)
        rows.append(
            {
                "key": indicator.key,
                "area": indicator.area,
                "unit": indicator.unit,
                "value": _text(value),
                "previous": _text(previous),
            }
        )
    return rows


def _stages(subject: Subject) -> list[dict[str, Any]]:
    return [
        {
            "stage": s.stage,
            "label": s.label,
            "count": s.count,
            "value": _text(s.value),
            "weighted": _text(s.weighted),
        }
        for s in pipeline.by_stage(subject.reader, subject.period, subject.people)
    ]


def _commitments(subject: Subject) -> dict[str, int]:
    """Our commitments of the people due in the period, those done on time, and those open
    past their due date today."""
    rows = commitments_readable(subject.reader).filter(owner__in=subject.people)
    due = rows.filter(due_date__gte=subject.period.start, due_date__lte=subject.period.end).exclude(
        status=CommitmentStatus.CANCELLED
    )
    today = timezone.localdate()
    return {
        "due": due.count(),
        "on_time": due.filter(status=CommitmentStatus.DONE, done_date__lte=F("due_date")).count(),
        "overdue": rows.filter(status=CommitmentStatus.OPEN, due_date__lt=today).count(),
    }


def _trend(subject: Subject) -> list[list[str]]:
    months = charts.monthly_revenue(subject.reader, subject.period, subject.people)
    return [[month.isoformat(), f"{value:.2f}"] for month, value in months]


def deviations_of(results: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The material deviations: a target missed or beaten by at least `limit` % of it."""
    out = []
    for row in results:
        percent = row["percent"]
        if percent is not None and abs(Decimal(percent)) >= limit:
            out.append({**row, "cause": "", "comment": ""})
    return out


def live_content(report: AccountabilityReport) -> dict[str, Any]:
    """The report's figures as of now, with the causes and comments given so far."""
    subject = subject_of(report)
    limit = threshold()
    results = _results(subject)
    deviations = deviations_of(results, limit)
    given = {d.key: d for d in ReportDeviation.objects.filter(report=report)}
    for row in deviations:
        if row["key"] in given:
            row["cause"] = given[row["key"]].cause
            row["comment"] = given[row["key"]].comment
    return {
        "version": CONTENT_VERSION,
        "period": {
            "kind": subject.period.kind,
            "start": subject.period.start.isoformat(),
            "end": subject.period.end.isoformat(),
        },
        "people": subject.people,
        "threshold": limit,
        "made_at": timezone.now().isoformat(),
        "results": results,
        "indicators": _indicators(subject),
        "stages": _stages(subject),
        "commitments": _commitments(subject),
        "trend": _trend(subject),
        "deviations": deviations,
    }


def content_of(report: AccountabilityReport) -> dict[str, Any]:
    """The snapshot of a submitted or closed report; the live figures of a draft."""
    if report.frozen and report.snapshot is not None:
        return report.snapshot
    return live_content(report)


def deviation_keys(report: AccountabilityReport) -> set[str]:
    return {d["key"] for d in content_of(report)["deviations"]}
