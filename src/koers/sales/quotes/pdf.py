"""A quote version as a PDF (`quote.typ`, through `core/pdf.py`): our letterhead from the
company settings, the account's address, the lines per group as the group's display says
(with prices, without prices, only the group's total), the totals with VAT per rate, the
terms, the validity as a date and a signature block, in the reader's language.

A version that was not approved (a draft, in review) is marked "Concept" across every page:
only an approved or later version prints as final, and only that one is ever sent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from koers.core.company import Company, company
from koers.core.models import GeneralTerms
from koers.core.pdf import money, render_pdf
from koers.correspondence.letters import paragraphs, postal_address
from koers.sales.models import GroupDisplay, QuoteLine, QuoteStatus, QuoteVersion
from koers.sales.quotes import queries
from koers.sales.quotes.services.common import totals_of
from koers.sales.quotes.totals import Totals

TEMPLATE = Path(__file__).parent / "quote.typ"
S = QuoteStatus
# Printed as a concept: not yet approved for sending (or withdrawn before it was).
CONCEPT_STATUSES = (S.DRAFT, S.IN_REVIEW, S.NEEDS_APPROVAL)


def is_final(version: QuoteVersion) -> bool:
    """Approved for sending once (a version withdrawn as a draft stays a concept)."""
    return version.approved_at is not None and version.status not in CONCEPT_STATUSES


def _quantity(value: Decimal) -> str:
    shown = value.normalize()
    places = max(0, -shown.as_tuple().exponent)  # type: ignore[operator]
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _percent(value: Decimal) -> str:
    return _quantity(value) + " %"


def _line(line: QuoteLine, totals: Totals, display: str) -> dict[str, Any]:
    out = totals.line(str(line.pk))
    priced = display == GroupDisplay.PRICES
    discount = ""
    if priced and out.discount:
        discount = money(out.discount)
    return {
        "description": line.description,
        "optional": _("optional") if line.optional else "",
        "chosen": bool(line.counted),
        "quantity": f"{_quantity(line.quantity)} {line.get_unit_display()}",
        "price": money(line.unit_price) if priced else "",
        "discount": discount,
        "vat": _percent(line.vat_percentage) if priced else "",
        "amount": money(out.net) if priced else "",
    }


def _groups(version: QuoteVersion, totals: Totals) -> list[dict[str, Any]]:
    groups = []
    by_group: dict[int, list[QuoteLine]] = {}
    for line in queries.lines_of(version):
        by_group.setdefault(line.group_id, []).append(line)
    for group in version.groups.order_by("position", "pk"):
        lines = by_group.get(group.pk, [])
        display = group.display
        groups.append(
            {
                "title": group.title,
                "display": display,
                "lines": []
                if display == GroupDisplay.TOTAL_ONLY
                else [_line(line, totals, display) for line in lines],
                "total": money(totals.group(str(group.pk))),
            }
        )
    return groups


def _day(version: QuoteVersion) -> date:
    """The quote's date: when it was sent, else approved, else made (in our time zone)."""
    moment = version.sent_at or version.approved_at or version.created_at
    return timezone.localtime(moment).date()


def _letterhead(firm: Company) -> dict[str, Any]:
    return {
        "name": firm.display_name,
        "lines": [*firm.address_lines(), *firm.contact_lines()],
        "registrations": [*firm.statutory_lines(), *firm.registration_lines()],
        "footer": firm.footer_lines(),
    }


def _terms_line(terms: GeneralTerms | None) -> str:
    if terms is None:
        return ""
    return _(
        "Our general terms, version %(label)s, apply to this quote and are handed over with it."
    ) % {"label": terms.label}


def quote_data(
    version: QuoteVersion, language: str, contact: Any = None, terms: GeneralTerms | None = None
) -> dict[str, Any]:
    """The JSON the template reads, every text already in `language`; `terms`, the general
    terms that go with it, are declared applicable under the terms."""
    firm = company()
    quote = version.quote
    lines = queries.lines_of(version)
    totals = totals_of(
        version,
        lines,
        discount_percent=version.discount_percent,
        discount_amount=version.discount_amount,
    )
    with translation.override(language):
        vat_lines = [
            {
                "label": _("VAT %(rate)s over %(base)s")
                % {"rate": _percent(v.percentage), "base": money(v.base)},
                "amount": money(v.vat),
            }
            for v in totals.vat_lines
        ]
        return {
            "lang": language,
            "final": is_final(version),
            "company": _letterhead(firm),
            "logo": list(logo) if (logo := firm.logo_bytes()) else None,
            "address": postal_address(quote.account, contact, language),
            "title": _("Quote %(number)s") % {"number": f"{quote.number} {version.label}"},
            "subject": quote.title,
            "facts": [
                [_("Quote number"), f"{quote.number} {version.label}"],
                [_("Date"), date_format(_day(version), "j F Y")],
                [_("Valid until"), date_format(version.valid_until, "j F Y")],
            ],
            "introduction": paragraphs(version.introduction),
            "value_proposition": paragraphs(version.value_proposition),
            "groups": _groups(version, totals),
            "labels": {
                "description": _("Description"),
                "quantity": _("Quantity"),
                "price": _("Price"),
                "discount": _("Discount"),
                "vat": _("VAT"),
                "amount": _("Amount"),
                "group_total": _("Total of this part"),
                "concept": _("CONCEPT"),
                "not_chosen": _("optional, not included in the total"),
                "terms": _("Terms"),
                "delivery": _("Delivery"),
                "payment": _("Payment"),
                "signature": _("For agreement"),
                "name": _("Name"),
                "date": _("Date"),
                "signed": _("Signature"),
                "page": _("Page"),
            },
            "totals": [
                [_("Subtotal"), money(totals.subtotal)],
                *([[_("Discount"), "- " + money(totals.discount)]] if totals.discount else []),
                [_("Total excluding VAT"), money(totals.net)],
                *[[v["label"], v["amount"]] for v in vat_lines],
                [_("Total including VAT"), money(totals.gross)],
            ],
            "validity": _("This quote is valid until %(date)s.")
            % {"date": date_format(version.valid_until, "j F Y")},
            "general_terms": _terms_line(terms),
            "delivery_terms": paragraphs(version.delivery_terms),
            "payment_terms": paragraphs(version.payment_terms),
            "sender": str(quote.owner),
            "sender_company": firm.display_name,
            "customer": quote.account.name,
        }


def quote_pdf(
    version: QuoteVersion, language: str, contact: Any = None, terms: GeneralTerms | None = None
) -> bytes:
    return render_pdf(TEMPLATE, quote_data(version, language, contact, terms))


def filename(version: QuoteVersion) -> str:
    suffix = "" if is_final(version) else "-concept"
    return f"{version.quote.number}-{version.label}{suffix}.pdf"
