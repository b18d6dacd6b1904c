"""The shapes of commitments (with every move of their due date) in the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from koers.api.schemas import (
    BodyId,
    Choice,
    In,
    PageOut,
    PlanDate,
    Text,
    Version,
    max_len,
)
from koers.api.versioning import versioned_schemas
from koers.relations.models import (
    Commitment,
    CommitmentDirection,
    CommitmentSource,
    CommitmentStatus,
    DueDateChange,
)

if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    DirectSource = str
else:
    # A commitment from a visit report is made from the report's agreements (on its page).
    DirectSource = Literal[
        tuple(s.value for s in CommitmentSource if s != CommitmentSource.VISIT_REPORT)
    ]


class DueDateChangeOut(Schema):
    old_due_date: date
    new_due_date: date
    reason: str
    changed_by_id: int
    changed_by_name: str
    changed_at: datetime


class CommitmentOut(Schema):
    id: int
    account_id: int
    account_name: str
    direction: CommitmentDirection = Field(
        description="`ours`: we promised the customer; `theirs`: the customer promised us."
    )
    description: str
    contact_id: int | None
    contact_name: str | None
    owner_id: int
    owner_name: str
    due_date: date
    first_due_date: date = Field(description="The due date first promised.")
    source: CommitmentSource
    report_id: int | None
    status: CommitmentStatus
    done_date: date | None
    done_note: str
    on_time: bool | None = Field(description="Done on or before its due date; null while not done.")
    overdue: bool = Field(description="Open, and its due date has passed.")
    due_date_changes: list[DueDateChangeOut] = Field(description="Oldest first.")
    version: int
    created_at: datetime
    updated_at: datetime


def _change_data(change: DueDateChange) -> dict[str, Any]:
    return {
        "old_due_date": change.old_due_date,
        "new_due_date": change.new_due_date,
        "reason": change.reason,
        "changed_by_id": change.changed_by_id,
        "changed_by_name": str(change.changed_by),
        "changed_at": change.changed_at,
    }


def commitment_data(commitment: Commitment) -> dict[str, Any]:
    """`account`, `contact`, `owner` and `due_date_changes__changed_by` must be loaded."""
    changes = list(commitment.due_date_changes.all())
    contact = commitment.contact
    return {
        "id": commitment.pk,
        "account_id": commitment.account_id,
        "account_name": commitment.account.name,
        "direction": commitment.direction,
        "description": commitment.description,
        "contact_id": commitment.contact_id,
        "contact_name": contact.full_name if contact is not None else None,
        "owner_id": commitment.owner_id,
        "owner_name": str(commitment.owner),
        "due_date": commitment.due_date,
        "first_due_date": changes[0].old_due_date if changes else commitment.due_date,
        "source": commitment.source,
        "report_id": commitment.report_id,
        "status": commitment.status,
        "done_date": commitment.done_date,
        "done_note": commitment.done_note,
        "on_time": commitment.on_time,
        "overdue": commitment.status == CommitmentStatus.OPEN
        and commitment.due_date < timezone.localdate(),
        "due_date_changes": [_change_data(c) for c in changes],
        "version": commitment.version,
        "created_at": commitment.created_at,
        "updated_at": commitment.updated_at,
    }


class CommitmentIn(In):
    account_id: BodyId
    direction: Choice(CommitmentDirection)
    description: Text(max_len(Commitment, "description"), 1, examples=["Offerte sturen"])
    due_date: PlanDate
    owner_id: BodyId | None = Field(
        None,
        description="Defaults to you: the account manager or a colleague on the account team.",
    )
    contact_id: BodyId | None = Field(
        None, description="To or from whom: a contact of the account (or of its chain)."
    )
    source: DirectSource = Field(CommitmentSource.DIRECT.value, description="Where it was made.")


CommitmentPatch, CommitmentConflictOut = versioned_schemas(
    "Commitment",
    create=CommitmentIn,
    read=CommitmentOut,
    nullable={"contact_id"},
    exclude={"account_id", "due_date", "source"},
    doc="Only the fields sent are changed; `version` is the one you read. A new due date needs "
    "a reason (POST /commitments/{id}/due-date); the status changes through the actions.",
)


class CommitmentDoneIn(In):
    done_date: PlanDate | None = Field(None, description="Defaults to today; not in the future.")
    note: Text(max_len(Commitment, "done_note"), examples=["Offerte gemaild"]) = Field(
        "", description="How it was done."
    )


class DueDateIn(In):
    due_date: PlanDate
    reason: Text(max_len(DueDateChange, "reason"), 1, examples=["Klant op vakantie"])
    version: Version


class CommitmentPage(PageOut):
    results: list[CommitmentOut]
