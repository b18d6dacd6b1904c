"""The PDF a user downloads: the stored one of a sent version (byte for byte what the customer
received), else made now from the version as it is (a draft marked concept)."""

from __future__ import annotations

import io
from typing import IO

from django.core.files.storage import default_storage

from koers.core.terms.queries import current_general_terms
from koers.sales.models import QuoteDocument, QuoteReissue, QuoteVersion, ReissueKind
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


def reissue_of(version: QuoteVersion, pk: int) -> tuple[str, IO[bytes]] | None:
    """A later PDF of `version` (after an extension, or as accepted), by its id."""
    reissue = QuoteReissue.objects.filter(quote_version=version, pk=pk).first()
    if reissue is None:
        return None
    return _reissue_name(version, reissue), default_storage.open(reissue.pdf, "rb")


def _reissue_name(version: QuoteVersion, reissue: QuoteReissue) -> str:
    return filename(version).removesuffix(".pdf") + f"-{reissue.valid_until:%Y%m%d}.pdf"


def customer_pdf(version: QuoteVersion) -> tuple[str, bytes] | None:
    """What the customer downloads on the public page: the PDF with the latest validity date
    (made at the last extension), else the one sent; None when Koers made none."""
    latest = (
        QuoteReissue.objects.filter(quote_version=version, kind=ReissueKind.EXTENDED)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is not None:
        with default_storage.open(latest.pdf, "rb") as handle:
            return _reissue_name(version, latest), bytes(handle.read())
    document = sent_document(version)
    if document is None:
        return None
    return filename(version), stored_bytes(document)
