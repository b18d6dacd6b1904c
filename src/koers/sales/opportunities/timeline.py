"""The opportunities' stage changes on the account's and the contact's timeline (a source
registered with relations' timeline, which does not know opportunities)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.relations.timeline import Entry
from koers.sales.models import StageChange


def stage_change_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    if isinstance(subject, Account):
        rows = StageChange.objects.filter(account=subject)
    else:
        rows = StageChange.objects.filter(opportunity__deal_contacts__contact=subject)
    if before is not None:
        rows = rows.filter(at__lt=before)
    rows = rows.select_related("opportunity", "by").order_by("-at", "-pk")[:size]
    return [Entry(change.at, "opportunity", change) for change in rows]
