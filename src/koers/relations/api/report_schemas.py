"""The shapes of visit reports (with the managers' comments) in the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from koers.api.schemas import MAX_NOTES, BodyId, In, Notes, PageOut, PlanDate, Text, max_len
from koers.api.versioning import versioned_schemas
from koers.relations.models import ActivityKind, VisitReport


class CommentOut(Schema):
    id: int
    author_id: int
    author_name: str
    text: str
    created_at: datetime


class ReportOut(Schema):
    id: int
    activity_id: int
    activity_kind: ActivityKind
    activity_subject: str
    activity_owner_id: int
    account_id: int
    account_name: str
    visited_at: datetime = Field(description="When the visit took place (else was planned).")
    author_id: int
    author_name: str
    purpose: str
    discussed: str
    needs: str
    signals: str
    market_info: str
    agreements: str = Field(description="One agreement per line.")
    next_step: str
    next_step_date: date | None
    comments: list[CommentOut] = Field(description="The managers' comments, oldest first.")
    version: int
    created_at: datetime
    updated_at: datetime


TEXTS = ("purpose", "discussed", "needs", "signals", "market_info", "agreements", "next_step")


def report_data(report: VisitReport) -> dict[str, Any]:
    """`activity__account`, `author` and `comments__author` must be loaded."""
    activity = report.activity
    return {
        "id": report.pk,
        "activity_id": activity.pk,
        "activity_kind": activity.kind,
        "activity_subject": activity.subject,
        "activity_owner_id": activity.owner_id,
        "account_id": activity.account_id,
        "account_name": activity.account.name,
        "visited_at": activity.actual_start or activity.planned_start,
        "author_id": report.author_id,
        "author_name": str(report.author),
        **{name: getattr(report, name) for name in TEXTS},
        "next_step_date": report.next_step_date,
        "comments": [
            {
                "id": c.pk,
                "author_id": c.author_id,
                "author_name": str(c.author),
                "text": c.text,
                "created_at": c.created_at,
            }
            for c in report.comments.all()
        ],
        "version": report.version,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }


class ReportIn(In):
    activity_id: BodyId = Field(
        description="A visit, video call or meeting at an event, not cancelled, without a report "
        "yet; a planned one is completed by its report."
    )
    purpose: Notes = ""
    discussed: Text(MAX_NOTES, 1, examples=["Prijzen 2027 en de nieuwe levertijden."])
    needs: Notes = ""
    signals: Notes = ""
    market_info: Notes = ""
    agreements: Notes = Field("", description="One agreement per line.")
    next_step: Text(max_len(VisitReport, "next_step"), examples=["Offerte nabellen"]) = ""
    next_step_date: PlanDate | None = Field(None, description="Needs `next_step` with it.")


ReportPatch, ReportConflictOut = versioned_schemas(
    "Report",
    create=ReportIn,
    read=ReportOut,
    nullable={"next_step_date"},
    exclude={"activity_id"},
    doc="Only the fields sent are changed; `version` is the one you read.",
)


class ReportPage(PageOut):
    results: list[ReportOut]
