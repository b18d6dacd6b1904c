"""The quotes' steps on the account's timeline (a source registered with relations' timeline,
which does not know quotes): made, submitted, sent, accepted, declined ... Only the steps a
customer would recognise; the review's back and forth stays on the quote's own history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.relations.timeline import Entry
from koers.sales.models import QuoteEvent, QuoteEventKind

ON_TIMELINE = (
    QuoteEventKind.CREATED,
    QuoteEventKind.SUBMITTED,
    QuoteEventKind.SENT,
    QuoteEventKind.ACCEPTED,
    QuoteEventKind.DECLINED,
    QuoteEventKind.EXPIRED,
    QuoteEventKind.WITHDRAWN,
    QuoteEventKind.REVISED,
)


def quote_event_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    if not isinstance(subject, Account):
        return []
    rows = QuoteEvent.objects.filter(account=subject, kind__in=ON_TIMELINE)
    if before is not None:
        rows = rows.filter(at__lt=before)
    rows = rows.select_related("quote", "quote_version", "quote_version__document", "by").order_by(
        "-at", "-pk"
    )[:size]
    return [Entry(event.at, "quotes", event) for event in rows]
