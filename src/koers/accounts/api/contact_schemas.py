"""The shapes of contacts and their positions in the API, and the functions that fill them from
loaded objects."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from ninja import Schema
from pydantic import Field

from koers.accounts.fields import CONTACT_FIELDS
from koers.accounts.models import Attitude, BuyingRole, Contact, Position
from koers.api.schemas import (
    Id,
    In,
    Language,
    Notes,
    PageOut,
    Text,
    max_len,
)
from koers.api.versioning import PatchIn, patch_schema, versioned_schemas


def C(name: str) -> Any:
    """The string type for Contact field `name`."""
    return Text(max_len(Contact, name))


class PositionOut(Schema):
    id: int
    account_id: int
    account_name: str
    job_title: str
    buying_role: BuyingRole | None
    attitude: Attitude
    start_date: date | None
    end_date: date | None
    is_current: bool


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    full_name: str
    email: str
    phone: str
    mobile: str
    preferred_language: Language
    personal_interests: str
    mailing_consent: bool
    consent_date: date | None
    consent_source: str
    opted_out: bool
    opted_out_at: date | None
    may_receive_mailings: bool
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
    positions: list[PositionOut] = Field(
        description="Current and former positions at accounts you may read."
    )


def position_data(position: Position) -> dict[str, Any]:
    """`position.account` must be loaded."""
    return {
        "id": position.pk,
        "account_id": position.account_id,
        "account_name": position.account.name,
        "job_title": position.job_title,
        "buying_role": position.buying_role or None,
        "attitude": position.attitude,
        "start_date": position.start_date,
        "end_date": position.end_date,
        "is_current": position.end_date is None,
    }


def contact_data(contact: Contact, positions: list[Position]) -> dict[str, Any]:
    return {
        "id": contact.pk,
        **{
            name: getattr(contact, name)
            for name in (
                *CONTACT_FIELDS,
                "full_name",
                "may_receive_mailings",
                "version",
                "created_at",
                "updated_at",
            )
        },
        "positions": [position_data(p) for p in positions],
    }


class PositionIn(In):
    job_title: Text(max_len(Position, "job_title")) = ""
    buying_role: BuyingRole | None = None
    attitude: Attitude = Attitude.NEUTRAL
    start_date: date | None = None
    end_date: date | None = None


class PositionCreateIn(PositionIn):
    account_id: Id


if TYPE_CHECKING:  # a class made at run time by patch_schema; to mypy, its base
    PositionPatch = PatchIn
else:
    PositionPatch = patch_schema(
        "PositionPatch",
        PositionIn,
        nullable={"buying_role", "start_date", "end_date"},
        versioned=False,
    )


class PositionEndIn(In):
    end_date: date


class ContactIn(In):
    first_name: C("first_name") = ""
    last_name: Text(max_len(Contact, "last_name"), 1)
    email: C("email") = ""
    phone: C("phone") = ""
    mobile: C("mobile") = ""
    preferred_language: Language = settings.LANGUAGE_CODE
    personal_interests: Notes = ""
    mailing_consent: bool = False
    consent_date: date | None = None
    consent_source: C("consent_source") = ""
    opted_out: bool = False
    opted_out_at: date | None = None
    notes: Notes = ""
    account_id: Id | None = Field(None, description="The account the contact works at.")
    position: PositionIn | None = Field(None, description="Their position at that account.")


ContactPatch, ContactConflictOut = versioned_schemas(
    "Contact",
    create=ContactIn,
    read=ContactOut,
    nullable={"consent_date", "opted_out_at"},
    exclude={"account_id", "position"},
)


class ContactPage(PageOut):
    results: list[ContactOut]
