"""The shapes of campaigns and their selections in the API. Amounts are decimal strings in
euros ("1250.00"), never floats."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, Integer, PageOut, PlanDate, Text, max_len
from koers.api.versioning import versioned_schemas
from koers.campaigns.models import Campaign, CampaignKind, Exclusion, SelectionMember

Euros = Text(
    13,
    pattern=r"^[0-9]{1,10}(\.[0-9]{1,2})?$",
    message=lambda: _("Give an amount in euros with a point for the cents, like 1250.50."),
    examples=["1250.00"],
)

Goal = Integer(0, 10_000_000)


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


class CampaignSelectionOut(Schema):
    state: str = Field(description="`live` (refreshed from the file) or `frozen` (kept).")
    included: int
    excluded: int
    refreshed_at: datetime | None
    frozen_at: datetime | None
    criteria: dict[str, Any] = Field(description="The filters on the customer file.")


class CampaignOut(Schema):
    id: int
    name: str
    kind: CampaignKind
    starts_on: date
    ends_on: date
    budget: str = Field(description="In euros, a decimal string.")
    actual_cost: str = Field(description="In euros, a decimal string.")
    owner_id: int
    owner_name: str
    product_group_ids: list[int] = Field(description="The target product groups.")
    description: str
    goal_responses: int | None
    goal_leads: int | None
    goal_opportunities: int | None
    goal_revenue: str | None = Field(description="In euros, a decimal string.")
    selection: CampaignSelectionOut
    version: int
    created_at: datetime
    updated_at: datetime


def campaign_data(campaign: Campaign) -> dict[str, Any]:
    """`owner` and `selection` loaded, `product_groups` prefetched."""
    selection = campaign.selection
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "kind": campaign.kind,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "budget": _money(campaign.budget),
        "actual_cost": _money(campaign.actual_cost),
        "owner_id": campaign.owner_id,
        "owner_name": str(campaign.owner),
        "product_group_ids": sorted(g.pk for g in campaign.product_groups.all()),
        "description": campaign.description,
        "goal_responses": campaign.goal_responses,
        "goal_leads": campaign.goal_leads,
        "goal_opportunities": campaign.goal_opportunities,
        "goal_revenue": _money(campaign.goal_revenue),
        "selection": {
            "state": selection.state,
            "included": selection.included,
            "excluded": selection.excluded,
            "refreshed_at": selection.refreshed_at,
            "frozen_at": selection.frozen_at,
            "criteria": selection.criteria,
        },
        "version": campaign.version,
        "created_at": campaign.created_at,
        "updated_at": campaign.updated_at,
    }


class CampaignIn(In):
    name: Text(max_len(Campaign, "name"), 1, examples=["Voorjaarsmailing"])
    kind: Choice(CampaignKind)
    starts_on: PlanDate
    ends_on: PlanDate
    owner_id: BodyId = Field(description="A colleague of marketing or an account manager.")
    budget: Euros = "0"
    actual_cost: Euros = "0"
    product_group_ids: list[BodyId] = Field([], max_length=100)
    description: Text(5000) = ""
    goal_responses: Goal | None = None
    goal_leads: Goal | None = None
    goal_opportunities: Goal | None = None
    goal_revenue: Euros | None = None


CampaignPatch, CampaignConflictOut = versioned_schemas(
    "Campaign",
    create=CampaignIn,
    read=CampaignOut,
    nullable={"goal_responses", "goal_leads", "goal_opportunities", "goal_revenue"},
    doc="Only the fields sent are changed; `version` is the one you read.",
)


class CampaignPage(PageOut):
    results: list[CampaignOut]


class SelectionMemberOut(Schema):
    contact_id: int
    contact_name: str
    account_id: int | None
    account_name: str | None
    included: bool
    reason: Exclusion | None = Field(description="Why the contact is left out, if it is.")
    by_hand: bool = Field(description="Added by hand, not found by the filters.")


def member_data(member: SelectionMember) -> dict[str, Any]:
    account = member.account
    return {
        "contact_id": member.contact_id,
        "contact_name": member.contact.full_name,
        "account_id": member.account_id,
        "account_name": account.name if account is not None else None,
        "included": not member.reason,
        "reason": member.reason or None,
        "by_hand": member.by_hand,
    }


class SelectionMemberPage(PageOut):
    results: list[SelectionMemberOut]
