"""The shapes of gifts in the API. Amounts are decimal strings in euros ("120.00"), never
floats."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, PageOut, PlanDate, Text, max_len
from koers.api.versioning import versioned_schemas
from koers.gifts.models import Gift, GiftDirection, GiftKind, GiftStatus

Euros = Text(
    12,
    pattern=r"^[0-9]{1,7}(\.[0-9]{1,2})?$",
    message=lambda: _("Give an amount in euros with a point for the cents, like 120.50."),
    examples=["120.00"],
)


def euros(value: str) -> Decimal:
    return Decimal(value)


class GiftOut(Schema):
    id: int
    account_id: int
    account_name: str
    contact_id: int | None
    contact_name: str | None
    direction: GiftDirection
    kind: GiftKind
    description: str
    value: str = Field(description="Estimated value in euros, a decimal string.")
    date: date
    occasion: str
    interest: str = Field(description="The contact's personal interest it plays on, if any.")
    person_id: int = Field(description="Who gave or received it on our side.")
    person_name: str
    status: GiftStatus = Field(
        description="`planned` and `given` at or below the limit; `requested` waits for the "
        "giver's manager, who answers `approved` or `refused`; `received` for received gifts."
    )
    limit: str = Field(description="The limit in euros the value was weighed against.")
    above_limit: bool
    flagged: bool = Field(description="Received above the limit: told to the manager.")
    decided_by_id: int | None
    decided_at: datetime | None
    decision_comment: str
    noted_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


def gift_data(gift: Gift) -> dict[str, Any]:
    """`account`, `contact` and `person` must be loaded."""
    contact = gift.contact
    return {
        "id": gift.pk,
        "account_id": gift.account_id,
        "account_name": gift.account.name,
        "contact_id": gift.contact_id,
        "contact_name": contact.full_name if contact is not None else None,
        "direction": gift.direction,
        "kind": gift.kind,
        "description": gift.description,
        "value": f"{gift.value:.2f}",
        "date": gift.date,
        "occasion": gift.occasion,
        "interest": gift.interest,
        "person_id": gift.person_id,
        "person_name": str(gift.person),
        "status": gift.status,
        "limit": f"{gift.limit:.2f}",
        "above_limit": gift.above_limit,
        "flagged": gift.flagged,
        "decided_by_id": gift.decided_by_id,
        "decided_at": gift.decided_at,
        "decision_comment": gift.decision_comment,
        "noted_at": gift.noted_at,
        "version": gift.version,
        "created_at": gift.created_at,
        "updated_at": gift.updated_at,
    }


class GiftIn(In):
    account_id: BodyId
    contact_id: BodyId = Field(description="A contact who works (or worked) at the account.")
    direction: Choice(GiftDirection)
    kind: Choice(GiftKind)
    description: Text(max_len(Gift, "description"), 1, examples=["Golfballen"])
    value: Euros
    date: PlanDate
    occasion: Text(max_len(Gift, "occasion"), examples=["Kerst"]) = ""
    interest: Text(max_len(Gift, "interest"), examples=["Golf"]) = ""


GiftPatch, GiftConflictOut = versioned_schemas(
    "Gift",
    create=GiftIn,
    read=GiftOut,
    exclude={"account_id", "direction"},
    doc="Only the fields sent are changed; `version` is the one you read. A new value is "
    "weighed against the limit again; the status changes through the actions.",
)


class DecisionIn(In):
    comment: Text(max_len(Gift, "decision_comment"), examples=["Prima"]) = Field(
        "", description="Required to refuse."
    )


class GiftPage(PageOut):
    results: list[GiftOut]
