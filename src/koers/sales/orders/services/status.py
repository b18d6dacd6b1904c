"""The status moves of an order: by the lifecycle's rules, with the date of the status, each
written as an `OrderStatusChange`. Apps that build on orders act on a delivery in the same
transaction through `on_delivered` (after-sales plans its call there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.core.writes import service
from koers.sales.models import ORDER_PATH_INDEX, STATUS_DATE_FIELDS, Order, OrderStatus
from koers.sales.orders.lifecycle import ORDER_LIFECYCLE
from koers.sales.orders.services.common import (
    check_not_future,
    customer_summary_refresh,
    field_error,
    may_process,
    record_status,
)

# Called with the order just delivered, inside the move's transaction; a later app registers
# here (sales does not import the apps built on it).
DELIVERED_HOOKS: list[Callable[[Order], object]] = []


def on_delivered(hook: Callable[[Order], object]) -> None:
    if hook not in DELIVERED_HOOKS:
        DELIVERED_HOOKS.append(hook)


def _move(order: Order, to: str, *, actor: User, on: date, note: str, **changes: Any) -> Order:
    stored = Order.objects.select_for_update().values_list("status", "version")
    before, version = stored.get(pk=order.pk)
    changes[STATUS_DATE_FIELDS[OrderStatus(to)]] = on
    moved = ORDER_LIFECYCLE.move(order, to=to, version=version + 1, **changes)
    record_status(moved, before, actor, on, note)
    if to == OrderStatus.DELIVERED:
        for hook in DELIVERED_HOOKS:
            hook(moved)
    return moved


@service
def order_status_change(
    *,
    actor: User,
    order: Order,
    to: str,
    on: date | None = None,
    note: str = "",
    cancel_reason: str = "",
) -> Order:
    """Moves the order to its next status by the lifecycle's rules, on `on` (today unless
    given, never in the future). Cancelling needs the reason."""
    may_process(actor, order)
    if to not in OrderStatus.values:
        raise field_error("status", _("Choose a status from the list."), "invalid")
    check_not_future("on", on)
    on = on or timezone.localdate()
    if on < order.ordered_on:
        raise field_error("on", _("This date cannot be before the order date."), "dates_order")
    changes: dict[str, Any] = {}
    if to == OrderStatus.CANCELLED and not cancel_reason.strip():
        message = _("Say why the order is cancelled.")
        raise field_error("cancel_reason", message, "needs_field")
    if to == OrderStatus.CANCELLED:
        changes["cancel_reason"] = cancel_reason.strip()
    moved = _move(order, to, actor=actor, on=on, note=note, **changes)
    if to == OrderStatus.CANCELLED:
        customer_summary_refresh(moved.account_id)
    return moved


@service
def order_status_advance(
    *, actor: User, order: Order, to: str, on: date | None = None, note: str = ""
) -> Order:
    """An ERP reports a later status than Koers knows (confirmed → invoiced): the order takes
    each status on the way, all on `on`, so that the history and the dates stay complete. A
    status before the current one is refused, as is anything but a step forward."""
    may_process(actor, order)
    if to not in ORDER_PATH_INDEX:
        return order_status_change(actor=actor, order=order, to=to, on=on, note=note)
    current = Order.objects.values_list("status", flat=True).get(pk=order.pk)
    if current == to:
        return order
    if current not in ORDER_PATH_INDEX or ORDER_PATH_INDEX[to] < ORDER_PATH_INDEX[current]:
        message = _("The status cannot change from “%(current)s” to “%(to)s”.") % {
            "current": ORDER_LIFECYCLE.label(current),
            "to": ORDER_LIFECYCLE.label(to),
        }
        raise field_error("status", message, "transition_refused")
    check_not_future("on", on)
    on = on or timezone.localdate()
    steps = list(ORDER_PATH_INDEX)[ORDER_PATH_INDEX[current] + 1 : ORDER_PATH_INDEX[to] + 1]
    if to == OrderStatus.DELIVERED or to == OrderStatus.INVOICED:
        steps = [s for s in steps if s != OrderStatus.IN_DELIVERY]  # straight to delivered
    for step in steps:
        order = _move(order, step, actor=actor, on=max(on, order.ordered_on), note=note)
    return order
