"""A letter as a PDF: the letterhead from the company settings, the contact at the account's
postal address in the Dutch format, the text in the contact's language (`letter.typ`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core.company import Company
from koers.core.pdf import render_pdf

TEMPLATE = Path(__file__).parent / "letter.typ"

# Country names on the last line of a foreign address (Dutch post: in capitals, in Dutch or
# English); other countries print their code.
COUNTRIES = {
    "BE": ("BELGIË", "BELGIUM"),
    "DE": ("DUITSLAND", "GERMANY"),
    "FR": ("FRANKRIJK", "FRANCE"),
    "LU": ("LUXEMBURG", "LUXEMBOURG"),
    "GB": ("VERENIGD KONINKRIJK", "UNITED KINGDOM"),
    "AT": ("OOSTENRIJK", "AUSTRIA"),
    "DK": ("DENEMARKEN", "DENMARK"),
    "ES": ("SPANJE", "SPAIN"),
    "IT": ("ITALIË", "ITALY"),
    "PL": ("POLEN", "POLAND"),
}


def postal_address(account: Account, contact: Contact | None, language: str) -> list[str]:
    """The lines of the envelope: the account, "T.a.v." the contact, street, postcode and city
    (two spaces, the city in capitals), and the country when it is not the Netherlands. The
    postal address when the account has one, else the visiting address."""
    postal = bool(account.postal_street or account.postal_city)
    street = account.postal_street if postal else account.visit_street
    postcode = account.postal_postcode if postal else account.visit_postcode
    city = account.postal_city if postal else account.visit_city
    country = ((account.postal_country if postal else account.visit_country) or "NL").upper()
    lines = [account.name]
    if contact is not None and contact.full_name:
        with translation.override(language):
            lines.append(_("Attn. %(name)s") % {"name": contact.full_name})
    lines.append(street)
    if country == "NL":
        lines.append("  ".join(p for p in (postcode, city.upper()) if p))
    else:
        lines.append(" ".join(p for p in (postcode, city) if p))
        names = COUNTRIES.get(country)
        lines.append(names[0 if language == "nl" else 1] if names else country)
    return [line for line in lines if line.strip()]


def paragraphs(text: str) -> list[list[str]]:
    """Blank lines separate paragraphs; single line breaks are kept."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def letter_pdf(
    *,
    firm: Company,
    address: list[str],
    subject: str,
    body: str,
    sender: str,
    language: str,
    day: Any,
) -> bytes:
    with translation.override(language):
        place = firm.city or ""
        when = date_format(day, "j F Y")
        data = {
            "lang": language,
            "company": {
                "name": firm.display_name,
                "lines": [*firm.address_lines(), *firm.contact_lines()],
            },
            "logo": list(logo) if (logo := firm.logo_bytes()) else None,
            "address": address,
            "labels": {"date": _("Date"), "subject": _("Subject")},
            "date": f"{place}, {when}" if place else when,
            "subject": subject,
            "paragraphs": paragraphs(body),
            "closing": _("Kind regards,"),
            "sender": sender,
            "registrations": [*firm.statutory_lines(), *firm.registration_lines()],
            "footer": firm.footer_lines(),
        }
        return render_pdf(TEMPLATE, data)
