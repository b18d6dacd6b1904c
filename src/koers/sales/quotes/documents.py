"""The PDF a user downloads: the stored one of a sent version (byte for byte what the customer
received), else made now from the version as it is (a draft marked concept)."""

from __future__ import annotations

import io
from typing import IO

from django.core.files.storage import default_storage

from koers.core.terms.queries import current_general_terms
from koers.sales.models import QuoteDocument, QuoteVersion
from koers.sales.quotes.pdf import filename, quote_pdf


def sent_document(version: QuoteVersion) -> QuoteDocument | None:
    return QuoteDocument.objects.filter(quote_version=version).first()


def pdf_of(version: QuoteVersion, language: str) -> tuple[str, IO[bytes]]:
    document = sent_document(version)
    if document is not None:
        return filename(version), default_storage.open(document.pdf, "rb")
    # Made now: it names the general terms in force today, which the page offers beside it.
    pdf = quote_pdf(version, language, terms=current_general_terms())
    return filename(version), io.BytesIO(pdf)


def stored_bytes(document: QuoteDocument) -> bytes:
    with default_storage.open(document.pdf, "rb") as handle:
        return bytes(handle.read())
