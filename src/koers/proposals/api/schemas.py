"""The shapes of improvement proposals in the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, PageOut, Text, max_len
from koers.api.versioning import conflict_schema, patch_schema
from koers.proposals.models import Proposal, ProposalDecision, ProposalKind, ProposalStatus

MAX_LINKS = 200


class DecisionOut(Schema):
    from_status: ProposalStatus
    decision: ProposalStatus = Field(
        description="`accepted`, `rejected` or `parked` (the manager's); `withdrawn` (the "
        "proposer's, `decided_by_id`)."
    )
    decided_by_id: int
    decided_at: datetime
    comment: str


class ProposalOut(Schema):
    id: int
    kind: ProposalKind = Field(
        description="`range` (the product or service range), `service` or `process` (a work "
        "process)."
    )
    title: str
    what: str
    why: str
    expected_effect: str
    market_signals: str
    complaint_ids: list[int]
    account_ids: list[int]
    proposer_id: int
    proposer_name: str
    status: ProposalStatus = Field(
        description="`submitted` waits for the proposer's manager, who answers `accepted`, "
        "`rejected` or `parked`; a parked one may later be accepted or rejected. Until then the "
        "proposer may change it or take it back: `withdrawn`."
    )
    submitted_at: datetime
    decided_by_id: int | None = Field(description="Who made the latest decision.")
    decided_at: datetime | None
    decision_comment: str = Field(description="The comment of the latest decision.")
    decisions: list[DecisionOut] = Field(description="Every decision, the oldest first.")
    version: int
    created_at: datetime
    updated_at: datetime


def _decision(row: ProposalDecision) -> dict[str, Any]:
    return {
        "from_status": row.from_status,
        "decision": row.to_status,
        "decided_by_id": row.decided_by_id,
        "decided_at": row.decided_at,
        "comment": row.comment,
    }


def proposal_data(proposal: Proposal) -> dict[str, Any]:
    """`proposer` loaded; `complaints`, `accounts` and `decisions` prefetched."""
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "title": proposal.title,
        "what": proposal.what,
        "why": proposal.why,
        "expected_effect": proposal.expected_effect,
        "market_signals": proposal.market_signals,
        "complaint_ids": sorted(c.pk for c in proposal.complaints.all()),
        "account_ids": sorted(a.pk for a in proposal.accounts.all()),
        "proposer_id": proposal.proposer_id,
        "proposer_name": str(proposal.proposer),
        "status": proposal.status,
        "submitted_at": proposal.submitted_at,
        "decided_by_id": proposal.decided_by_id,
        "decided_at": proposal.decided_at,
        "decision_comment": proposal.decision_comment,
        "decisions": [_decision(d) for d in proposal.decisions.all()],
        "version": proposal.version,
        "created_at": proposal.created_at,
        "updated_at": proposal.updated_at,
    }


class ProposalIn(In):
    kind: Choice(ProposalKind)
    title: Text(max_len(Proposal, "title"), 1, examples=["Andere verpakking voor gehakt"])
    what: Text(max_len(Proposal, "what"), 1)
    why: Text(max_len(Proposal, "why"), 1)
    expected_effect: Text(max_len(Proposal, "expected_effect"), 1)
    market_signals: Text(max_len(Proposal, "market_signals")) = ""
    complaint_ids: list[BodyId] = Field(
        default_factory=list,
        max_length=MAX_LINKS,
        description="Complaints you may read; their accounts are linked too.",
    )
    account_ids: list[BodyId] = Field(
        default_factory=list, max_length=MAX_LINKS, description="Accounts you may read."
    )


class ProposalDecisionIn(In):
    comment: Text(max_len(ProposalDecision, "comment"), 1, examples=["Goed idee, we doen het."])


ProposalConflictOut = conflict_schema("ProposalConflictOut", ProposalOut)
ProposalPatch = patch_schema(
    "ProposalPatch",
    ProposalIn,
    versioned=True,
    doc="The proposer's change while the manager has not decided: only the fields sent change; "
    "`version` is the one you read. `complaint_ids` and `account_ids` replace the links (sent "
    "without `account_ids`, the accounts linked by hand stay).",
)


class WithdrawIn(In):
    reason: Text(max_len(ProposalDecision, "comment"), examples=["Al opgelost door inkoop."]) = (
        Field("", description="Why, for the manager (optional).")
    )


class ProposalPage(PageOut):
    results: list[ProposalOut]
