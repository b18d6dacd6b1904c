"""What the order services share: the checks, the status record and the customer summary."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.sales.models import (
    CustomerOrderSummary,
    Order,
    OrderStatus,
    OrderStatusChange,
)
from koers.sales.orders import queries


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def may_change(actor: User, order: Order) -> None:
    if not queries.may_change(actor, order):
        raise NotAllowed(_("You may not change this order."))


def may_process(actor: User, order: Order) -> None:
    may_change(actor, order)
    if not queries.may_process(actor, order):
        raise NotAllowed(_("Inside sales process orders; you may not change its status."))


def check_editable(order: Order) -> None:
    """Lines and the delivery address change only before the order goes into delivery."""
    if order.status not in (OrderStatus.RECEIVED, OrderStatus.CONFIRMED):
        message = _("The order is %(status)s: its lines can no longer change.") % {
            "status": order.get_status_display().lower()
        }
        raise field_error("status", message, "status")


def check_branch(account: Account, branch: Account | None) -> None:
    if branch is None:
        return
    root = account.root_id or account.pk
    if branch.pk == account.pk or (branch.root_id or branch.pk) != root:
        raise field_error("branch", _("Choose a branch of this account."), "not_at_account")


def check_not_future(field: str, day: date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise field_error(field, _("This date cannot be in the future."), "future")


def record_status(
    order: Order, before: str, actor: User | None, on: date, note: str = ""
) -> OrderStatusChange:
    return OrderStatusChange.objects.create(
        order=order,
        account_id=order.account_id,
        from_status=before,
        to_status=order.status,
        on=on,
        by=actor,
        at=timezone.now(),
        note=note[:300],
    )


def customer_summary_refresh(account_id: int) -> CustomerOrderSummary:
    """The account's count of orders since its first one, recomputed from its orders (one
    grouped query on the account's index) in the transaction that changed them."""
    counted = Order.objects.filter(account_id=account_id).exclude(status=OrderStatus.CANCELLED)
    totals = counted.aggregate(
        first=Min("ordered_on"),
        last=Max("ordered_on"),
        orders=Count("pk"),
        repeats=Count("pk", filter=Q(is_repeat=True)),
    )
    summary, _created = CustomerOrderSummary.objects.update_or_create(
        account_id=account_id,
        defaults={
            "first_ordered_on": totals["first"],
            "last_ordered_on": totals["last"],
            "orders": totals["orders"],
            "repeat_orders": totals["repeats"],
        },
    )
    return summary


def customer_summary_rebuild() -> int:
    """Every account's summary again from its orders (an operator's check); returns how many."""
    ids = Order.objects.order_by().values_list("account_id", flat=True).distinct()
    count = 0
    for account_id in ids:
        customer_summary_refresh(account_id)
        count += 1
    CustomerOrderSummary.objects.exclude(account_id__in=Order.objects.values("account_id")).delete()
    return count
