"""The shapes of the mandate in the API. Percentages and amounts are decimal strings ("12.5",
"1200.00"), never floats (docs/decisions.md, 74)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, In, PageOut, PlanDate, Text
from koers.core.models import User
from koers.sales.api.schemas import Euros
from koers.sales.mandate.rules import EffectiveMandate
from koers.sales.models import LIMIT_FIELDS, ApprovalDelegation, LevelMandate, PersonalMandate

Percent = Text(
    5,
    pattern=r"^(100(\.0)?|[0-9]{1,2}(\.[0-9])?)$",
    message=lambda: _("Give a percentage from 0 to 100 with a point for the decimal, like 7.5."),
    examples=["7.5"],
)
if TYPE_CHECKING:
    LevelName = str
else:
    LevelName = Literal["A", "B", "C"]


def pct(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


class LimitsIn(In):
    max_line_discount: Percent = Field(description="Highest discount per line, on one's own.")
    max_total_discount: Percent = Field(description="Highest discount on the whole quote.")
    min_margin: Percent = Field(description="Lowest margin of the quote.")
    far_line_discount: Percent = Field(
        description="Above this line discount the sales director approves too (at least "
        "`max_line_discount`)."
    )
    far_total_discount: Percent = Field(
        description="Above this the sales director approves too (at least `max_total_discount`)."
    )
    far_min_margin: Percent = Field(
        description="Below this margin the sales director approves too (at most `min_margin`)."
    )

    def limits(self) -> dict[str, Decimal]:
        return {name: Decimal(getattr(self, name)) for name in LIMIT_FIELDS}


class LimitsOut(Schema):
    max_line_discount: str
    max_total_discount: str
    min_margin: str
    far_line_discount: str
    far_total_discount: str
    far_min_margin: str


class LevelMandateOut(LimitsOut):
    level: str


class PersonOut(Schema):
    id: int
    name: str


class MandateOut(LimitsOut):
    user_id: int
    source: str = Field(description="`level` or `personal`.")
    level: str = Field(description="The level whose mandate holds without a personal one.")
    personal_mandate_id: int | None
    approvers: list[PersonOut] = Field(description="Who approves beyond it, today.")


class PersonalMandateIn(LimitsIn):
    user_id: BodyId = Field(description="The account manager (of a team you manage).")
    reason: Text(1000, 1)
    valid_from: PlanDate = Field(description="Today or later.")
    valid_until: PlanDate | None = Field(None, description="Empty: until ended.")


class PersonalMandateOut(LimitsOut):
    id: int
    user_id: int
    reason: str
    valid_from: date
    valid_until: date | None
    set_by_id: int


class PersonalMandatePage(PageOut):
    results: list[PersonalMandateOut]


class DelegationIn(In):
    delegate_id: BodyId = Field(description="Another active manager, or a sales director.")
    starts_on: PlanDate = Field(description="The first day away.")
    ends_on: PlanDate = Field(description="The last day away (today or later).")
    note: Text(200) = ""


class DelegationOut(Schema):
    id: int
    manager_id: int
    manager_name: str
    delegate_id: int
    delegate_name: str
    starts_on: date
    ends_on: date
    note: str
    removed: bool = Field(False, description="Ended before it started: it no longer exists.")


class DelegationPage(PageOut):
    results: list[DelegationOut]


class MandateLineIn(In):
    key: Text(40, 1) = Field(description="Your name for the line; breaches name it.")
    product_group_id: BodyId | None = None
    list_amount: Euros = Field(description="Quantity times list price, before discount.")
    discount_amount: Euros = Field(description="The line's discount in euros.")
    cost_amount: Euros | None = Field(None, description="Null when the cost is unknown.")


class CheckIn(In):
    lines: list[MandateLineIn] = Field(max_length=200)
    total_discount_amount: Euros = Field("0.00", description="Discount on the total, euros.")
    owner_id: BodyId | None = Field(
        None, description="Whose mandate: you by default (or the opportunity's owner)."
    )
    opportunity_id: BodyId | None = Field(None, description="Judge inside this deal's room.")


class BreachOut(Schema):
    rule: str = Field(
        description="`line_discount`, `total_discount`, `margin`, `margin_unknown` or `group_cap`."
    )
    line_key: str | None
    product_group_id: int | None
    actual: str | None = Field(description="The quote's percentage (null: margin unknown).")
    limit: str
    step: str = Field(description="Who approves it: `manager` or `director`.")
    covered_by_room: bool
    message: str


class CheckOut(Schema):
    step_needed: str = Field(description="`none`, `manager` or `director` (after the manager).")
    within_room: bool
    total_discount: str
    margin: str | None
    discount_amount: str
    list_total: str
    net_total: str
    line_discounts: dict[str, str]
    breaches: list[BreachOut]
    mandate: LimitsOut
    approvers: list[PersonOut]


def limits_data(row: Any) -> dict[str, Any]:
    return {name: pct(getattr(row, name)) for name in LIMIT_FIELDS}


def level_data(row: LevelMandate) -> dict[str, Any]:
    return {"level": row.level, **limits_data(row)}


def person_data(user: User) -> dict[str, Any]:
    return {"id": user.pk, "name": user.get_full_name() or user.username}


def mandate_data(user: User, mandate: EffectiveMandate, approvers: list[User]) -> dict[str, Any]:
    return {
        "user_id": user.pk,
        "source": mandate.source,
        "level": mandate.level,
        "personal_mandate_id": mandate.personal_id,
        "approvers": [person_data(u) for u in approvers],
        **limits_data(mandate),
    }


def delegation_data(row: ApprovalDelegation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "manager_id": row.manager_id,
        "manager_name": person_data(row.manager)["name"],
        "delegate_id": row.delegate_id,
        "delegate_name": person_data(row.delegate)["name"],
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "note": row.note,
        "removed": False,
    }


def personal_data(row: PersonalMandate) -> dict[str, Any]:
    return {
        "id": row.pk,
        "user_id": row.user_id,
        "reason": row.reason,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "set_by_id": row.set_by_id,
        **limits_data(row),
    }
