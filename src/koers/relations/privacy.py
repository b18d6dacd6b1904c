"""What relationship care holds about a person, for their right of access and of erasure
(accounts/services/privacy.py): the activities they took part in with their reports, the
commitments made to or by them, and free text anywhere in relations that names them.

Erasure replaces their full name in that free text and in its history rows; the activities
themselves stay (that a visit took place is a statistic, not the person), linked to the
anonymised contact. A changed record's version moves on, so a form opened before the erasure
cannot save the name back.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import F, Model, Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.accounts.services.privacy import ERASED, PersonalDataSource
from koers.relations.models import Activity, Commitment, ReportComment, VisitReport

# The free text of each model that may name a person.
TEXT_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Activity: ("subject", "outcome", "cancel_note", "instructions", "location"),
    VisitReport: (
        "purpose", "discussed", "needs", "signals", "market_info", "agreements", "next_step",
    ),
    Commitment: ("description", "done_note"),
    ReportComment: ("text",),
}  # fmt: skip
REPORT_FIELDS = TEXT_FIELDS[VisitReport]


def _naming(model: type[Model], name: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__icontains": name}) for field in TEXT_FIELDS[model]))


def _text(obj: Model, fields: tuple[str, ...]) -> str:
    return "\n".join(str(getattr(obj, f)) for f in fields if getattr(obj, f, ""))


def export(contact: Contact) -> list[dict[str, Any]]:
    """The activities the person took part in (with the report), the commitments with them, and
    the records whose free text names them."""
    rows: list[dict[str, Any]] = []
    taken_part = (
        Activity.objects.filter(contacts=contact)
        .select_related("account")
        .prefetch_related("report")
        .order_by("planned_start", "pk")
    )
    seen: set[tuple[str, int]] = set()
    for activity in taken_part:
        seen.add(("activity", activity.pk))
        report = getattr(activity, "report", None)
        rows.append(
            {
                "record": "activity",
                "id": activity.pk,
                "when": activity.actual_start or activity.planned_start,
                "account": activity.account.name,
                "what": f"{activity.get_kind_display()}: {activity.subject}",
                "kind": activity.kind,
                "status": activity.status,
                "text": "\n".join(
                    t
                    for t in (activity.outcome, _text(report, REPORT_FIELDS) if report else "")
                    if t
                ),
            }
        )
    for commitment in Commitment.objects.filter(contact=contact).select_related("account"):
        seen.add(("commitment", commitment.pk))
        rows.append(_commitment_row(commitment))
    if contact.first_name and contact.last_name:
        rows += _named(contact.full_name, seen)
    return rows


def _commitment_row(commitment: Commitment) -> dict[str, Any]:
    return {
        "record": "commitment",
        "id": commitment.pk,
        "when": commitment.due_date,
        "account": commitment.account.name,
        "what": f"{commitment.get_direction_display()}: {commitment.description}",
        "status": commitment.status,
        "text": commitment.done_note,
    }


def _named(name: str, seen: set[tuple[str, int]]) -> list[dict[str, Any]]:
    rows = []
    for activity in Activity.objects.filter(_naming(Activity, name)).select_related("account"):
        if ("activity", activity.pk) not in seen:
            rows.append(
                _mention(
                    activity.pk,
                    "activity",
                    activity.planned_start,
                    activity.account.name,
                    _text(activity, TEXT_FIELDS[Activity]),
                )
            )
    reports = VisitReport.objects.filter(_naming(VisitReport, name)).select_related(
        "activity__account"
    )
    for report in reports:
        if ("activity", report.activity_id) not in seen:
            rows.append(
                _mention(
                    report.pk,
                    "visit_report",
                    report.created_at,
                    report.activity.account.name,
                    _text(report, REPORT_FIELDS),
                )
            )
    for commitment in Commitment.objects.filter(_naming(Commitment, name)).select_related(
        "account"
    ):
        if ("commitment", commitment.pk) not in seen:
            rows.append(_commitment_row(commitment))
    comments = ReportComment.objects.filter(_naming(ReportComment, name)).select_related(
        "report__activity__account"
    )
    for comment in comments:
        rows.append(
            _mention(
                comment.pk,
                "report_comment",
                comment.created_at,
                comment.report.activity.account.name,
                comment.text,
            )
        )
    return rows


def _mention(pk: int, record: str, when: Any, account: str, text: str) -> dict[str, Any]:
    return {
        "record": record,
        "id": pk,
        "when": when,
        "account": account,
        "what": str(_("Names the person")),
        "text": text,
    }


def erase(contact: Contact, name: re.Pattern[str]) -> None:
    """Replaces the person's full name in every free text of relations and its history rows."""
    full = contact.full_name
    for model, fields in TEXT_FIELDS.items():
        versioned = hasattr(model, "version")
        for obj in model._default_manager.select_for_update().filter(_naming(model, full)):
            changes: dict[str, Any] = {f: name.sub(ERASED, getattr(obj, f)) for f in fields}
            if versioned:
                changes["version"] = F("version") + 1
            model._default_manager.filter(pk=obj.pk).update(**changes)
        history = getattr(model, "history", None)
        if history is not None:
            for row in history.filter(_naming(model, full)):
                history.filter(history_id=row.history_id).update(
                    **{f: name.sub(ERASED, getattr(row, f)) for f in fields}
                )


SOURCE = PersonalDataSource(
    key="relationship_care",
    title=_("Activities, visit reports and commitments"),
    export=export,
    erase=erase,
)
