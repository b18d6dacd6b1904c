"""The complaints' steps on the account's and the contact's timeline (a source registered with
relations' timeline, which does not know complaints)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.complaints.models import ComplaintStep
from koers.core.models import User
from koers.relations.timeline import Entry


def step_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    if isinstance(subject, Account):
        rows = ComplaintStep.objects.filter(account=subject)
    else:
        rows = ComplaintStep.objects.filter(complaint__contact=subject)
    if before is not None:
        rows = rows.filter(at__lt=before)
    rows = rows.select_related("complaint", "complaint__category", "actor").order_by("-at", "-pk")[
        :size
    ]
    return [Entry(step.at, "complaint", step) for step in rows]
