"""The shapes of the API's requests and responses, and the functions that fill them.

Responses are built by plain functions (`account_data` ...) from objects whose relations were
loaded by the query, so that serialising a page never triggers a query per row, and a stored
idempotent response has exactly the same shape as a fresh one.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db import models
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from koers.accounts.fields import ACCOUNT_VALUES, CONTACT_FIELDS
from koers.accounts.models import (
    Account,
    AccountStatus,
    AccountTeamMember,
    Attitude,
    BuyingRole,
    Contact,
    Position,
    Segment,
    Tag,
    TeamRole,
    Tier,
)
from koers.core.models import Level, Role, Team, User

# The largest id a 64-bit primary key column holds: larger numbers are refused before any query.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1
MAX_NOTES = 20_000

Language = Literal[tuple(code for code, _label in settings.LANGUAGES)]  # type: ignore[valid-type]


def _plain_text(value: str) -> str:
    # PostgreSQL refuses NUL characters and no database stores lone surrogates: refuse both here
    # so that they become a 422 naming the field instead of a database error.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("Text must be valid Unicode.") from exc
    return value


def Text(max_length: int, min_length: int = 0) -> Any:
    """A string type of at most `max_length` characters that a database will store."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_plain_text),
    ]


def dump(schema: type[Schema], data: dict[str, Any]) -> dict[str, Any]:
    """`data` checked against `schema` and made plain JSON (to store or to send as it is).

    Encoded as ninja encodes every other response, so that both look the same.
    """
    python = schema.model_validate(data).model_dump()
    return json.loads(json.dumps(python, cls=NinjaJSONEncoder))


def max_len(model: type[models.Model], name: str) -> int:
    length = model._meta.get_field(name).max_length
    assert length is not None
    return length


# Identifiers are typed with spaces or dots and stored compact: allow room for that in the input.
_TYPED_LENGTH = {"kvk_number": 20, "establishment_number": 24, "vat_number": 30}


def A(name: str) -> Any:
    """The string type for Account field `name`, as long as the model allows."""
    return Text(_TYPED_LENGTH.get(name) or max_len(Account, name))


def C(name: str) -> Any:
    """The string type for Contact field `name`."""
    return Text(max_len(Contact, name))


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION, description="The version you last read.")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
TagName = Text(max_len(Tag, "name"), 1)
Notes = Text(MAX_NOTES)


def optional(**kwargs: Any) -> Any:
    """A field that may be left out of a PATCH; its schema shows no default."""
    return Field(None, json_schema_extra=lambda schema: schema.pop("default", None), **kwargs)


class In(Schema):
    """A request body: a field the API does not know is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- errors ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None = Field(description="The field, query parameter or header; null if none.")
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class ChangeOut(Schema):
    field: str
    label: str
    old: Any
    new: Any
    by: str | None
    at: datetime


# --- users and teams ------------------------------------------------------------------------


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    full_name: str
    email: str
    role: Role
    level: Level | None
    team_ids: list[int]


class TeamOut(Schema):
    id: int
    name: str
    manager_id: int | None
    member_ids: list[int]


def user_data(user: User) -> dict[str, Any]:
    """`user.teams` must be prefetched."""
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": user.get_full_name() or user.username,
        "email": user.email,
        "role": user.role,
        "level": user.level or None,
        "team_ids": sorted(team.pk for team in user.teams.all()),
    }


def team_data(team: Team) -> dict[str, Any]:
    """`team.members` must be prefetched."""
    return {
        "id": team.pk,
        "name": team.name,
        "manager_id": team.manager_id,
        "member_ids": sorted(member.pk for member in team.members.all()),
    }


# --- accounts -------------------------------------------------------------------------------


class SegmentOut(Schema):
    id: int
    name: str


class TeamMemberOut(Schema):
    user_id: int
    user_name: str
    role: TeamRole


class AccountOut(Schema):
    id: int
    name: str
    kvk_number: str
    establishment_number: str
    vat_number: str
    external_id: str
    visit_street: str
    visit_postcode: str
    visit_city: str
    visit_country: str
    postal_street: str
    postal_postcode: str
    postal_city: str
    postal_country: str
    phone: str
    email: str
    website: str
    tier: Tier
    status: AccountStatus
    segment_id: int | None
    segment_name: str | None
    owner_id: int
    owner_name: str
    parent_id: int | None = Field(description="The account this one is a branch of.")
    root_id: int | None = Field(description="The top of the chain; null for a top account.")
    is_branch: bool
    tags: list[str]
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime


class AccountDetailOut(AccountOut):
    team: list[TeamMemberOut]


def account_data(account: Account, *, with_team: bool = False) -> dict[str, Any]:
    """`owner`, `segment` and `tags` (and `team_members__user`) must be loaded."""
    data = {
        "id": account.pk,
        **{
            name: getattr(account, name)
            for name in (*ACCOUNT_VALUES, "version", "created_at", "updated_at")
        },
        "segment_id": account.segment_id,
        "segment_name": account.segment.name if account.segment_id else None,
        "owner_id": account.owner_id,
        "owner_name": str(account.owner),
        "parent_id": account.parent_id,
        "root_id": account.root_id,
        "is_branch": account.parent_id is not None,
        "tags": sorted(tag.name for tag in account.tags.all()),
    }
    if with_team:
        data["team"] = [team_member_data(m) for m in account.team_members.all()]
    return data


def team_member_data(member: AccountTeamMember) -> dict[str, Any]:
    return {"user_id": member.user_id, "user_name": str(member.user), "role": member.role}


def segment_data(segment: Segment) -> dict[str, Any]:
    return {"id": segment.pk, "name": segment.name}


class AccountIn(In):
    name: Text(max_len(Account, "name"), 1)
    kvk_number: A("kvk_number") = Field("", description="8 digits.")
    establishment_number: A("establishment_number") = Field(
        "", description="The 12-digit KvK vestigingsnummer of a branch."
    )
    vat_number: A("vat_number") = Field("", description="An EU VAT number, e.g. NL…B01.")
    external_id: A("external_id") = ""
    visit_street: A("visit_street") = ""
    visit_postcode: A("visit_postcode") = ""
    visit_city: A("visit_city") = ""
    visit_country: Country = "NL"
    postal_street: A("postal_street") = ""
    postal_postcode: A("postal_postcode") = ""
    postal_city: A("postal_city") = ""
    postal_country: Country = "NL"
    phone: A("phone") = ""
    email: A("email") = ""
    website: A("website") = ""
    tier: Tier = Tier.C
    status: AccountStatus = AccountStatus.PROSPECT
    segment_id: Id | None = None
    owner_id: Id | None = Field(None, description="Defaults to you.")
    parent_id: Id | None = Field(None, description="Makes the new account a branch of this one.")
    tags: list[TagName] = Field(default_factory=list, max_length=20)
    notes: Notes = ""


class AccountPatch(In):
    """Only the fields sent are changed; `version` is the one you read."""

    version: Version
    name: Text(max_len(Account, "name"), 1) | SkipJsonSchema[None] = optional()
    kvk_number: A("kvk_number") | SkipJsonSchema[None] = optional()
    establishment_number: A("establishment_number") | SkipJsonSchema[None] = optional()
    vat_number: A("vat_number") | SkipJsonSchema[None] = optional()
    external_id: A("external_id") | SkipJsonSchema[None] = optional()
    visit_street: A("visit_street") | SkipJsonSchema[None] = optional()
    visit_postcode: A("visit_postcode") | SkipJsonSchema[None] = optional()
    visit_city: A("visit_city") | SkipJsonSchema[None] = optional()
    visit_country: Country | SkipJsonSchema[None] = optional()
    postal_street: A("postal_street") | SkipJsonSchema[None] = optional()
    postal_postcode: A("postal_postcode") | SkipJsonSchema[None] = optional()
    postal_city: A("postal_city") | SkipJsonSchema[None] = optional()
    postal_country: Country | SkipJsonSchema[None] = optional()
    phone: A("phone") | SkipJsonSchema[None] = optional()
    email: A("email") | SkipJsonSchema[None] = optional()
    website: A("website") | SkipJsonSchema[None] = optional()
    tier: Tier | SkipJsonSchema[None] = optional()
    status: AccountStatus | SkipJsonSchema[None] = optional()
    segment_id: Id | None = optional()
    owner_id: Id | SkipJsonSchema[None] = optional()
    parent_id: Id | None = optional()
    tags: list[TagName] | SkipJsonSchema[None] = optional(max_length=20)
    notes: Notes | SkipJsonSchema[None] = optional()


# PATCH fields that may be set to null; any other null is refused.
ACCOUNT_NULLABLE = {"segment_id", "parent_id"}


class AccountConflictOut(Schema):
    detail: str
    current_version: int
    current: AccountDetailOut
    changes: list[ChangeOut]


class TeamMemberIn(In):
    user_id: Id
    role: TeamRole


# --- contacts -------------------------------------------------------------------------------


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


class PositionPatch(In):
    job_title: Text(max_len(Position, "job_title")) | SkipJsonSchema[None] = optional()
    buying_role: BuyingRole | None = optional()
    attitude: Attitude | SkipJsonSchema[None] = optional()
    start_date: date | None = optional()
    end_date: date | None = optional()


POSITION_NULLABLE = {"buying_role", "start_date", "end_date"}


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


class ContactPatch(In):
    version: Version
    first_name: C("first_name") | SkipJsonSchema[None] = optional()
    last_name: Text(max_len(Contact, "last_name"), 1) | SkipJsonSchema[None] = optional()
    email: C("email") | SkipJsonSchema[None] = optional()
    phone: C("phone") | SkipJsonSchema[None] = optional()
    mobile: C("mobile") | SkipJsonSchema[None] = optional()
    preferred_language: Language | SkipJsonSchema[None] = optional()
    personal_interests: Notes | SkipJsonSchema[None] = optional()
    mailing_consent: bool | SkipJsonSchema[None] = optional()
    consent_date: date | None = optional()
    consent_source: C("consent_source") | SkipJsonSchema[None] = optional()
    opted_out: bool | SkipJsonSchema[None] = optional()
    opted_out_at: date | None = optional()
    notes: Notes | SkipJsonSchema[None] = optional()


CONTACT_NULLABLE = {"consent_date", "opted_out_at"}


class ContactConflictOut(Schema):
    detail: str
    current_version: int
    current: ContactOut
    changes: list[ChangeOut]


# --- pages ----------------------------------------------------------------------------------


class PageOut(Schema):
    count: int = Field(description="The number of results on all pages together.")
    next: str | None = Field(description="The URL of the next page, if any.")
    previous: str | None = Field(description="The URL of the previous page, if any.")


class AccountPage(PageOut):
    results: list[AccountOut]


class ContactPage(PageOut):
    results: list[ContactOut]


class UserPage(PageOut):
    results: list[UserOut]


class TeamPage(PageOut):
    results: list[TeamOut]


class SegmentPage(PageOut):
    results: list[SegmentOut]
