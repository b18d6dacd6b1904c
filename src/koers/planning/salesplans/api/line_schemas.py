"""The shapes of a sales plan's lines (proposed targets, actions) and of organisation-wide
actions in the API, with their PATCH bodies (docs/decisions.md, 144)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from koers.api.schemas import MAX_NOTES, BodyId, Choice, In, PlanDate, Text
from koers.api.schemas import PageOut as _PageOut
from koers.api.versioning import patch_schema
from koers.planning.models import Measure
from koers.planning.salesplans.api.schemas import Amount, SalesProposalIn, Title
from koers.relations.models import ActivityKind


class SalesPlanTargetIn(In):
    measure: Choice(Measure)
    product_group_id: BodyId | None = None
    amount: Amount


class SalesPlanActionIn(In):
    title: Title
    account_id: BodyId = Field(description="One of the owner's accounts.")
    due_on: PlanDate
    proposal_id: BodyId | None = Field(None, description="A proposal of this plan.")


class SalesPlanActivityIn(In):
    kind: Choice(ActivityKind) = ActivityKind.VISIT


SalesProposalPatch = patch_schema(
    "SalesProposalPatch",
    SalesProposalIn,
    nullable=("account_id", "product_group_id", "sales_action_id"),
    versioned=False,
)
SalesPlanTargetPatch = patch_schema(
    "SalesPlanTargetPatch", SalesPlanTargetIn, nullable=("product_group_id",), versioned=False
)
SalesPlanActionPatch = patch_schema(
    "SalesPlanActionPatch", SalesPlanActionIn, nullable=("proposal_id",), versioned=False
)


class SalesActionOut(Schema):
    id: int
    name: str
    starts_on: date
    ends_on: date
    description: str
    segment_id: int | None
    product_group_ids: list[int]
    created_by_id: int | None


class SalesActionPage(_PageOut):
    results: list[SalesActionOut]


class SalesActionIn(In):
    name: Text(200, 1)
    starts_on: PlanDate
    ends_on: PlanDate = Field(description="On or after `starts_on`.")
    description: Text(MAX_NOTES) = ""
    segment_id: BodyId | None = None
    product_group_ids: list[BodyId] = Field([], max_length=100)


SalesActionPatch = patch_schema(
    "SalesActionPatch", SalesActionIn, nullable=("segment_id",), versioned=False
)
