"""Placeholders in mail and letter texts: `{first_name}`, `{account}`, ... and nothing else.

Texts are written by users (templates by managers, a mail by its writer), so they are never run
through a template engine: a fixed list of names is replaced by their values, as plain text,
and everything else stays as it was typed. `{% load %}`, `{{ settings.SECRET_KEY }}` or
`{account.owner.password}` are not placeholders and are shown literally. A name between double
braces (`{{account}}`) is left alone too, so that text from elsewhere is not half-replaced.

The values are text; HTML is escaped afterwards, with the rest of the mail (`mails.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.accounts.models import Account, Contact
from koers.core.company import Company
from koers.core.models import User

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")

# The names a text may use, with what each becomes (shown on the template page).
NAMES = {
    "salutation": gettext_lazy("“Beste Anna” or “Dear Anna”, in the contact's language"),
    "contact_name": gettext_lazy("the contact's full name"),
    "first_name": gettext_lazy("the contact's first name"),
    "last_name": gettext_lazy("the contact's last name"),
    "account": gettext_lazy("the account's name"),
    "account_manager": gettext_lazy("the account manager's name"),
    "account_manager_email": gettext_lazy("the account manager's e-mail address"),
    "account_manager_phone": gettext_lazy("the account manager's phone number"),
    "sender": gettext_lazy("the name of who writes"),
    "company": gettext_lazy("our company's name"),
    "today": gettext_lazy("today's date (05-12-2026)"),
    "today_long": gettext_lazy("today's date written out (5 december 2026)"),
}


@dataclass(frozen=True)
class Recipient:
    """Whom a text is for, and who writes it."""

    contact: Contact | None
    account: Account
    sender: User
    company: Company
    language: str
    today: date


def language_of(contact: Contact | None) -> str:
    """The contact's preferred language when Koers writes in it, else Dutch."""
    language = contact.preferred_language if contact is not None else "nl"
    return language if language in ("nl", "en") else "nl"


def unknown_names(text: str) -> list[str]:
    """The `{names}` in `text` that are no placeholder (a typing error, most likely)."""
    return sorted({m for m in PLACEHOLDER.findall(text) if m not in NAMES})


def values_for(to: Recipient) -> dict[str, str]:
    contact, owner = to.contact, to.account.owner
    with translation.override(to.language):
        first = contact.first_name if contact else ""
        name = contact.full_name if contact else ""
        greeting = (
            _("Dear %(name)s") % {"name": first or name}
            if (first or name)
            else _("Dear Sir or Madam")
        )
        return {
            "salutation": greeting,
            "contact_name": name,
            "first_name": first,
            "last_name": contact.last_name if contact else "",
            "account": to.account.name,
            "account_manager": str(owner) if owner else "",
            "account_manager_email": owner.email if owner else "",
            "account_manager_phone": owner.phone if owner else "",
            "sender": str(to.sender),
            "company": to.company.display_name,
            "today": date_format(to.today, "SHORT_DATE_FORMAT"),
            "today_long": date_format(to.today, "j F Y"),
        }


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value; the rest as typed."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
