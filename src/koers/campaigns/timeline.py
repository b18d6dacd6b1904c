"""A contact's responses to campaigns on their timeline, and those of an account's contacts on
the account's (a source registered with relations' timeline, which does not know campaigns)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from koers.accounts.models import Account, Contact
from koers.campaigns.lead_models import Response
from koers.core.models import User
from koers.relations.timeline import Entry


def response_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    if isinstance(subject, Account):
        rows = Response.objects.filter(account=subject)
    else:
        rows = Response.objects.filter(contact=subject)
    if before is not None:
        rows = rows.filter(at__lt=before)
    rows = rows.select_related("campaign", "contact", "by").order_by("-at", "-pk")[:size]
    return [Entry(response.at, "campaign_responses", response) for response in rows]
