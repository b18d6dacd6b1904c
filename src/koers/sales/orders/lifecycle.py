"""The statuses of an order: one table, checked by its services (decision 16).

    received → confirmed → in delivery → delivered → invoiced
        │          │    └──────────────────↗ (delivered at once, without a transport step)
        └──────────┴──→ cancelled (with the reason)

Delivered and invoiced orders are revenue and cannot be cancelled (a credit note is the ERP's);
invoiced and cancelled are final. The date of each status is kept on the order
(`STATUS_DATE_FIELDS`), and each move is an `OrderStatusChange`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.sales.models import Order, OrderStatus


def _has_cancel_reason(order: Order) -> str | None:
    return None if order.cancel_reason.strip() else _("Say why the order is cancelled.")


TRANSITIONS: Transitions = {
    OrderStatus.RECEIVED: {
        OrderStatus.CONFIRMED: None,
        OrderStatus.CANCELLED: _has_cancel_reason,
    },
    OrderStatus.CONFIRMED: {
        OrderStatus.IN_DELIVERY: None,
        OrderStatus.DELIVERED: None,
        OrderStatus.CANCELLED: _has_cancel_reason,
    },
    OrderStatus.IN_DELIVERY: {OrderStatus.DELIVERED: None},
    OrderStatus.DELIVERED: {OrderStatus.INVOICED: None},
    OrderStatus.INVOICED: {},
    OrderStatus.CANCELLED: {},
}

ORDER_LIFECYCLE = Lifecycle(
    Order,
    TRANSITIONS,
    refusals={
        OrderStatus.CANCELLED: gettext_lazy(
            "Only an order that is not yet in delivery can be cancelled."
        ),
        (OrderStatus.INVOICED, OrderStatus.INVOICED): gettext_lazy(
            "This order is already invoiced."
        ),
        (OrderStatus.RECEIVED, OrderStatus.DELIVERED): gettext_lazy(
            "Confirm the order before it is delivered."
        ),
        (OrderStatus.RECEIVED, OrderStatus.IN_DELIVERY): gettext_lazy(
            "Confirm the order before it goes into delivery."
        ),
    },
)


def statuses_after(current: str) -> list[str]:
    """The statuses a user may pick next (cancelling is its own form)."""
    return [s for s in ORDER_LIFECYCLE.targets(current) if s != OrderStatus.CANCELLED]
