"""The shapes of accounts, their account teams and segments in the API, and the functions that
fill them from loaded objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.accounts.fields import ACCOUNT_VALUES
from koers.accounts.models import (
    Account,
    AccountStatus,
    AccountTeamMember,
    Segment,
    Tag,
    TeamRole,
    Tier,
)
from koers.api.schemas import (
    BodyId,
    Choice,
    Country,
    Email,
    In,
    Notes,
    PageOut,
    Phone,
    Postcode,
    Text,
    Website,
    max_len,
)
from koers.api.versioning import versioned_schemas

# Identifiers are typed with spaces or dots and stored compact: allow room for that in the input.
_TYPED_LENGTH = {"kvk_number": 20, "establishment_number": 24, "vat_number": 30}


def A(name: str) -> Any:
    """The string type for Account field `name`, as long as the model allows."""
    return Text(_TYPED_LENGTH.get(name) or max_len(Account, name))


TagName = Text(max_len(Tag, "name"), 1, examples=["horeca"])


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
        "segment_name": account.segment.name if account.segment else None,
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


def _digits(count: int) -> str:
    """`count` digits, typed with spaces, dots or hyphens between them if you like; or blank."""
    return rf"^(?:(?:[ .-]*[0-9]){{{count}}})?[ .-]*$"


# The messages of accounts/validators.py, which check the same.
KvkNumber = Text(
    _TYPED_LENGTH["kvk_number"],
    pattern=_digits(8),
    message=lambda: _("A KvK number has exactly 8 digits."),
    examples=["12345678"],
)
EstablishmentNumber = Text(
    _TYPED_LENGTH["establishment_number"],
    pattern=_digits(12),
    message=lambda: _("A KvK establishment number (vestigingsnummer) has exactly 12 digits."),
    examples=["000012345678"],
)
VatNumber = Text(
    _TYPED_LENGTH["vat_number"],
    pattern=r"^(?:[A-Za-z]{2}[0-9A-Za-z+*. -]{2,28})?$",
    message=lambda: _("This is not a valid EU VAT number (for example NL123456789B01)."),
    examples=["NL004495445B01"],
)


class AccountIn(In):
    name: Text(max_len(Account, "name"), 1, examples=["Bakkerij De Korenschoof"])
    kvk_number: KvkNumber = Field("", description="8 digits; stored without separators.")
    establishment_number: EstablishmentNumber = Field(
        "", description="The 12-digit KvK vestigingsnummer of a branch."
    )
    vat_number: VatNumber = Field(
        "", description="An EU VAT number, checked against its country's rules and check digits."
    )
    external_id: A("external_id") = ""
    visit_street: A("visit_street") = ""
    visit_postcode: Postcode = Field(
        "", description="With country NL (the default) a Dutch postcode: 1234 AB."
    )
    visit_city: A("visit_city") = ""
    visit_country: Country = "NL"
    postal_street: A("postal_street") = ""
    postal_postcode: Postcode = Field(
        "", description="With country NL (the default) a Dutch postcode: 1234 AB."
    )
    postal_city: A("postal_city") = ""
    postal_country: Country = "NL"
    phone: Phone = Field("", description="A number that exists; Dutch numbers may be local.")
    email: Email = ""
    website: Website = Field("", description="With http:// or https://.")
    tier: Choice(Tier) = Tier.C
    status: Choice(AccountStatus) = AccountStatus.PROSPECT
    segment_id: BodyId | None = None
    owner_id: BodyId | None = Field(
        None,
        description="Defaults to you; only managers and administrators may name a colleague.",
    )
    parent_id: BodyId | None = Field(
        None,
        description="Makes the account a branch of this one (not of one of its own branches).",
    )
    tags: list[TagName] = Field(default_factory=list, max_length=20)
    notes: Notes = ""


AccountPatch, AccountConflictOut = versioned_schemas(
    "Account",
    create=AccountIn,
    read=AccountDetailOut,
    nullable={"segment_id", "parent_id"},
    doc="Only the fields sent are changed; `version` is the one you read.",
)


class TeamMemberIn(In):
    user_id: BodyId
    role: Choice(TeamRole)


class AccountPage(PageOut):
    results: list[AccountOut]


class SegmentPage(PageOut):
    results: list[SegmentOut]
