"""Writes to visit reports: write or change one, plan its next step, comment on it."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations import links as activity_links
from koers.relations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ReportComment,
    VisitReport,
)
from koers.relations.services.activities import activity_complete, activity_plan

REPORT_FIELDS = (
    "purpose",
    "discussed",
    "needs",
    "signals",
    "market_info",
    "agreements",
    "next_step",
    "next_step_date",
)
# The next step is planned at this hour of its day unless the user says otherwise.
NEXT_STEP_HOUR = time(9, 0)


@service
def report_write(
    *,
    actor: User,
    activity: Activity,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> VisitReport:
    """Writes the activity's report, or changes it (`expected_version` of the stored report).

    A planned visit is completed by its report: writing it is saying it took place.
    """
    if not access.can_change_account(actor, activity.account):
        raise NotAllowed(_("You may not write reports for this account."))
    if not activity.asks_for_report:
        message = _("Only visits and meetings have a report.")
        raise ValidationError({"activity": ValidationError(message, code="status")})
    if activity.status == ActivityStatus.CANCELLED:
        message = _("A cancelled activity has no report.")
        raise ValidationError({"activity": ValidationError(message, code="status")})
    clean = {k: v for k, v in data.items() if k in REPORT_FIELDS}
    if clean.get("next_step_date") and not (clean.get("next_step") or "").strip():
        message = _("Say what the next step is.")
        raise ValidationError({"next_step": ValidationError(message, code="needs_field")})
    existing = VisitReport.objects.filter(activity=activity).values_list("pk", flat=True).first()
    if existing is None:
        if activity.status == ActivityStatus.PLANNED:
            activity_complete(actor=actor, activity=activity)
        report = VisitReport(activity=activity, author=actor, **clean)
        report.full_clean(exclude=["activity"])
        report.save()
        return report
    if expected_version is None:
        raise ValidationError(
            {"version": [_("This visit already has a report: open it to change it.")]}
        )
    locked = lock_version(VisitReport, existing, expected_version)
    for key, value in clean.items():
        setattr(locked, key, value)
    locked.full_clean(exclude=["activity"])
    return save_version(locked)


@service
def report_plan_next_step(
    *, actor: User, report: VisitReport, kind: str = ActivityKind.PHONE_CALL
) -> Activity:
    """The report's next step as a planned activity of the report's author, in one click; for
    the deal the visit was for, while that is open (`links.inherited`).

    Not a `follow_up_of` the visit: that key is the completion chain's, once per kind."""
    activity = report.activity
    if not report.next_step or not report.next_step_date:
        raise ValidationError({"next_step_date": [_("Give the next step and its date first.")]})
    start = timezone.make_aware(datetime.combine(report.next_step_date, NEXT_STEP_HOUR))
    return activity_plan(
        actor=actor,
        account=activity.account,
        kind=kind,
        subject=report.next_step,
        planned_start=start,
        duration=30,
        owner=activity.owner if activity.owner.is_active else actor,
        contacts=activity.contacts.all(),
        links=activity_links.inherited(actor, activity),
    )


@service
def report_comment(*, actor: User, report: VisitReport, text: str) -> ReportComment:
    """A remark on a report by someone who reviews the account manager's work (a manager)."""
    account = report.activity.account
    if not access.can_comment_on_reports(actor) or not access.can_read_account(actor, account):
        raise NotAllowed(_("Only a manager comments on reports."))
    if not text.strip():
        raise ValidationError({"text": [_("This field is required.")]})
    return ReportComment.objects.create(report=report, author=actor, text=text.strip())
