"""The shapes of quotes in the API. Amounts, quantities and percentages are decimal strings
("12.50"), never floats (decision 74); cost and margin are null for who may not see them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, Integer, PageOut, PlanDate, Text
from koers.api.versioning import conflict_schema
from koers.core.terms.api.general_terms import GeneralTermsRef, terms_ref
from koers.sales.api.schemas import Euros, Quantity
from koers.sales.models import (
    ApprovalStatus,
    ApprovalStep,
    GroupDisplay,
    LostReason,
    QuoteApproval,
    QuoteLine,
    QuoteLineGroup,
    QuoteStatus,
    QuoteVersion,
    VatCategory,
)

Percent = Text(
    6,
    pattern=r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$",
    message=lambda: _("Give a percentage from 0 to 100 with a point for the decimal, like 7.5."),
    examples=["7.5"],
)


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


class QuoteLineOut(Schema):
    id: int
    product_id: int | None = Field(description="Null for a free line.")
    description: str
    quantity: str
    unit: str
    list_price: str = Field(description="The price for the account (`price_for`) per unit.")
    unit_price: str
    discount_percent: str | None
    discount_amount: str | None
    vat_percentage: str
    optional: bool
    chosen: bool
    net_amount: str
    cost_price: str | None
    review_remark: str


class GroupOut(Schema):
    id: int
    title: str
    display: GroupDisplay
    lines: list[QuoteLineOut]


class ApprovalOut(Schema):
    """One step of the approval beyond the owner's mandate (the manager's, then, far beyond,
    the sales director's), with what the rules found when it was asked."""

    id: int
    quote_version_id: int
    step: ApprovalStep
    status: ApprovalStatus
    decided_by_id: int | None
    on_behalf_of_id: int | None = Field(
        description="The manager who was away, when their delegate decided the step."
    )
    decided_at: datetime | None
    comment: str
    discount_percent: str | None = Field(description="The discount on the total (%).")
    margin_percent: str | None = Field(description="The margin (%); null when a cost is unknown.")
    rules: list[str] = Field(description="The rules broken, as the approver reads them.")
    created_at: datetime


class VersionOut(Schema):
    id: int
    quote_id: int
    number: int
    variant: str
    label: str
    status: QuoteStatus
    valid_until: date
    delivery_terms: str
    payment_terms: str
    introduction: str
    value_proposition: str
    discount_percent: str | None
    discount_amount: str | None
    subtotal: str
    total_discount: str
    net_total: str
    vat_total: str
    gross_total: str
    cost_total: str | None
    margin_total: str | None
    margin_percent: str | None
    revised_from_id: int | None
    superseded_by_id: int | None
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_remarks: str
    sent_at: datetime | None
    decided_at: datetime | None
    accepted_by_name: str = Field(description="Who agreed at the customer.")
    accepted_on: date | None = Field(description="The day the customer agreed.")
    customer_reference: str = Field(description="The customer's reference or purchase order.")
    order_id: int | None = Field(description="The order made when this version was accepted.")
    decline_reason: str
    withdraw_reason: str
    groups: list[GroupOut]
    approvals: list[ApprovalOut] = Field(
        description="The approval steps of this version beyond its owner's mandate, in order."
    )
    general_terms: GeneralTermsRef | None = Field(
        description="The general terms attached when Koers sent this version; null when it was "
        "not sent from Koers or none were in force."
    )
    version: int = Field(description="For optimistic locking.")


class QuoteOut(Schema):
    id: int
    number: str
    opportunity_id: int
    account_id: int
    account_name: str
    owner_id: int
    title: str
    created_at: datetime
    versions: list[VersionOut]


class QuoteCreatedOut(QuoteOut):
    left_out: list[str] = Field(
        description="The names of products (of the opportunity or the template) not sold "
        "today, so not on the quote."
    )


class QuoteRowOut(Schema):
    """A row of the list: a quote's current version."""

    id: int = Field(description="The version's id.")
    quote_id: int
    number: str
    label: str
    title: str
    account_id: int
    owner_id: int
    status: QuoteStatus
    net_total: str
    valid_until: date


class QuotePage(PageOut):
    results: list[QuoteRowOut]


class QuoteIn(In):
    opportunity_id: BodyId
    template_id: BodyId | None = Field(
        None,
        description="A quote template (not archived): its texts, validity, groups and lines, "
        "each product priced for the account today. Products no longer sold are left out and "
        "named in `left_out`.",
    )


class QuoteLineIn(In):
    product_id: BodyId | None = Field(None, description="A catalogue product; null: a free line.")
    description: Text(300) | None = Field(None, description="Required for a free line.")
    quantity: Quantity
    unit_price: Euros | None = Field(
        None, description="Required for a free line; for a product, the price for the account."
    )
    discount_percent: Percent | None = None
    discount_amount: Euros | None = None
    cost_price: Euros | None = Field(None, description="For a free line.")
    vat_category: Choice(VatCategory) | None = Field(None, description="Required for a free line.")
    optional: bool = False
    group_id: BodyId | None = Field(None, description="By default the first group.")


class LinePatch(In):
    description: Text(300) | None = None
    quantity: Quantity | None = None
    unit_price: Euros | None = None
    discount_percent: Percent | None = None
    discount_amount: Euros | None = None
    optional: bool | None = None
    chosen: bool | None = None


class QuoteReasonIn(In):
    reason: Text(2000) = ""


class AcceptIn(In):
    accepted_by_name: Text(200, 1) = Field(description="Who agreed at the customer (required).")
    accepted_on: PlanDate | None = Field(
        None, description="The day the customer agreed; today by default, within the validity."
    )
    customer_reference: Text(100) = Field("", description="Their reference or purchase order.")
    chosen_lines: list[BodyId] | None = Field(
        None,
        description="The ids of the optional lines the customer took (the others are left out); "
        "null keeps the lines as ticked.",
    )
    contract_start: PlanDate | None = None
    contract_end: PlanDate | None = None
    renewal_notice_days: Integer(0, 730) | None = Field(
        None, description="Days before the contract's end to make the renewal."
    )


class DeclineIn(In):
    reason: Text(2000) = Field("", description="Why the customer declined (required).")
    opportunity: Literal["open", "lost"] = Field(
        "open", description="`open`: the opportunity stays open, to revise; `lost`: it is lost."
    )
    lost_reason: Choice(LostReason) | None = Field(None, description="Required when lost.")
    lost_to_id: BodyId | None = Field(
        None, description="The competitor who won, when the reason is `competitor`."
    )


class QuoteExtendIn(In):
    valid_until: PlanDate = Field(
        description="The new validity date: today or later, after the old."
    )
    reason: Text(2000) = Field("", description="Why the quote is extended (required).")


VersionConflictOut = conflict_schema("QuoteVersionConflictOut", VersionOut)


def line_data(line: QuoteLine, sees_cost: bool) -> dict[str, Any]:
    return {
        "id": line.pk,
        "product_id": line.product_id,
        "description": line.description,
        "quantity": str(line.quantity.normalize()),
        "unit": line.unit,
        "list_price": str(line.list_price),
        "unit_price": str(line.unit_price),
        "discount_percent": _s(line.discount_percent),
        "discount_amount": _s(line.discount_amount),
        "vat_percentage": str(line.vat_percentage),
        "optional": line.optional,
        "chosen": line.chosen,
        "net_amount": str(line.net_amount),
        "cost_price": _s(line.cost_price) if sees_cost else None,
        "review_remark": line.review_remark,
    }


def group_data(group: QuoteLineGroup, sees_cost: bool) -> dict[str, Any]:
    return {
        "id": group.pk,
        "title": group.title,
        "display": group.display,
        "lines": [line_data(line, sees_cost) for line in group.lines.all()],
    }


PLAIN_FIELDS = [
    "id",
    "number",
    "variant",
    "status",
    "valid_until",
    "delivery_terms",
    "payment_terms",
    "introduction",
    "value_proposition",
    "revised_from_id",
    "superseded_by_id",
    "submitted_at",
    "reviewed_at",
    "review_remarks",
    "sent_at",
    "decided_at",
    "decline_reason",
    "withdraw_reason",
    "version",
    "quote_id",
]


def version_data(v: QuoteVersion, sees_cost: bool) -> dict[str, Any]:
    """`groups__lines` must be prefetched, `document__general_terms` selected."""
    plain = [
        "id",
        "number",
        "variant",
        "status",
        "valid_until",
        "delivery_terms",
        "payment_terms",
        "introduction",
        "value_proposition",
        "revised_from_id",
        "superseded_by_id",
        "submitted_at",
        "reviewed_at",
        "review_remarks",
        "sent_at",
        "decided_at",
        "accepted_by_name",
        "accepted_on",
        "customer_reference",
        "decline_reason",
        "withdraw_reason",
        "version",
        "quote_id",
    ]
    money = "discount_percent discount_amount subtotal total_discount net_total vat_total "
    money += "gross_total"
    hidden = ("cost_total", "margin_total", "margin_percent")
    return {
        **{name: getattr(v, name) for name in plain},
        **{name: _s(getattr(v, name)) for name in money.split()},
        **{name: _s(getattr(v, name)) if sees_cost else None for name in hidden},
        "label": v.label,
        # `orders` prefetched: at most one (a database constraint).
        "order_id": next((order.pk for order in v.orders.all()), None),
        "groups": [group_data(group, sees_cost) for group in v.groups.all()],
        "approvals": [approval_data(a) for a in v.approvals.all()],
        "general_terms": terms_ref(document.general_terms)
        if (document := getattr(v, "document", None))
        else None,
    }


def approval_data(a: QuoteApproval) -> dict[str, Any]:
    from koers.sales.quotes.approval_queries import breach_texts

    return {
        "id": a.pk,
        "quote_version_id": a.quote_version_id,
        "step": a.step,
        "status": a.status,
        "decided_by_id": a.decided_by_id,
        "on_behalf_of_id": a.on_behalf_of_id,
        "decided_at": a.decided_at,
        "comment": a.comment,
        "discount_percent": _s(a.discount_percent),
        "margin_percent": _s(a.margin_percent),
        "rules": breach_texts(a),
        "created_at": a.created_at,
    }


class ApprovalIn(In):
    comment: Text(4000) = Field("", description="Optional when approving.")


class ReturnIn(In):
    comment: Text(4000, 1) = Field(description="What must change (required).")


class PendingApprovalOut(ApprovalOut):
    quote_id: int
    number: str
    label: str
    title: str
    account_id: int
    owner_id: int
    net_total: str


class PendingApprovalPage(PageOut):
    results: list[PendingApprovalOut]
