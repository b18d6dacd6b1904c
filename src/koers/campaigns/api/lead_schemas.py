"""The shapes of leads, responses and results in the API (decision 140). Amounts are decimal
strings in euros ("1250.00"), never floats."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, Email, In, PageOut, Phone, PlanDate, Text, max_len
from koers.campaigns.lead_models import FollowUpKind, Lead, LeadMatch, Response, ResponseKind
from koers.campaigns.models import Exclusion
from koers.campaigns.results import Results


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class LeadIn(In):
    campaign_id: BodyId = Field(description="An event open for leads, or one you may read.")
    name: Text(max_len(Lead, "name"), 1, examples=["Anna de Vries"])
    company: Text(max_len(Lead, "company"), 1, examples=["Bakkerij De Vries"])
    email: Email = ""
    phone: Phone = ""
    need: Text(max_len(Lead, "need")) = ""
    follow_up_on: PlanDate = Field(description="Today or later: the follow-up's day.")
    follow_up_kind: Choice(FollowUpKind) = FollowUpKind.PHONE_CALL
    new_prospect: bool = Field(
        False,
        description="`true`: a new prospect even if the file has a match; otherwise the lead "
        "is matched by e-mail, then by company name.",
    )


class LeadOut(Schema):
    id: int
    campaign_id: int
    name: str
    company: str
    email: str
    phone: str
    need: str
    follow_up_on: date
    follow_up_kind: FollowUpKind
    match: LeadMatch = Field(description="How the lead was matched to the customer file.")
    account_id: int
    account_name: str
    contact_id: int
    owner_id: int
    owner_name: str
    recorded_by_id: int
    follow_up_activity_id: int | None
    opportunity_id: int | None
    created_at: datetime


def lead_data(lead: Lead) -> dict[str, Any]:
    """`account` and `owner` loaded."""
    return {
        "id": lead.pk,
        "campaign_id": lead.campaign_id,
        "name": lead.name,
        "company": lead.company,
        "email": lead.email,
        "phone": lead.phone,
        "need": lead.need,
        "follow_up_on": lead.follow_up_on,
        "follow_up_kind": lead.follow_up_kind,
        "match": lead.match,
        "account_id": lead.account_id,
        "account_name": lead.account.name,
        "contact_id": lead.contact_id,
        "owner_id": lead.owner_id,
        "owner_name": str(lead.owner),
        "recorded_by_id": lead.recorded_by_id,
        "follow_up_activity_id": lead.follow_up_id,
        "opportunity_id": lead.opportunity_id,
        "created_at": lead.created_at,
    }


class LeadPage(PageOut):
    results: list[LeadOut]


class CampaignResponseOut(Schema):
    id: int
    kind: ResponseKind
    contact_id: int
    contact_name: str
    account_id: int | None
    send_id: int | None = Field(description="The copy it answers (clicks and replies).")
    at: datetime


def response_data(response: Response) -> dict[str, Any]:
    return {
        "id": response.pk,
        "kind": response.kind,
        "contact_id": response.contact_id,
        "contact_name": response.contact.full_name,
        "account_id": response.account_id,
        "send_id": response.send_id,
        "at": response.at,
    }


class CampaignResponsePage(PageOut):
    results: list[CampaignResponseOut]


class CampaignGoalOut(Schema):
    reached: str = Field(description="A count, or euros as a decimal string for revenue.")
    goal: str | None
    share: int | None = Field(description="The whole percentage of the goal reached.")


class CampaignOwnerResultOut(Schema):
    owner_id: int
    owner_name: str
    sent: int
    responded: int
    leads: int
    opportunities: int


class CampaignExcludedOut(Schema):
    reason: Exclusion
    count: int


class CampaignResultsOut(Schema):
    campaign_id: int
    selected: int
    included: int
    excluded: list[CampaignExcludedOut]
    sent: int
    bounced: int
    unsubscribed: int
    responded: int = Field(description="Contacts with at least one response.")
    responses: dict[str, int] = Field(description="Responses by kind.")
    registered: int | None = Field(description="`null` while the campaign has no events.")
    attended: int | None = Field(description="`null` while the campaign has no events.")
    leads: int
    opportunities: int
    won: int
    won_revenue: str
    actual_cost: str
    cost_per_lead: str | None
    return_ratio: str | None = Field(description="Won revenue over actual cost.")
    goals: dict[str, CampaignGoalOut] = Field(
        description="`responses`, `leads`, `opportunities`, `revenue`."
    )
    per_account_manager: list[CampaignOwnerResultOut]


GOAL_KEYS = ("responses", "leads", "opportunities", "revenue")


def results_data(campaign_id: int, results: Results, owners: list[Any]) -> dict[str, Any]:
    goals = {}
    for key, goal in zip(GOAL_KEYS, results.goals, strict=True):
        money = key == "revenue"
        goals[key] = {
            "reached": _money(goal.actual) if money else str(goal.actual),
            "goal": (_money(goal.goal) if money else str(goal.goal))
            if goal.goal is not None
            else None,
            "share": goal.share,
        }
    return {
        "campaign_id": campaign_id,
        "selected": results.selected,
        "included": results.included,
        "excluded": [{"reason": r, "count": n} for r, n in results.excluded.items()],
        "sent": results.sent,
        "bounced": results.bounced,
        "unsubscribed": results.unsubscribed,
        "responded": results.responded,
        "responses": results.responses,
        "registered": results.registered,
        "attended": results.attended,
        "leads": results.leads,
        "opportunities": results.opportunities,
        "won": results.won,
        "won_revenue": _money(results.won_revenue),
        "actual_cost": _money(results.actual_cost),
        "cost_per_lead": _money(results.cost_per_lead),
        "return_ratio": _money(results.return_ratio),
        "goals": goals,
        "per_account_manager": [
            {
                "owner_id": row.owner_id,
                "owner_name": row.name,
                "sent": row.sent,
                "responded": row.responded,
                "leads": row.leads,
                "opportunities": row.opportunities,
            }
            for row in owners
        ],
    }
