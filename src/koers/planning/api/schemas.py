"""The shapes of market information in the API: signals, competitors and the competitors at an
account."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from koers.api.schemas import (
    BodyId,
    Choice,
    In,
    Integer,
    PageOut,
    PlanDate,
    Text,
    Website,
    max_len,
)
from koers.api.versioning import patch_schema, versioned_schemas
from koers.planning.models import AccountCompetitor, MarketSignal, SignalKind, SignalSource
from koers.planning.queries import visible_accounts
from koers.sales.models import Competitor

MAX_LINKS = 50


class SignalOut(Schema):
    id: int
    date: date
    title: str
    text: str
    source: SignalSource
    kind: SignalKind
    importance: int = Field(description="1 low, 2 normal, 3 high.")
    account_ids: list[int] = Field(
        description="The accounts it is tied to that you may read (others are left out)."
    )
    segment_ids: list[int]
    product_group_ids: list[int]
    competitor_ids: list[int]
    visit_report_id: int | None = Field(description="The visit report it was made from.")
    recorded_by_id: int
    recorded_by_name: str
    version: int
    created_at: datetime
    updated_at: datetime


def signal_data(signal: MarketSignal) -> dict[str, Any]:
    """From `queries.signals_listed` (its prefetches)."""
    return {
        "id": signal.pk,
        "date": signal.date,
        "title": signal.title,
        "text": signal.text,
        "source": signal.source,
        "kind": signal.kind,
        "importance": signal.importance,
        "account_ids": [a.pk for a in visible_accounts(signal)],
        "segment_ids": [s.pk for s in signal.segments.all()],
        "product_group_ids": [g.pk for g in signal.product_groups.all()],
        "competitor_ids": [c.pk for c in signal.competitors.all()],
        "visit_report_id": signal.visit_report_id,
        "recorded_by_id": signal.recorded_by_id,
        "recorded_by_name": str(signal.recorded_by),
        "version": signal.version,
        "created_at": signal.created_at,
        "updated_at": signal.updated_at,
    }


def _ids(description: str) -> Any:
    return Field([], max_length=MAX_LINKS, description=description)


class SignalIn(In):
    title: Text(max_len(MarketSignal, "title"), 1, examples=["Rivaal gives 10% on bread mixes"])
    date: PlanDate | None = Field(None, description="The day it was heard; today when left out.")
    text: Text(4000) = ""
    source: Choice(SignalSource) = SignalSource.CONVERSATION
    kind: Choice(SignalKind) = SignalKind.MARKET
    importance: Integer(1, 3) = 2
    account_ids: list[BodyId] = _ids("Accounts you may read.")
    segment_ids: list[BodyId] = _ids("Segments.")
    product_group_ids: list[BodyId] = _ids("Product groups.")
    competitor_ids: list[BodyId] = _ids("Competitors.")


SignalPatch, SignalConflictOut = versioned_schemas(
    "MarketSignal",
    create=SignalIn,
    read=SignalOut,
    exclude={"date"},
    doc="Only the fields sent are changed (a list of ids replaces the links); `version` is the "
    "one you read. Ties to accounts you may not read are kept.",
)


class SignalPage(PageOut):
    results: list[SignalOut]


class CompetitorOut(Schema):
    id: int
    name: str
    website: str
    notes: str
    active: bool
    products: str
    strengths: str
    weaknesses: str
    price_position: Literal["", "lower", "same", "higher"] = Field(
        description="Against our prices: `lower`, `same`, `higher`; empty when not known."
    )


def competitor_data(competitor: Competitor) -> dict[str, Any]:
    return {
        "id": competitor.pk,
        "name": competitor.name,
        "website": competitor.website,
        "notes": competitor.notes,
        "active": competitor.active,
        "products": competitor.products,
        "strengths": competitor.strengths,
        "weaknesses": competitor.weaknesses,
        "price_position": competitor.price_position,
    }


class CompetitorIn(In):
    name: Text(max_len(Competitor, "name"), 1, examples=["Rivaal BV"])
    website: Website = Field("", description="With http:// or https://.")
    notes: Text(4000) = ""
    active: bool = True
    products: Text(4000) = ""
    strengths: Text(4000) = ""
    weaknesses: Text(4000) = ""
    price_position: Literal["", "lower", "same", "higher"] = ""


CompetitorPatch = patch_schema("CompetitorPatch", CompetitorIn, versioned=False)


class CompetitorPage(PageOut):
    results: list[CompetitorOut]


class ShareEstimateOut(Schema):
    share: int | None = Field(description="The estimated share in percent, if it was known.")
    estimated_on: date
    replaced_on: date


class AccountCompetitorOut(Schema):
    id: int
    account_id: int
    competitor_id: int
    competitor_name: str
    supplies: str = Field(description="What it supplies the account.")
    share: int | None = Field(description="Its estimated share in percent, if known.")
    share_on: date | None = Field(description="The day the share was estimated.")
    earlier_shares: list[ShareEstimateOut] = Field(
        description="The earlier estimates of the share, oldest first (docs/decisions.md, 119)."
    )
    updated_at: datetime


def presence_data(presence: AccountCompetitor) -> dict[str, Any]:
    return {
        "id": presence.pk,
        "account_id": presence.account_id,
        "competitor_id": presence.competitor_id,
        "competitor_name": presence.competitor.name,
        "supplies": presence.supplies,
        "share": presence.share,
        "share_on": presence.share_on,
        "earlier_shares": [
            {"share": e.share, "estimated_on": e.estimated_on, "replaced_on": e.replaced_on}
            for e in presence.earlier_shares.all()
        ],
        "updated_at": presence.updated_at,
    }


class AccountCompetitorIn(In):
    competitor_id: BodyId
    supplies: Text(max_len(AccountCompetitor, "supplies"), examples=["Flour"]) = ""
    share: Integer(0, 100) | None = None


class AccountCompetitorPage(PageOut):
    results: list[AccountCompetitorOut]
