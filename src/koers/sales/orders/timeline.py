"""The orders' status changes and problems on the account's timeline (a source registered with
relations' timeline, which does not know orders). A contact's timeline shows none: an order is
the account's, not a person's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.relations.timeline import Entry
from koers.sales.models import OrderProblem, OrderStatusChange


def order_event_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    if not isinstance(subject, Account):
        return []
    changes = OrderStatusChange.objects.filter(account=subject)
    problems = OrderProblem.objects.filter(account=subject)
    if before is not None:
        changes = changes.filter(at__lt=before)
        problems = problems.filter(recorded_at__lt=before)
    moved = changes.select_related("order", "by").order_by("-at", "-pk")[:size]
    troubled = problems.select_related("order", "recorded_by").order_by("-recorded_at", "-pk")[
        :size
    ]
    entries = [Entry(c.at, "order", c) for c in moved]
    entries += [Entry(p.recorded_at, "order", p) for p in troubled]
    return sorted(entries, key=lambda e: e.at, reverse=True)[:size]
