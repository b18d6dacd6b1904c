"""The shapes of complaints, their tasks and comments in the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, PageOut, PlanDate, PlanDateTime, Text, max_len
from koers.api.versioning import versioned_schemas
from koers.complaints.models import (
    Channel,
    Complaint,
    ComplaintComment,
    ComplaintStatus,
    ComplaintTask,
    Severity,
)


class ComplaintOut(Schema):
    id: int
    account_id: int
    account_name: str
    branch_id: int | None = Field(description="The branch it concerns, an account of the chain.")
    contact_id: int | None
    contact_name: str | None
    category_id: int
    category_name: str
    description: str
    product_id: int | None = Field(description="The catalogue product it is about.")
    product_code: str | None
    product_title: str | None = Field(description="The product's name in the catalogue.")
    product_group_id: int | None = Field(
        description="The catalogue's product group it is about (a complaint names a product or a "
        "group, not both)."
    )
    product_group_name: str | None
    product_name: str = Field(description="A product not in the catalogue, as text.")
    severity: Severity
    channel: Channel = Field(description="How it came in.")
    owner_id: int = Field(description="Who handles it; the account's owner unless handed over.")
    owner_name: str
    agreed_handling: str = Field(description="The handling agreed with the customer.")
    promised_on: date | None = Field(description="The date promised to the customer.")
    status: ComplaintStatus = Field(
        description="`received` → `in_progress` → `solved` → `verified`; `rejected` with a "
        "reason. A reopened complaint is `in_progress` again, with `reopen_reason`."
    )
    overdue: bool = Field(description="Open past the date promised to the customer.")
    solution: str
    customer_answer: str
    reject_reason: str
    reopen_reason: str
    times_reopened: int
    received_at: datetime
    first_response_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    follow_up_activity_id: int | None = Field(
        description='The activity "ask whether the customer is satisfied", planned on solving.'
    )
    version: int
    created_at: datetime
    updated_at: datetime


def complaint_data(complaint: Complaint, today: date) -> dict[str, Any]:
    """`account`, `contact`, `category`, `owner`, `product` and `product_group` must be loaded."""
    contact, product, group = complaint.contact, complaint.product, complaint.product_group
    return {
        "id": complaint.pk,
        "account_id": complaint.account_id,
        "account_name": complaint.account.name,
        "branch_id": complaint.branch_id,
        "contact_id": complaint.contact_id,
        "contact_name": contact.full_name if contact is not None else None,
        "category_id": complaint.category_id,
        "category_name": complaint.category.name,
        "description": complaint.description,
        "product_id": complaint.product_id,
        "product_code": product.code if product is not None else None,
        "product_title": product.name if product is not None else None,
        "product_group_id": complaint.product_group_id,
        "product_group_name": group.name if group is not None else None,
        "product_name": complaint.product_name,
        "severity": complaint.severity,
        "channel": complaint.channel,
        "owner_id": complaint.owner_id,
        "owner_name": str(complaint.owner),
        "agreed_handling": complaint.agreed_handling,
        "promised_on": complaint.promised_on,
        "status": complaint.status,
        "overdue": complaint.overdue_on(today),
        "solution": complaint.solution,
        "customer_answer": complaint.customer_answer,
        "reject_reason": complaint.reject_reason,
        "reopen_reason": complaint.reopen_reason,
        "times_reopened": complaint.times_reopened,
        "received_at": complaint.received_at,
        "first_response_at": complaint.first_response_at,
        "solved_at": complaint.solved_at,
        "closed_at": complaint.closed_at,
        "follow_up_activity_id": complaint.follow_up_id,
        "version": complaint.version,
        "created_at": complaint.created_at,
        "updated_at": complaint.updated_at,
    }


def _max(name: str) -> int:
    return max_len(Complaint, name)


class ComplaintIn(In):
    account_id: BodyId
    category_id: BodyId = Field(description="A category in use (see the complaint settings).")
    description: Text(_max("description"), 1, examples=["Pallets arrived broken"])
    severity: Choice(Severity) = Severity.NORMAL
    channel: Choice(Channel) = Channel.PHONE
    owner_id: BodyId | None = Field(
        None,
        description="The account manager or a colleague on the account team; by default the "
        "account's owner.",
    )
    branch_id: BodyId | None = Field(None, description="A branch of the account's chain.")
    contact_id: BodyId | None = Field(
        None, description="A contact who works at the account (or its chain)."
    )
    product_id: BodyId | None = Field(None, description="A product sold today.")
    product_group_id: BodyId | None = Field(
        None, description="A product group in use, when no single product is meant."
    )
    product_name: Text(_max("product_name"), examples=["Pallets"]) = Field(
        "", description="A product not in the catalogue."
    )
    agreed_handling: Text(_max("agreed_handling"), examples=["New delivery on Monday"]) = ""
    promised_on: PlanDate | None = None
    received_at: PlanDateTime | None = Field(
        None, description="When it came in (not in the future); by default now."
    )


ComplaintPatch, ComplaintConflictOut = versioned_schemas(
    "Complaint",
    create=ComplaintIn,
    read=ComplaintOut,
    nullable={"branch_id", "contact_id", "product_id", "product_group_id", "promised_on"},
    exclude={"account_id", "received_at"},
    doc="Only the fields sent are changed; `version` is the one you read. A new `owner_id` "
    "hands the complaint over (on the timeline). The status changes through the actions.",
)


class ComplaintPage(PageOut):
    results: list[ComplaintOut]


class NoteIn(In):
    note: Text(2000, examples=["Called the buyer"]) = Field(
        "", description="What was done to take it in hand (on the timeline)."
    )


class SolveIn(In):
    solution: Text(_max("solution"), 1, examples=["New pallets delivered"])


class VerifyIn(In):
    answer: Text(_max("customer_answer"), 1, examples=["All fine now"]) = Field(
        description="The customer's answer confirming the solution."
    )


class ReasonIn(In):
    reason: Text(_max("reopen_reason"), 1, examples=["Not ours: transport damage"])


class FollowUpIn(In):
    satisfied: bool = Field(description="True verifies the complaint, false reopens it.")
    comment: Text(_max("customer_answer"), examples=["Still one pallet missing"]) = Field(
        "", description="Required when not satisfied."
    )


class HandOverIn(In):
    owner_id: BodyId = Field(
        description="The account manager or a colleague on the account team (or you)."
    )


class TaskOut(Schema):
    id: int
    complaint_id: int
    assignee_id: int
    assignee_name: str
    description: str
    due_on: date | None
    done_at: datetime | None
    created_by_id: int | None
    created_at: datetime


def task_data(task: ComplaintTask) -> dict[str, Any]:
    """`assignee` must be loaded."""
    return {
        "id": task.pk,
        "complaint_id": task.complaint_id,
        "assignee_id": task.assignee_id,
        "assignee_name": str(task.assignee),
        "description": task.description,
        "due_on": task.due_on,
        "done_at": task.done_at,
        "created_by_id": task.created_by_id,
        "created_at": task.created_at,
    }


class TaskIn(In):
    assignee_id: BodyId = Field(description="An active colleague who is not in marketing.")
    description: Text(max_len(ComplaintTask, "description"), 1, examples=["Check the delivery"])
    due_on: PlanDate | None = None


class ComplaintCommentOut(Schema):
    id: int
    complaint_id: int
    author_id: int
    author_name: str
    text: str
    mentioned_ids: list[int] = Field(description="The colleagues @mentioned (and notified).")
    created_at: datetime


def comment_data(comment: ComplaintComment) -> dict[str, Any]:
    """`author` and `mentioned` must be loaded."""
    return {
        "id": comment.pk,
        "complaint_id": comment.complaint_id,
        "author_id": comment.author_id,
        "author_name": str(comment.author),
        "text": comment.text,
        "mentioned_ids": sorted(u.pk for u in comment.mentioned.all()),
        "created_at": comment.created_at,
    }


class CommentIn(In):
    text: Text(4000, 1, examples=["Called the buyer, @ingrid checks the stock"]) = Field(
        description="`@username` mentions a colleague, who is notified."
    )
