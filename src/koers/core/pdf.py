"""PDFs, one way for the whole product: a Typst template and its data as JSON (docs/decisions.md,
"PDFs are made with Typst").

    pdf = render_pdf(Path(__file__).parent / "pdf" / "brief.typ", {"title": ..., ...})

The template reads its data with `#let data = json(bytes(sys.inputs.data))`. User text never
becomes Typst markup: a string from JSON placed in a document (`#data.title`) is set as text, so
a contact called `#panic()` or `]` is printed as that, and cannot run or break the template.
Format dates, numbers and amounts in Python in the reader's language (`money`, `as_text`)
before passing them: the template only places text.

Only the fonts inside the `typst` wheel are used (Libertinus Serif, New Computer Modern,
DejaVu Sans Mono), never the machine's: the same data gives the same PDF on a laptop, a
server without fonts and in CI. The output is PDF/A-2b, for archiving sent documents.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import typst
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language

from koers.core.history import shown

# Archivable: fonts embedded, no transparency tricks, metadata in XMP.
PDF_STANDARD: Final = "a-2b"


class PdfError(Exception):
    """A template failed to compile: a bug in the template, never in the user's data."""


def render_pdf(template: Path, data: Mapping[str, Any]) -> bytes:
    """The PDF of `template` with `data` (JSON-serialisable, already formatted as text).

    The template's folder is its root: it may include files beside it and nothing else.
    """
    try:
        return typst.compile(
            str(template),
            root=str(template.parent),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
            ignore_system_fonts=True,
            pdf_standards=PDF_STANDARD,
            timestamp=int(timezone.now().timestamp()),
        )
    except typst.TypstError as exc:
        raise PdfError(str(exc)) from exc


def money(amount: Decimal | int | float) -> str:
    """An amount in euros as the reader writes it: `€ 1.234,56` in Dutch, `€1,234.56` in
    English."""
    language = get_language() or "nl"
    number = amount_text(Decimal(amount), language)
    if language.startswith("nl"):
        return f"€ {number}"
    return f"€{number}"


_CENT = Decimal("0.01")
_SEPARATORS: dict[str, dict[int, str] | None] = {}


def _separators(language: str) -> dict[int, str] | None:
    """The language's separators as a `str.translate` table, None for a grouping other than
    by threes (then Django formats the number)."""
    if language not in _SEPARATORS:
        grouped = get_format("NUMBER_GROUPING", language) == 3
        table = {
            ord(","): str(get_format("THOUSAND_SEPARATOR", language)),
            ord("."): str(get_format("DECIMAL_SEPARATOR", language)),
        }
        _SEPARATORS[language] = table if grouped else None
    return _SEPARATORS[language]


def amount_text(value: Decimal, language: str) -> str:
    """`number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)`, the same
    text (cut after the cents, not rounded, as Django does) at a tenth of the cost: a forecast
    of a team shows a thousand amounts (docs/decisions.md, 134)."""
    table = _separators(language)
    if table is None or not value.is_finite():
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    if abs(value) < _CENT:
        value = Decimal(0)
    try:
        cut = value.quantize(_CENT, rounding=ROUND_DOWN)
    except InvalidOperation:  # more digits than the context holds
        return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return format(cut, ",.2f").translate(table)


def as_text(value: Any) -> str:
    """A value as the reader reads it (dates, times, numbers in their language; yes / no)."""
    if isinstance(value, datetime.datetime | datetime.date | Decimal | float | bool):
        return str(shown(value))
    return "" if value is None else str(value)
