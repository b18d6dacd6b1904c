"""Orders from another system (the ERP through the API or a file): idempotent on the ERP's order
number. The same number again updates that order (its details, its lines while they may still
change, its status forward), never makes a second one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core.models import User
from koers.core.writes import service
from koers.sales.models import Order, OrderLine, OrderSource, OrderStatus
from koers.sales.orders import queries
from koers.sales.orders.services.common import check_editable, field_error, may_change
from koers.sales.orders.services.orders import (
    LineIn,
    build_line,
    order_create,
    order_update,
    refresh_totals,
)
from koers.sales.orders.services.status import order_status_advance

# What an update from the ERP may change (the rest is Koers's: owner, contract, notes).
UPDATABLE = ("branch", "customer_reference", "requested_on", "promised_on")


@service
def order_lines_set(*, actor: User, order: Order, lines: Sequence[LineIn]) -> Order:
    """The order's lines replaced (while it is received or confirmed)."""
    may_change(actor, order)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    check_editable(locked)
    order.lines.all().delete()
    OrderLine.objects.bulk_create([build_line(locked, li, i) for i, li in enumerate(lines)])
    Order.objects.filter(pk=order.pk).update(version=locked.version + 1)
    order.version = locked.version + 1
    return refresh_totals(order)


def _existing(actor: User, number: str, account: Account) -> Order | None:
    found = Order.objects.filter(external_number=number).select_related("account").first()
    if found is None:
        return None
    readable = queries.orders_readable(actor).filter(pk=found.pk).exists()
    if not readable or found.account_id != account.pk:
        # The same answer whether it is unreadable or another account's: nothing is learned.
        message = _("Another order has this ERP order number.")
        raise field_error("external_number", message, "unique")
    return found


@service
def order_upsert(
    *,
    actor: User,
    account: Account,
    external_number: str,
    lines: Sequence[LineIn] | None = None,
    status: str = OrderStatus.RECEIVED,
    status_on: date | None = None,
    source: str = OrderSource.IMPORT,
    **details: Any,
) -> tuple[Order, bool]:
    """The order with this ERP number, made or brought up to date; and whether it was made.

    A new order is created (`order_create`) and moved to `status` on `status_on`; an existing
    one gets the `details` sent, its lines replaced while it is received or confirmed (later
    they are what was delivered, and stay), and its status moved forward to `status`.
    """
    number = external_number.strip()
    if not number:
        raise field_error("external_number", _("Give the ERP's order number."), "required")
    order = _existing(actor, number, account)
    created = order is None
    if order is None:
        order = order_create(
            actor=actor,
            account=account,
            external_number=number,
            lines=lines or (),
            source=source,
            **details,
        )
    else:
        changed = {k: v for k, v in details.items() if k in UPDATABLE}
        changed = {k: v for k, v in changed.items() if getattr(order, k) != v}
        if changed:
            order = order_update(
                actor=actor, order=order, expected_version=order.version, data=changed
            )
        if lines is not None and order.status in (OrderStatus.RECEIVED, OrderStatus.CONFIRMED):
            order = order_lines_set(actor=actor, order=order, lines=lines)
    if status != order.status:
        order = order_status_advance(actor=actor, order=order, to=status, on=status_on)
    return order, created
