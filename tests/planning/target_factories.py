"""Delivered orders for the target tests: an order with its lines (product group, net, cost,
quantity) delivered on a given day, optionally from an opportunity with a credit split."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from koers.accounts.models import Account
from koers.core.models import User
from koers.sales.models import Opportunity, Order, OrderLine, OrderStatus, ProductGroup

_numbers = itertools.count(1)


def delivered(
    owner: User,
    account: Account,
    on: date,
    lines: list[tuple[ProductGroup | None, str, str, str]],
    *,
    opportunity: Opportunity | None = None,
    status: str = OrderStatus.DELIVERED,
    branch: Account | None = None,
) -> Order:
    """An order delivered on `on`; each line is (group, net, cost, quantity)."""
    order = Order.objects.create(
        number=f"T{next(_numbers):05d}",
        account=account,
        branch=branch,
        owner=owner,
        opportunity=opportunity,
        status=status,
        ordered_on=on,
        delivered_on=on,
        net_total=sum((Decimal(net) for _g, net, _c, _q in lines), Decimal("0")),
        cost_total=sum((Decimal(cost) for _g, _n, cost, _q in lines), Decimal("0")),
    )
    for position, (group, net, cost, quantity) in enumerate(lines):
        OrderLine.objects.create(
            order=order,
            product_group=group,
            description="Line",
            quantity=Decimal(quantity),
            unit_price=Decimal(net),
            net=Decimal(net),
            cost=Decimal(cost),
            position=position,
        )
    return order
