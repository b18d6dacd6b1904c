"""The shapes of sales plans in the API: a plan with its proposals, proposed targets and
activity plan, and the bodies of its actions. Amounts are decimal strings in euros."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import MAX_NOTES, BodyId, Choice, In, Integer, Text
from koers.api.schemas import PageOut as _PageOut
from koers.planning.models import (
    Measure,
    ProposalDecision,
    SalesPeriod,
    SalesPlan,
    SalesPlanStatus,
    SalesProposal,
)
from koers.planning.salesplans import queries
from koers.planning.salesplans.services import FIRST_YEAR, LAST_YEAR

Amount = Text(
    16,
    pattern=r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
    message=lambda: _("Give an amount in euros with a point for the cents, like 1250.50."),
    examples=["25000.00"],
)
LongText = Text(MAX_NOTES)
Title = Text(200, 1)
Said = Text(MAX_NOTES, 1)


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


class SalesProposalOut(Schema):
    id: int
    title: str
    account_id: int | None
    product_group_id: int | None
    sales_action_id: int | None = Field(description="The organisation-wide action it works out.")
    rationale: str
    expected_revenue: str
    action_cost: str
    decision: ProposalDecision
    adopted_revenue: str | None = Field(description="The revenue the manager adopted.")
    decision_comment: str
    decided_by_id: int | None
    decided_at: datetime | None


class ProposedTargetOut(Schema):
    id: int
    measure: Measure
    product_group_id: int | None
    amount: str


class SalesPlanActionOut(Schema):
    id: int
    title: str
    account_id: int
    due_on: date
    proposal_id: int | None
    activity_id: int | None = Field(description="The planned activity the action became.")


class SalesPlanOut(Schema):
    id: int
    owner_id: int
    owner_name: str
    year: int
    period_kind: SalesPeriod
    period: int = Field(description="The quarter (1-4) or half (1-2); 1 for a year.")
    status: SalesPlanStatus
    market_developments: str
    branch_developments: str
    competitor_developments: str
    revenue: str = Field(description="Open proposals as proposed, adopted ones as adopted.")
    adopted_revenue: str
    cost: str = Field(description="The cost of the actions of the proposals not rejected.")
    proposals_adopted: int
    proposals: list[SalesProposalOut]
    targets: list[ProposedTargetOut]
    actions: list[SalesPlanActionOut]
    submitted_at: datetime | None
    decided_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class SalesPlanPage(_PageOut):
    results: list[SalesPlanOut]


class SalesPlanIn(In):
    year: Integer(FIRST_YEAR, LAST_YEAR)
    period_kind: Choice(SalesPeriod)
    period: Integer(1, 4) = Field(1, description="1 to 4 for a quarter, 1 or 2 for a half.")
    market_developments: LongText = ""
    branch_developments: LongText = ""
    competitor_developments: LongText = ""


class SalesProposalIn(In):
    title: Title
    account_id: BodyId | None = Field(None, description="One of the owner's accounts.")
    product_group_id: BodyId | None = None
    sales_action_id: BodyId | None = None
    rationale: LongText = Field("", description="The developments behind it.")
    expected_revenue: Amount = "0"
    action_cost: Amount = "0"


class SalesDecisionIn(In):
    comment: LongText = ""


class AdjustIn(In):
    adopted_revenue: Amount
    comment: LongText = ""


class SaidIn(In):
    comment: Said


def _proposal(p: SalesProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "account_id": p.account_id,
        "product_group_id": p.product_group_id,
        "sales_action_id": p.sales_action_id,
        "rationale": p.rationale,
        "expected_revenue": str(p.expected_revenue),
        "action_cost": str(p.action_cost),
        "decision": p.decision,
        "adopted_revenue": _money(p.adopted_revenue),
        "decision_comment": p.decision_comment,
        "decided_by_id": p.decided_by_id,
        "decided_at": p.decided_at,
    }


def plan_data(plan: SalesPlan) -> dict[str, Any]:
    """`owner`, the proposals, targets and actions must be loaded."""
    totals = queries.totals_of(plan)
    return {
        "id": plan.pk,
        "owner_id": plan.owner_id,
        "owner_name": str(plan.owner),
        "year": plan.year,
        "period_kind": plan.period_kind,
        "period": plan.period,
        "status": plan.status,
        "market_developments": plan.market_developments,
        "branch_developments": plan.branch_developments,
        "competitor_developments": plan.competitor_developments,
        "revenue": str(totals["revenue"]),
        "adopted_revenue": str(totals["adopted_revenue"]),
        "cost": str(totals["cost"]),
        "proposals_adopted": totals["adopted"],
        "proposals": [_proposal(p) for p in plan.proposals.all()],
        "targets": [
            {
                "id": t.pk,
                "measure": t.measure,
                "product_group_id": t.product_group_id,
                "amount": str(t.amount),
            }
            for t in plan.targets.all()
        ],
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "account_id": a.account_id,
                "due_on": a.due_on,
                "proposal_id": a.proposal_id,
                "activity_id": a.activity_id,
            }
            for a in plan.actions.all()
        ],
        "submitted_at": plan.submitted_at,
        "decided_at": plan.decided_at,
        "version": plan.version,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }
