"""Writes to orders: create (directly, as a repeat, from the ERP), change, the lines, and
"order again". The status moves are in `status.py`, problems in `problems.py`.

Who may: whoever may change the account creates orders and changes their details; the status
is moved by inside sales, managers and administrators (`access.can_process_orders`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations.services.people import account_people, check_owner
from koers.sales.models import (
    REVENUE_STATUSES,
    Opportunity,
    Order,
    OrderLine,
    OrderSource,
    OrderStatus,
    Product,
    QuoteVersion,
    VatCategory,
)
from koers.sales.orders import queries
from koers.sales.orders.lines import line_amounts
from koers.sales.orders.services.common import (
    check_branch,
    check_editable,
    check_not_future,
    customer_summary_refresh,
    field_error,
    may_change,
    record_status,
)
from koers.sales.pricing import price_for, vat_percentage

NUMBER_PREFIX = "O-"
# The order's totals hold 12 digits before the point; a line stays well below that.
LARGEST = Decimal("10") ** 10


@dataclass(frozen=True)
class LineIn:
    """A line as a form, the API or an import gives it: a product (its price for the customer,
    its cost and VAT are looked up when not given) or a free line (description and price)."""

    quantity: Decimal
    product: Product | None = None
    description: str = ""
    unit_price: Decimal | None = None
    discount: Decimal = Decimal("0")
    unit_cost: Decimal | None = None
    vat_percentage: Decimal | None = None


def _check_line(line: LineIn) -> None:
    if line.quantity is None or line.quantity <= 0:
        raise field_error("lines", _("Give a quantity above 0."), "quantity")
    if not (Decimal("0") <= line.discount <= Decimal("100")):
        raise field_error("lines", _("Give a discount from 0 to 100 %."), "discount")
    if line.unit_price is not None and line.unit_price < 0:
        raise field_error("lines", _("A unit price cannot be negative."), "price")
    if line.product is None and (not line.description.strip() or line.unit_price is None):
        message = _("A line without a product needs a description and a unit price.")
        raise field_error("lines", message, "needs_field")


def _priced(line: LineIn, customer: Account, on: date) -> LineIn:
    """The line with its price, cost, VAT and description filled in from the catalogue."""
    _check_line(line)
    product = line.product
    if product is None:
        vat = line.vat_percentage
        if vat is None:
            vat = vat_percentage(VatCategory.HIGH, on)
        return replace(line, unit_cost=line.unit_cost or Decimal("0"), vat_percentage=vat)
    unit_price, vat = line.unit_price, line.vat_percentage
    if unit_price is None or vat is None:
        try:
            price = price_for(product=product, account=customer, on=on, quantity=line.quantity)
        except ValidationError as error:
            raise field_error("lines", " ".join(error.messages), "not_active") from error
        unit_price = price.unit_price if unit_price is None else unit_price
        vat = price.vat_percentage if vat is None else vat
    return replace(
        line,
        unit_price=unit_price,
        vat_percentage=vat,
        unit_cost=product.cost_price if line.unit_cost is None else line.unit_cost,
        description=line.description.strip() or product.name_nl,
    )


def build_line(order: Order, line: LineIn, position: int) -> OrderLine:
    customer = order.branch or order.account
    priced = _priced(line, customer, order.ordered_on)
    assert priced.unit_price is not None and priced.vat_percentage is not None
    amounts = line_amounts(
        quantity=priced.quantity,
        unit_price=priced.unit_price,
        discount=priced.discount,
        unit_cost=priced.unit_cost or Decimal("0"),
        vat_percentage=priced.vat_percentage,
    )
    if abs(amounts.net) >= LARGEST or abs(amounts.cost) >= LARGEST:
        message = _("This line's amount is larger than Koers can keep; split the line.")
        raise field_error("lines", message, "too_large")
    product = priced.product
    return OrderLine(
        order=order,
        product=product,
        product_group_id=product.group_id if product is not None else None,
        description=priced.description.strip()[:300],
        quantity=priced.quantity,
        unit_price=priced.unit_price,
        discount=priced.discount,
        unit_cost=priced.unit_cost or Decimal("0"),
        vat_percentage=priced.vat_percentage,
        net=amounts.net,
        cost=amounts.cost,
        vat=amounts.vat,
        position=position,
    )


def refresh_totals(order: Order) -> Order:
    """The order's totals as the sums of its rounded lines."""
    rows = list(order.lines.values_list("net", "cost", "vat"))
    order.net_total = sum((r[0] for r in rows), Decimal("0.00"))
    order.cost_total = sum((r[1] for r in rows), Decimal("0.00"))
    order.vat_total = sum((r[2] for r in rows), Decimal("0.00"))
    Order.objects.filter(pk=order.pk).update(
        net_total=order.net_total, cost_total=order.cost_total, vat_total=order.vat_total
    )
    return order


def _check_contract(start: date | None, end: date | None, notice: int | None) -> None:
    if start and end and end < start:
        raise field_error(
            "contract_end", _("The contract cannot end before it starts."), "dates_order"
        )
    if notice is not None and end is None:
        message = _("Give the contract's end date for a renewal notice.")
        raise field_error("contract_end", message, "needs_field")


def _check_dates(order: Order) -> None:
    """A delivery date is never before the order date (a typing error, most likely)."""
    for field in ("requested_on", "promised_on"):
        day = getattr(order, field)
        if day is not None and day < order.ordered_on:
            message = _("This date cannot be before the order date.")
            raise field_error(field, message, "dates_order")


def _check_external(number: str, order: Order | None = None) -> None:
    if not number:
        return
    taken = Order.objects.filter(external_number=number)
    if order is not None:
        taken = taken.exclude(pk=order.pk)
    if taken.exists():
        message = _("Another order has this ERP order number.")
        raise field_error("external_number", message, "unique")


def _owner(actor: User, account: Account, owner: User | None) -> User:
    """The account's owner unless another colleague on the account is given."""
    if owner is None:
        return account.owner
    if owner.pk != account.owner_id:
        check_owner(actor, account, owner)
    return owner


def _had_delivery(account: Account) -> bool:
    return Order.objects.filter(account=account, status__in=REVENUE_STATUSES).exists()


@service
def order_create(
    *,
    actor: User,
    account: Account,
    lines: Sequence[LineIn] = (),
    branch: Account | None = None,
    owner: User | None = None,
    customer_reference: str = "",
    external_number: str = "",
    source: str = OrderSource.DIRECT,
    repeats: Order | None = None,
    opportunity: Opportunity | None = None,
    ordered_on: date | None = None,
    requested_on: date | None = None,
    promised_on: date | None = None,
    contract_start: date | None = None,
    contract_end: date | None = None,
    renewal_notice_days: int | None = None,
    notes: str = "",
    quote_version: QuoteVersion | None = None,
) -> Order:
    """A new order, received, with its lines priced for the customer on the order date (unless
    given), its number, its first `OrderStatusChange` and the customer's summary updated. An
    order of an account that had a delivered order before is a repeat order (`is_repeat`)."""
    if not queries.may_create_for(actor, account):
        raise NotAllowed(_("You may not add orders to this account."))
    if source not in OrderSource.values:
        raise field_error("source", _("Choose a source from the list."), "invalid")
    check_branch(account, branch)
    check_not_future("ordered_on", ordered_on)
    _check_contract(contract_start, contract_end, renewal_notice_days)
    _check_external(external_number.strip())
    if repeats is not None and repeats.account_id != account.pk:
        raise field_error("repeats", _("Choose an earlier order of this account."), "invalid")
    if opportunity is not None and opportunity.account_id != account.pk:
        message = _("Choose an opportunity of this account.")
        raise field_error("opportunity", message, "not_at_account")
    if quote_version is not None and quote_version.quote.account_id != account.pk:
        raise field_error("quote_version", _("Choose a quote of this account."), "not_at_account")
    order = Order(
        number="",
        account=account,
        branch=branch,
        owner=_owner(actor, account, owner),
        customer_reference=customer_reference.strip(),
        external_number=external_number.strip(),
        source=OrderSource.REPEAT if repeats is not None else source,
        repeats=repeats,
        is_repeat=repeats is not None or _had_delivery(account),
        opportunity=opportunity,
        ordered_on=ordered_on or timezone.localdate(),
        requested_on=requested_on,
        promised_on=promised_on,
        contract_start=contract_start,
        contract_end=contract_end,
        renewal_notice_days=renewal_notice_days,
        notes=notes.strip(),
        created_by=actor,
        quote_version=quote_version,
    )
    _check_dates(order)
    order.full_clean(exclude=["number"])
    order.save()
    order.number = f"{NUMBER_PREFIX}{order.pk:06d}"
    Order.objects.filter(pk=order.pk).update(number=order.number)
    OrderLine.objects.bulk_create([build_line(order, li, i) for i, li in enumerate(lines)])
    refresh_totals(order)
    record_status(order, "", actor, order.ordered_on)
    customer_summary_refresh(account.pk)
    return order


EDITABLE = (
    "branch",
    "owner",
    "customer_reference",
    "external_number",
    "requested_on",
    "promised_on",
    "contract_start",
    "contract_end",
    "renewal_notice_days",
    "notes",
)


@service
def order_update(
    *, actor: User, order: Order, expected_version: int, data: dict[str, Any]
) -> Order:
    """Changes the order's details (not its status, lines or account). A cancelled or
    invoiced order is final."""
    may_change(actor, order)
    locked = lock_version(Order, order.pk, expected_version)
    if locked.status in (OrderStatus.CANCELLED, OrderStatus.INVOICED):
        message = _("A cancelled or invoiced order cannot change.")
        raise field_error("status", message, "status")
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "invalid")
    for name, value in data.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    if "branch" in data:
        if locked.branch_id != order.branch_id:
            check_editable(locked)
        check_branch(locked.account, locked.branch)
    if "owner" in data and locked.owner_id != order.owner_id:
        locked.owner = _owner(actor, locked.account, locked.owner)
    if "external_number" in data:
        _check_external(locked.external_number, locked)
    _check_contract(locked.contract_start, locked.contract_end, locked.renewal_notice_days)
    _check_dates(locked)
    locked.full_clean()
    return save_version(locked)


def _bump(order: Order) -> None:
    stored = Order.objects.select_for_update().values_list("version", flat=True).get(pk=order.pk)
    Order.objects.filter(pk=order.pk).update(version=stored + 1)
    order.version = stored + 1


@service
def order_line_add(*, actor: User, order: Order, line: LineIn) -> OrderLine:
    """A line more, priced for the customer on the order date unless a price is given."""
    may_change(actor, order)
    _bump(order)
    order.status = Order.objects.values_list("status", flat=True).get(pk=order.pk)
    check_editable(order)
    position = order.lines.count()
    added = build_line(order, line, position)
    added.save()
    refresh_totals(order)
    return added


@service
def order_line_remove(*, actor: User, line: OrderLine) -> Order:
    order = line.order
    may_change(actor, order)
    _bump(order)
    order.status = Order.objects.values_list("status", flat=True).get(pk=order.pk)
    check_editable(order)
    line.delete()
    return refresh_totals(order)


def _copied(line: OrderLine) -> LineIn:
    """A product at today's price for the customer; a free line as it was."""
    if line.product is not None:
        return LineIn(quantity=line.quantity, product=line.product, discount=Decimal("0"))
    return LineIn(
        quantity=line.quantity,
        description=line.description,
        unit_price=line.unit_price,
        discount=line.discount,
        unit_cost=line.unit_cost,
        vat_percentage=line.vat_percentage,
    )


@service
def order_again(*, actor: User, order: Order) -> Order:
    """A repeat order from an earlier one: the same customer, branch and lines, each product at
    today's price for the customer (an agreed price or price list as it stands now)."""
    lines = [_copied(line) for line in order.lines.select_related("product")]
    # The same account manager, unless the account moved to another portfolio since.
    still_on = order.owner.is_active and order.owner_id in account_people(order.account)
    owner = order.owner if still_on else None
    return order_create(
        actor=actor,
        account=order.account,
        branch=order.branch,
        owner=owner,
        lines=lines,
        repeats=order,
        source=OrderSource.REPEAT,
    )
