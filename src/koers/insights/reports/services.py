"""The writes of the accountability reports, one transaction each (docs/decisions.md, 141):
start a draft, write the owner's comment and the cause of each material deviation, and the
workflow's moves, with the same rules as account plans: only the owner writes and submits;
only the manager of the owner's team comments, closes or returns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.core.models import Team, User
from koers.core.writes import service
from koers.insights.reports import content, queries
from koers.insights.reports.lifecycle import REPORT_LIFECYCLE
from koers.insights.reports.models import (
    AccountabilityReport,
    ReportComment,
    ReportCommentKind,
    ReportDeviation,
    ReportPeriod,
    ReportStatus,
)
from koers.planning.models.deviations import DeviationCause

FIRST_YEAR, LAST_YEAR = 1900, 2199
LONGEST_COMMENT = 4000


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _text(field: str, text: str, longest: int = LONGEST_COMMENT) -> str:
    text = text.strip()
    if len(text) > longest:
        raise _error(field, _("Write at most %(n)s characters.") % {"n": longest}, "max_length")
    return text


def _move(report: AccountabilityReport, to: str, **changes: object) -> None:
    """A move of the lifecycle; a refusal names the status with the code `status`, as every
    refused move of the API does."""
    try:
        REPORT_LIFECYCLE.move(report, to=to, **changes)
    except TransitionRefused as exc:
        raise _error("status", exc.reason, "status") from exc


@service
def report_create(
    *, actor: User, kind: str, day: date, team: Team | None = None
) -> AccountabilityReport:
    """The draft of `actor`'s report (or of the team they manage) for the month, quarter or
    year holding `day`; the one already made when there is one."""
    if not access.can_write_own_report(actor):
        raise NotAllowed(_("You may not make an accountability report."))
    if team is not None and team.manager_id != actor.pk:
        raise NotAllowed(_("Only the team's manager makes the team's report."))
    if team is None and not access.has_portfolio(actor):
        raise _error("team", _("Choose the team the report is for."), "required")
    if kind not in ReportPeriod.values:
        raise _error("period", _("Choose a month, a quarter or a year."))
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _error("date", _("Give a date between 1900 and 2199."))
    start = content.report_period(kind, day).start
    found, _made = AccountabilityReport.objects.get_or_create(
        owner=actor, team=team, period_kind=kind, period_start=start
    )
    return found


def _may_write(actor: User, report: AccountabilityReport) -> AccountabilityReport:
    if actor.pk != report.owner_id:
        raise NotAllowed(_("Only the report's owner writes it."))
    locked = AccountabilityReport.objects.select_for_update().get(pk=report.pk)
    if not locked.editable:
        raise _error(
            "status",
            _("This report is %(status)s and cannot be changed.")
            % {"status": locked.get_status_display().lower()},
            "status",
        )
    return locked


def _touch(report: AccountabilityReport) -> None:
    """A change by the owner: the version rises, and a returned report is a draft again."""
    if report.status == ReportStatus.RETURNED:
        _move(report, ReportStatus.DRAFT)
    AccountabilityReport.objects.filter(pk=report.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


@service
def report_update(*, actor: User, report: AccountabilityReport, comment: str) -> None:
    """The owner's comment on the period as a whole."""
    locked = _may_write(actor, report)
    locked.comment = _text("comment", comment)
    locked.save(update_fields=["comment"])
    _touch(locked)


@service
def deviation_explain(
    *, actor: User, report: AccountabilityReport, key: str, cause: str, comment: str = ""
) -> ReportDeviation:
    """The owner's cause (and comment) of one material deviation of the report's figures."""
    locked = _may_write(actor, report)
    if key not in content.deviation_keys(locked):
        raise _error("key", _("This is not a material deviation of the report."), "not_found")
    if cause not in DeviationCause.values:
        raise _error("cause", _("Choose a cause."), "required" if not cause else "invalid")
    found, _made = ReportDeviation.objects.update_or_create(
        report=locked, key=key, defaults={"cause": cause, "comment": _text("comment", comment)}
    )
    _touch(locked)
    return found


@service
def report_submit(*, actor: User, report: AccountabilityReport) -> AccountabilityReport:
    """The owner submits the report: its figures of now are frozen into it, and every material
    deviation needs a cause (the lifecycle's rule reads them from the frozen figures)."""
    if actor.pk != report.owner_id:
        raise NotAllowed(_("Only the report's owner submits it."))
    figures = content.live_content(report)
    _move(report, ReportStatus.SUBMITTED, snapshot=figures, submitted_at=timezone.now())
    # The causes of deviations no longer material go; the others keep their frozen amount,
    # so the team's causes add up to the submitted figures.
    frozen = {d["key"]: d for d in figures["deviations"]}
    ReportDeviation.objects.filter(report=report).exclude(key__in=list(frozen)).delete()
    for row in ReportDeviation.objects.filter(report=report):
        found = frozen[row.key]
        row.deviation = Decimal(found["deviation"])
        row.money = bool(found["money"])
        row.save(update_fields=["deviation", "money"])
    return report


def _may_decide(actor: User, report: AccountabilityReport) -> None:
    if not queries.may_decide(actor, report):
        raise NotAllowed(_("Only the manager of the owner's team comments on this report."))


@service
def report_comment(*, actor: User, report: AccountabilityReport, text: str) -> ReportComment:
    """The manager's comment on a submitted report."""
    _may_decide(actor, report)
    if report.status != ReportStatus.SUBMITTED:
        raise _error("status", _("Comment on a report once it is submitted."), "status")
    text = _text("text", text)
    if not text:
        raise _error("text", _("Write your comment."), "required")
    return ReportComment.objects.create(report=report, author=actor, text=text)


@service
def report_close(
    *, actor: User, report: AccountabilityReport, comment: str = ""
) -> AccountabilityReport:
    """The manager has read the report and closes it, with a remark if they like."""
    _may_decide(actor, report)
    comment = _text("comment", comment)
    now = timezone.now()
    _move(report, ReportStatus.CLOSED, closed_at=now, closed_by=actor)
    if comment:
        ReportComment.objects.create(
            report=report, author=actor, kind=ReportCommentKind.CLOSE, text=comment
        )
    return report


@service
def report_return(
    *, actor: User, report: AccountabilityReport, comment: str
) -> AccountabilityReport:
    """The manager returns the report to its owner, saying why (required)."""
    _may_decide(actor, report)
    comment = _text("comment", comment)
    if not comment:
        raise _error("comment", _("Say why the report is returned."), "required")
    _move(report, ReportStatus.RETURNED)
    ReportComment.objects.create(
        report=report, author=actor, kind=ReportCommentKind.RETURN, text=comment
    )
    return report
