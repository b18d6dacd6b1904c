"""Reads of orders, scoped by the access policy: an order is readable and writable like its
account (`access.scope_through_account`)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import Role, User
from koers.sales.models import (
    OPEN_ORDER_STATUSES,
    CustomerOrderSummary,
    Order,
    OrderLine,
    OrderProblem,
    OrderStatusChange,
)


def orders_readable(user: User) -> QuerySet[Order]:
    return access.scope_through_account(Order.objects.all(), user)


def orders_readable_for_page(user: User) -> QuerySet[Order]:
    """The same orders, for walking a page in list order: each order's account checked against
    hashed lists (`access.through_account_per_row`), not arrays scanned per row."""
    return Order.objects.filter(access.through_account_per_row(user))


def orders_readable_for_count(user: User) -> QuerySet[Order]:
    """The same orders, for counting a list to its cap: a manager's fifth of the accounts
    reaches 1,001 soonest checked order by order, an account manager's 2 % starting from
    their accounts (as `quotes.queries.versions_readable_for_count`; decision 135)."""
    if user.role == Role.MANAGER:
        return orders_readable_for_page(user)
    return orders_readable(user)


def orders_writable(user: User) -> QuerySet[Order]:
    return access.scope_through_account(Order.objects.all(), user, write=True)


def may_change(user: User, order: Order) -> bool:
    return orders_writable(user).filter(pk=order.pk).exists()


def may_process(user: User, order: Order) -> bool:
    """Status moves: inside sales, managers and administrators who may change the order."""
    return access.can_process_orders(user) and may_change(user, order)


def may_create_for(user: User, account: Account) -> bool:
    return access.can_change_account(user, account)


def order_for_detail(user: User, pk: int) -> Order:
    """Raises Order.DoesNotExist for one the user may not read; the page's rows come with it."""
    return (
        orders_readable(user)
        .select_related(
            "account",
            "account__owner",
            "branch",
            "owner",
            "repeats",
            "opportunity",
            "renewal_opportunity",
            "quote_version__quote",
        )
        .prefetch_related(
            Prefetch("lines", OrderLine.objects.select_related("product")),
            Prefetch("status_changes", OrderStatusChange.objects.select_related("by")),
            Prefetch(
                "problems",
                OrderProblem.objects.select_related("recorded_by", "resolved_by", "mail"),
            ),
        )
        .get(pk=pk)
    )


def late_or_troubled(today: date) -> Q:
    """Orders to watch: promised before `today` and not yet delivered, or with an open problem."""
    late = Q(status__in=OPEN_ORDER_STATUSES, promised_on__lt=today)
    return late | Q(open_problems__gt=0)


def is_late(order: Order, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return order.is_open and order.promised_on is not None and order.promised_on < today


def account_orders(user: User, account: Account, *, size: int = 10) -> list[Order]:
    """The account's most recent orders, for its page (the branch's orders on a branch)."""
    rows = orders_readable(user).filter(Q(account=account) | Q(branch=account))
    return list(rows.select_related("owner").order_by("-ordered_on", "-pk")[:size])


def customer_summary(account: Account) -> CustomerOrderSummary | None:
    return CustomerOrderSummary.objects.filter(account=account).first()
