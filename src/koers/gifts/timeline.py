"""Gifts on the account's and the contact's timeline (a source registered with relations'
timeline, which does not know gifts).

A gift is dated by when it was recorded, as a commitment is: the timeline pages by that moment
without ties (many gifts share a date), and the entry shows the gift's own date and its state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.gifts import queries
from koers.gifts.models import Gift
from koers.relations.timeline import Entry


def gift_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, user: User
) -> list[Entry]:
    if isinstance(subject, Account):
        rows = Gift.objects.filter(account=subject)
    else:
        # A contact may have worked at accounts the reader does not see: only readable gifts.
        rows = queries.gifts_readable(user).filter(contact=subject)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    rows = rows.select_related("account", "contact", "person").order_by("-created_at", "-pk")
    return [Entry(gift.created_at, "gifts", gift) for gift in rows[:size]]
