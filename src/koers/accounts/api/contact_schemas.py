"""The shapes of contacts and their positions in the API, and the functions that fill them from
loaded objects."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field

from koers.accounts.fields import CONTACT_FIELDS
from koers.accounts.models import Attitude, BuyingRole, Contact, Position
from koers.api.schemas import (
    BodyId,
    Choice,
    Email,
    In,
    IsoDate,
    Language,
    Notes,
    PageOut,
    Phone,
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
    job_title: Text(max_len(Position, "job_title"), examples=["Inkoper"]) = ""
    buying_role: Choice(BuyingRole) | None = None
    attitude: Choice(Attitude) = Attitude.NEUTRAL
    start_date: IsoDate | None = None
    end_date: IsoDate | None = Field(
        None, description="Not before `start_date` (also the stored one, when you change one)."
    )


class PositionCreateIn(PositionIn):
    account_id: BodyId


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
    end_date: IsoDate = Field(description="Not before the position's start date.")


def _needs(field: str, other: str, value: dict[str, Any], json_type: str) -> dict[str, Any]:
    """JSON Schema: when `field` is sent as `value`, `other` must be sent too, not null."""
    return {
        "if": {"properties": {field: value}, "required": [field]},
        "then": {"properties": {other: {"type": json_type}}, "required": [other]},
    }


# Fields required together, as the server checks them (contact_normalize, create_contact).
CONSENT_NEEDS_DATE = _needs("mailing_consent", "consent_date", {"const": True}, "string")
POSITION_NEEDS_ACCOUNT = _needs("position", "account_id", {"type": "object"}, "integer")


class ContactIn(In):
    model_config = ConfigDict(
        json_schema_extra={"allOf": [CONSENT_NEEDS_DATE, POSITION_NEEDS_ACCOUNT]}
    )

    first_name: Text(max_len(Contact, "first_name"), examples=["Anna"]) = ""
    last_name: Text(max_len(Contact, "last_name"), 1, examples=["de Vries"])
    email: Email = ""
    phone: Phone = ""
    mobile: Phone = ""
    preferred_language: Language = settings.LANGUAGE_CODE
    personal_interests: Notes = ""
    mailing_consent: bool = Field(False, description="true needs `consent_date` with it.")
    consent_date: IsoDate | None = None
    consent_source: C("consent_source") = ""
    opted_out: bool = False
    opted_out_at: IsoDate | None = None
    notes: Notes = ""
    account_id: BodyId | None = Field(None, description="The account the contact works at.")
    position: PositionIn | None = Field(
        None, description="Their position at that account; needs `account_id` with it."
    )


ContactPatch, ContactConflictOut = versioned_schemas(
    "Contact",
    create=ContactIn,
    read=ContactOut,
    nullable={"consent_date", "opted_out_at"},
    exclude={"account_id", "position"},
    rules={"allOf": [CONSENT_NEEDS_DATE]},
)


class ContactPage(PageOut):
    results: list[ContactOut]
