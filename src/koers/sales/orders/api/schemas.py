"""The shapes of orders in the API. Amounts and percentages are decimal strings ("125.00"),
never floats (decision 74)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, Integer, PageOut, PlanDate, Text, max_len
from koers.sales.api.schemas import Euros, Quantity, money
from koers.sales.models import Order, OrderLine, OrderProblem, OrderSource, OrderStatus, ProblemKind

Percent = Text(
    6,
    pattern=r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$",
    message=lambda: _("Give a percentage from 0 to 100 with a point for decimals, like 7.5."),
    examples=["10"],
)


def _max(name: str) -> int:
    return max_len(Order, name)


class OrderLineOut(Schema):
    product_id: int | None
    product_code: str | None
    description: str
    quantity: str
    unit_price: str
    discount: str = Field(description="The discount on the line, in percent.")
    discount_amount: str = Field(
        description="From a quote: the discount in euros (a fixed line discount and the line's "
        "share of the quote's discount on the total)."
    )
    vat_percentage: str
    net: str = Field(
        description="Quantity x unit price less the discount and `discount_amount`, in cents."
    )
    vat: str
    cost: str | None = Field(description="Null for who may not see cost prices.")


class ProblemOut(Schema):
    id: int
    kind: ProblemKind
    description: str
    new_promised_on: date | None
    recorded_at: datetime
    recorded_by_name: str
    told_customer_at: datetime | None
    resolved_at: datetime | None
    resolution: str


class StatusChangeOut(Schema):
    from_status: OrderStatus | None
    to_status: OrderStatus
    on: date
    by_name: str
    note: str


class OrderOut(Schema):
    id: int
    number: str = Field(description="Koers's order number.")
    external_number: str = Field(description="The ERP's order number (unique when set).")
    customer_reference: str = Field(description="The customer's order number.")
    account_id: int
    account_name: str
    branch_id: int | None = Field(description="The branch the order is delivered to.")
    owner_id: int
    owner_name: str
    source: OrderSource
    is_repeat: bool = Field(description="The account had a delivered order before this one.")
    repeats_id: int | None
    opportunity_id: int | None
    status: OrderStatus
    ordered_on: date
    requested_on: date | None
    promised_on: date | None
    confirmed_on: date | None
    in_delivery_on: date | None
    delivered_on: date | None
    invoiced_on: date | None
    cancelled_on: date | None
    contract_start: date | None
    contract_end: date | None
    renewal_notice_days: int | None
    net_total: str
    vat_total: str
    total_discount: str = Field(
        description="From a quote: its discount on the total, already in the lines' nets."
    )
    cost_total: str | None = Field(description="Null for who may not see cost prices.")
    open_problems: int
    lines: list[OrderLineOut]
    problems: list[ProblemOut]
    status_history: list[StatusChangeOut]
    version: int
    updated_at: datetime


class OrderPage(PageOut):
    results: list[OrderOut]


class OrderLineIn(In):
    product_id: BodyId | None = Field(None, description="A product of the catalogue, or none.")
    description: Text(300) = Field("", description="Required for a line without a product.")
    quantity: Quantity
    unit_price: Euros | None = Field(
        None, description="By default the customer's price for the product on the order date."
    )
    discount: Percent = "0"
    vat_percentage: Percent | None = Field(
        None, description="By default the product's rate (the high rate for a free line)."
    )


class OrderIn(In):
    account_id: BodyId
    external_number: Text(_max("external_number")) = Field(
        "",
        description="The ERP's order number. Sent again, it updates that order instead of "
        "creating a second one (200 instead of 201).",
    )
    customer_reference: Text(_max("customer_reference")) = ""
    branch_id: BodyId | None = Field(None, description="A branch of the account to deliver to.")
    owner_id: BodyId | None = Field(None, description="By default the account's owner.")
    lines: list[OrderLineIn] | None = Field(None, max_length=500)
    ordered_on: PlanDate | None = Field(None, description="Today unless given.")
    requested_on: PlanDate | None = None
    promised_on: PlanDate | None = None
    status: Choice(OrderStatus) = Field(
        OrderStatus.RECEIVED,
        description="Beyond `received` (for inside sales, managers and administrators): the "
        "order passes each status on the way, on `status_on`.",
    )
    status_on: PlanDate | None = Field(None, description="The date of `status`; today.")
    contract_start: PlanDate | None = None
    contract_end: PlanDate | None = None
    renewal_notice_days: Integer(1, 730) | None = None


class StatusIn(In):
    status: Choice(OrderStatus)
    on: PlanDate | None = Field(None, description="The date of the status; today unless given.")
    note: Text(300) = ""
    cancel_reason: Text(2000) = Field("", description="Required for `cancelled`.")


class ProblemIn(In):
    kind: Choice(ProblemKind)
    description: Text(2000, 1, examples=["The truck broke down"])
    new_promised_on: PlanDate | None = Field(
        None, description="A new delivery date; it becomes the order's promised date."
    )


class ResolveIn(In):
    resolution: Text(300) = ""


def _name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _line(line: OrderLine, sees_cost: bool) -> dict[str, Any]:
    return {
        "product_id": line.product_id,
        "product_code": line.product.code if line.product else None,
        "description": line.description,
        "quantity": f"{line.quantity.normalize():f}",
        "unit_price": money(line.unit_price),
        "discount": f"{line.discount.normalize():f}",
        "discount_amount": money(line.discount_amount),
        "vat_percentage": f"{line.vat_percentage.normalize():f}",
        "net": money(line.net),
        "vat": money(line.vat),
        "cost": money(line.cost) if sees_cost else None,
    }


def _problem(problem: OrderProblem) -> dict[str, Any]:
    return {
        "id": problem.pk,
        "kind": problem.kind,
        "description": problem.description,
        "new_promised_on": problem.new_promised_on,
        "recorded_at": problem.recorded_at,
        "recorded_by_name": _name(problem.recorded_by),
        "told_customer_at": problem.communicated_at,
        "resolved_at": problem.resolved_at,
        "resolution": problem.resolution,
    }


def order_data(order: Order, sees_cost: bool) -> dict[str, Any]:
    """The order as `OrderOut` (lines, problems and status changes prefetched)."""
    return {
        **{
            name: getattr(order, name)
            for name in (
                "number",
                "external_number",
                "customer_reference",
                "account_id",
                "branch_id",
                "owner_id",
                "source",
                "is_repeat",
                "repeats_id",
                "opportunity_id",
                "status",
                "ordered_on",
                "requested_on",
                "promised_on",
                "confirmed_on",
                "in_delivery_on",
                "delivered_on",
                "invoiced_on",
                "cancelled_on",
                "contract_start",
                "contract_end",
                "renewal_notice_days",
                "open_problems",
                "version",
                "updated_at",
            )
        },
        "id": order.pk,
        "account_name": order.account.name,
        "owner_name": _name(order.owner),
        "net_total": money(order.net_total),
        "vat_total": money(order.vat_total),
        "total_discount": money(order.total_discount),
        "cost_total": money(order.cost_total) if sees_cost else None,
        "lines": [_line(line, sees_cost) for line in order.lines.all()],
        "problems": [_problem(p) for p in order.problems.all()],
        "status_history": [
            {
                "from_status": c.from_status or None,
                "to_status": c.to_status,
                "on": c.on,
                "by_name": _name(c.by),
                "note": c.note,
            }
            for c in order.status_changes.all()
        ],
    }
