"""Matching a lead to the customer file (decision 140): by e-mail first (a contact with a current
position: that contact at that account), then by company name (the account, and there the
contact of the same name if any), else a new prospect.

The match is searched over the whole file, not only the recorder's accounts: a lead for a
colleague's customer belongs with that customer and its account manager, not in a duplicate
prospect. What the recorder is shown of a match they may not read is its name only (the name
they typed themselves) and whose account it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Lower

from koers.accounts.models import Account, Contact, Position
from koers.campaigns.lead_models import LeadMatch


@dataclass(frozen=True)
class Match:
    kind: str  # a LeadMatch value
    account: Account | None = None
    contact: Contact | None = None


NEW_PROSPECT = Match(LeadMatch.PROSPECT)


def split_name(name: str) -> tuple[str, str]:
    """First name and last name from what was typed: "Anna de Vries" -> ("Anna", "de Vries");
    one word is a last name (the one the model requires)."""
    parts = name.split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", name.strip())


def _current(contact_filter: dict[str, object]) -> Position | None:
    return (
        Position.objects.filter(
            end_date__isnull=True, contact__erased_at__isnull=True, **contact_filter
        )
        .select_related("contact", "account__owner")
        .order_by("contact_id", "account_id")
        .first()
    )


def suggest(*, email: str, company: str, name: str) -> Match:
    email, company = email.strip(), company.strip()
    if email:
        position = _current({"contact__email__iexact": email})
        if position is not None:
            return Match(LeadMatch.CONTACT, position.account, position.contact)
    if not company:
        return NEW_PROSPECT
    account = (
        Account.objects.annotate(lower=Lower("name"))
        .filter(lower=company.lower())
        .select_related("owner")
        .order_by("pk")
        .first()
    )
    if account is None:
        return NEW_PROSPECT
    first, last = split_name(name)
    position = _current(
        {
            "account": account,
            "contact__first_name__iexact": first,
            "contact__last_name__iexact": last,
        }
    )
    if position is not None:
        return Match(LeadMatch.CONTACT, account, position.contact)
    return Match(LeadMatch.ACCOUNT, account)
