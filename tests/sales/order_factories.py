"""Orders for tests, made through the services, brought to any status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koers.accounts.models import Account
from koers.core.models import User
from koers.sales.models import ORDER_PATH, Order, OrderStatus, Product
from koers.sales.orders import services
from koers.sales.orders.services import LineIn


def make_order(
    actor: User,
    account: Account,
    status: str = OrderStatus.RECEIVED,
    *,
    product: Product | None = None,
    quantity: str = "2",
    processor: User | None = None,
    **data: Any,
) -> Order:
    """An order (with one line of `product`, or a free line of 2 x € 50), moved to `status`
    by `processor` (an administrator or inside sales: account managers do not process)."""
    if "lines" not in data:
        line = (
            LineIn(quantity=Decimal(quantity), product=product)
            if product is not None
            else LineIn(
                quantity=Decimal(quantity),
                description="Installation",
                unit_price=Decimal("50.00"),
                vat_percentage=Decimal("21"),
            )
        )
        data["lines"] = [line]
    order = services.order_create(actor=actor, account=account, **data)
    if status == OrderStatus.RECEIVED:
        return order
    mover = processor or actor
    if status == OrderStatus.CANCELLED:
        return services.order_status_change(
            actor=mover, order=order, to=status, cancel_reason="Ordered twice"
        )
    for step in ORDER_PATH[1 : ORDER_PATH.index(OrderStatus(status)) + 1]:
        order = services.order_status_change(actor=mover, order=order, to=step)
    return order
