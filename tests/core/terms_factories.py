"""A small real PDF for the general terms tests (made once by Typst, as Koers makes its own)."""

from __future__ import annotations

import functools
from datetime import date

from koers.core.models import GeneralTerms, User
from koers.core.terms.services import general_terms_upload


@functools.cache
def terms_pdf(text: str = "Algemene voorwaarden") -> bytes:
    import typst

    source = f'#set page(width: 10cm, height: 5cm)\n#"{text}"'.encode()
    return bytes(typst.compile(source))


TERMS_PDF = terms_pdf()


def make_terms(admin: User, label: str, valid_from: date, text: str = "") -> GeneralTerms:
    content = terms_pdf(text) if text else TERMS_PDF
    return general_terms_upload(actor=admin, label=label, valid_from=valid_from, content=content)
