"""A version's PDF made again after it was sent, kept beside the one that went out (which is
never made again, decision 105): after an extension it prints the new validity date; as
accepted online it carries the optional lines the customer took (issue 13)."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from koers.accounts.models import Contact
from koers.core.models import User
from koers.core.terms import queries as terms_queries
from koers.correspondence.placeholders import language_of
from koers.sales.models import QuoteDocument, QuoteReissue, QuoteVersion
from koers.sales.quotes.pdf import quote_pdf


def reissue_make(
    *,
    version: QuoteVersion,
    kind: str,
    actor: User | None,
    contact: Contact | None = None,
) -> QuoteReissue:
    """Makes and stores the PDF of `version` as it is now, in the language and with the
    general terms of the PDF that went out (or the contact's language and today's terms when
    Koers did not send it), and records it. Called inside the caller's transaction."""
    document = QuoteDocument.objects.filter(quote_version=version).select_related(
        "general_terms", "contact"
    )
    sent = document.first()
    recipient = contact or (sent.contact if sent is not None else None)
    language = sent.language if sent is not None else language_of(recipient)
    terms = sent.general_terms if sent is not None else terms_queries.current_general_terms()
    pdf = quote_pdf(version, language, recipient, terms=terms)
    name = default_storage.save(
        f"quotes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf)
    )
    try:
        return QuoteReissue.objects.create(
            quote_version=version,
            kind=kind,
            pdf=name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            language=language,
            valid_until=version.valid_until,
            made_by=actor,
        )
    except BaseException:
        default_storage.delete(name)
        raise


def reissue_bytes(reissue: QuoteReissue) -> bytes:
    with default_storage.open(reissue.pdf, "rb") as handle:
        return bytes(handle.read())
