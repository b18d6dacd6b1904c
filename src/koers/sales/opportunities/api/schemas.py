"""The shapes of opportunities in the API. Amounts and percentages are decimal strings
("12500.00"), never floats (decision 74)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.accounts.models import Attitude, BuyingRole
from koers.api.schemas import BodyId, Choice, In, Integer, PageOut, PlanDate, Text, max_len
from koers.api.versioning import versioned_schemas
from koers.sales.api.schemas import Euros, Quantity, money
from koers.sales.models import (
    OPEN_STAGES,
    DealContact,
    Decision,
    LostReason,
    Opportunity,
    OpportunityLine,
    Source,
    Stage,
    StageSetting,
    WonReason,
)
from koers.sales.opportunities import stale
from koers.sales.opportunities.filters import weighted

Percent = Text(
    6,
    pattern=r"^-?(100(\.0)?|[0-9]{1,2}(\.[0-9])?)$",
    message=lambda: _("Give a percentage with a point for the decimal, like 7.5."),
    examples=["7.5"],
)
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    OpenStage = str
else:
    OpenStage = Literal[tuple(s.value for s in OPEN_STAGES)]


class LineOut(Schema):
    product_id: int
    product_code: str
    product_name: str
    quantity: str
    unit_price: str
    amount: str
    price_source: str = Field(description="Where the unit price came from (`price_for`).")


class DealContactOut(Schema):
    id: int
    contact_id: int
    contact_name: str
    buying_role: BuyingRole | None = Field(description="The role in this deal's DMU.")
    attitude: Attitude


class MemberOut(Schema):
    user_id: int
    user_name: str
    share: str = Field(description="The colleague's share of the revenue credit, in percent.")


class NextStepOut(Schema):
    activity_id: int = Field(description="The planned activity (GET /activities/{id}).")
    subject: str
    planned_start: datetime
    for_this_deal: bool = Field(
        description="Planned for this deal; false: at the account, for no deal in particular."
    )


class OpportunityOut(Schema):
    id: int
    account_id: int
    account_name: str
    branch_id: int | None
    title: str
    need: str
    solution: str
    amount: str = Field(description="The estimated value in euros; the sum of `lines` if any.")
    lines: list[LineOut]
    close_on: date = Field(description="The expected close date.")
    source: Source
    campaign_id: int | None = Field(description="The campaign it came from (source `campaign`).")
    owner_id: int
    owner_name: str
    owner_share: str = Field(description="The owner's share of the revenue credit, in percent.")
    members: list[MemberOut]
    stage: Stage = Field(
        description="`prepare`, `qualify`, `needs`, `proposal`, `negotiation` (open, moved "
        "freely), `won` or `lost` (closed, read-only until a manager reopens it)."
    )
    probability: int = Field(description="The override, else the stage's default.")
    probability_override: int | None
    weighted_amount: str
    next_step: NextStepOut | None = Field(
        description="The deal's own next planned activity, else the account's next one for no "
        "deal in particular."
    )
    stale: bool = Field(
        description="Open, no next step, and no activity done or stage change for the stage's "
        "number of days (as the board marks it)."
    )
    contacts: list[DealContactOut] = Field(description="The DMU for this deal.")
    competitor_ids: list[int]
    q_budget: int | None
    q_need: int | None
    q_timing: int | None
    q_decision_process: int | None
    q_fit: int | None
    decision: Decision | None
    decision_reason: str
    lost_reason: LostReason | None
    lost_to_id: int | None = Field(description="The competitor who won.")
    price_gap: str | None
    decided_by_id: int | None = Field(description="Who decided at the customer (a contact).")
    lost_note: str
    won_on: date | None
    won_reason: WonReason | None = Field(description="Why it was won, when the user said.")
    won_note: str
    closed_at: datetime | None
    reopen_reason: str
    times_reopened: int
    version: int
    created_at: datetime
    updated_at: datetime


def _line(line: OpportunityLine) -> dict[str, Any]:
    return {
        "product_id": line.product_id,
        "product_code": line.product.code,
        "product_name": line.product.name,
        "quantity": f"{line.quantity.normalize():f}",
        "unit_price": money(line.unit_price),
        "amount": money(line.amount),
        "price_source": line.price_source,
    }


def _deal_contact(c: DealContact) -> dict[str, Any]:
    return {
        "id": c.pk,
        "contact_id": c.contact_id,
        "contact_name": c.contact.full_name,
        "buying_role": c.buying_role or None,
        "attitude": c.attitude,
    }


def _next_step(o: Opportunity) -> dict[str, Any] | None:
    """From the annotations of `stale.with_stale(..., full=True)`."""
    pk = getattr(o, "next_step_id", None)
    if pk is None:
        return None
    return {
        "activity_id": pk,
        "subject": o.next_step_subject,  # type: ignore[attr-defined]
        "planned_start": o.next_step_at,  # type: ignore[attr-defined]
        "for_this_deal": o.next_step_deal == o.pk,  # type: ignore[attr-defined]
    }


def stale_days(settings: dict[str, StageSetting]) -> dict[str, int]:
    return {stage: setting.stale_after_days for stage, setting in settings.items()}


def opportunity_data(o: Opportunity, settings: dict[str, StageSetting]) -> dict[str, Any]:
    """`account`, `owner`, and the prefetches of `queries.for_api` must be loaded."""
    setting = settings.get(o.stage)
    probability = (
        o.probability if o.probability is not None else (setting.probability if setting else 0)
    )
    o.effective_probability = probability  # type: ignore[attr-defined]
    return {
        "id": o.pk,
        "account_id": o.account_id,
        "account_name": o.account.name,
        "branch_id": o.branch_id,
        "title": o.title,
        "need": o.need,
        "solution": o.solution,
        "amount": money(o.amount),
        "lines": [_line(line) for line in o.lines.all()],
        "close_on": o.close_on,
        "source": o.source,
        "campaign_id": o.campaign_id,
        "owner_id": o.owner_id,
        "owner_name": str(o.owner),
        "owner_share": f"{o.owner_share:.2f}",
        "members": [
            {"user_id": m.user_id, "user_name": str(m.user), "share": f"{m.share:.2f}"}
            for m in o.members.all()
        ],
        "stage": o.stage,
        "probability": probability,
        "probability_override": o.probability,
        "weighted_amount": money(weighted(o)),
        "next_step": _next_step(o),
        "stale": stale.is_stale(o, stale_days(settings), timezone.now()),
        "contacts": [_deal_contact(c) for c in o.deal_contacts.all()],
        "competitor_ids": sorted(c.pk for c in o.competitors.all()),
        "q_budget": o.q_budget,
        "q_need": o.q_need,
        "q_timing": o.q_timing,
        "q_decision_process": o.q_decision_process,
        "q_fit": o.q_fit,
        "decision": o.decision or None,
        "decision_reason": o.decision_reason,
        "lost_reason": o.lost_reason or None,
        "lost_to_id": o.lost_to_id,
        "price_gap": None if o.price_gap is None else f"{o.price_gap:.1f}",
        "decided_by_id": o.decided_by_id,
        "lost_note": o.lost_note,
        "won_on": o.won_on,
        "won_reason": o.won_reason or None,
        "won_note": o.won_note,
        "closed_at": o.closed_at,
        "reopen_reason": o.reopen_reason,
        "times_reopened": o.times_reopened,
        "version": o.version,
        "created_at": o.created_at,
        "updated_at": o.updated_at,
    }


def _max(name: str) -> int:
    return max_len(Opportunity, name)


class LineIn(In):
    product_id: BodyId
    quantity: Quantity


class OpportunityIn(In):
    account_id: BodyId
    title: Text(_max("title"), 1, examples=["New ovens for the stores"])
    close_on: PlanDate = Field(description="The expected close date.")
    need: Text(_max("need"), examples=["Ovens that bake twice as fast"]) = ""
    solution: Text(_max("solution"), examples=["Two convection ovens"]) = ""
    amount: Euros | None = Field(
        None, description="The estimated value in euros; ignored when `lines` are given."
    )
    lines: list[LineIn] = Field(
        [],
        max_length=100,
        description="Products of the catalogue with quantities, priced for the account.",
    )
    source: Choice(Source) = Source.VISIT
    campaign_id: BodyId | None = Field(
        None, description="The campaign it came from, one you may read; with source `campaign`."
    )
    stage: OpenStage = Field("prepare", description="An open stage.")
    probability: Integer(0, 100) | None = Field(
        None, description="An override of the stage's default probability."
    )
    owner_id: BodyId | None = Field(
        None, description="By default you, when you work the account, else its owner."
    )
    branch_id: BodyId | None = Field(None, description="A branch of the account's chain.")
    contact_ids: list[BodyId] = Field(
        [],
        max_length=50,
        description="The DMU for this deal: contacts of the account (or its chain); their role "
        "and attitude are copied from their position.",
    )
    competitor_ids: list[BodyId] = Field([], max_length=50)


OpportunityPatch, OpportunityConflictOut = versioned_schemas(
    "Opportunity",
    create=OpportunityIn,
    read=OpportunityOut,
    nullable={"branch_id", "probability", "amount", "campaign_id"},
    exclude={"account_id", "stage", "contact_ids", "competitor_ids"},
    doc="Only the fields sent are changed; `version` is the one you read. The stage changes "
    "through `POST …/stage`. `lines` replace the products; the amount is then their sum.",
)


class OpportunityPage(PageOut):
    results: list[OpportunityOut]


class StageIn(In):
    stage: Choice(Stage)
    lost_reason: Choice(LostReason) | None = Field(None, description="Required for `lost`.")
    lost_to_id: BodyId | None = Field(
        None, description="The competitor who won; required when the reason is `competitor`."
    )
    price_gap: Percent | None = Field(None, description="How much cheaper the winner was.")
    decided_by_id: BodyId | None = Field(None, description="Who decided at the customer.")
    lost_note: Text(_max("lost_note")) = ""
    won_on: PlanDate | None = Field(None, description="For `won`: today unless given.")
    won_reason: Choice(WonReason) | None = Field(
        None, description="For `won`: why it was won (optional)."
    )
    won_note: Text(_max("won_note")) = ""
    note: Text(300) = ""


class ReopenIn(In):
    stage: OpenStage = Field(description="An open stage to take the deal up in.")
    reason: Text(_max("reopen_reason"), 1, examples=["They called back"])


def as_decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
