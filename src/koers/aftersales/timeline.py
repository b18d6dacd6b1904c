"""Answered surveys on the account's timeline (a source registered with relations' timeline).
A survey is the account's; a contact's timeline shows none."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.aftersales.models import Survey
from koers.core.models import User
from koers.relations.timeline import Entry


def survey_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    if not isinstance(subject, Account):
        return []
    rows = Survey.objects.filter(account=subject, answered_at__isnull=False)
    if before is not None:
        rows = rows.filter(answered_at__lt=before)
    found = rows.select_related("order", "contact").order_by("-answered_at", "-pk")[:size]
    return [Entry(s.answered_at, "surveys", s) for s in found if s.answered_at is not None]
