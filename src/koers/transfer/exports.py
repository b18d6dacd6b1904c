"""The generic writers of exports: CSV (streamed) and XLSX, from a list's rows and columns.

What a list exports is defined with the list (`<app>/filters.py`: the FilterSet and its
`columns`, `koers.core.lists.Column`); this module only writes them.

Every text cell goes through `safe_cell`: a spreadsheet runs a cell that starts with =, +, -
or @ (or a tab or carriage return before one) as a formula, so such a cell is prefixed with a
single quote. The import takes that quote off again (parsing.unquote).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from koers.core.lists import Column
from koers.transfer.parsing import FORMULA_STARTS

Columns = Sequence[Column]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CHUNK_SIZE = 1000


def safe_cell(value: Any) -> Any:
    """A value as written to a file: text that a spreadsheet would run is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).date().isoformat()
            if timezone.is_aware(value)
            else (value.date().isoformat())
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    # Control characters first: they are invalid in XLSX and could hide a leading "=".
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def header_row(columns: Iterable[Column]) -> list[str]:
    return [str(c.header)[:1].upper() + str(c.header)[1:] for c in columns]


def data_rows(columns: Columns, queryset: QuerySet) -> Iterator[list[Any]]:
    # iterator() with chunk_size keeps memory flat and still runs prefetch_related per chunk.
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [safe_cell(c.value(obj)) for c in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_delimiter(language: str) -> str:
    """Excel with Dutch regional settings expects semicolons; with English ones commas."""
    return ";" if language.startswith("nl") else ","


def csv_stream(columns: Columns, queryset: QuerySet, language: str) -> Iterator[str]:
    """Streams the rows; runs after the view returned, hence its own language."""
    writer = csv.writer(_Echo(), delimiter=csv_delimiter(language))
    with translation.override(language):
        # The byte order mark makes Excel read the file as UTF-8.
        yield "\ufeff" + writer.writerow(header_row(columns))
        for row in data_rows(columns, queryset):
            yield writer.writerow(row)


def xlsx_bytes(columns: Columns, queryset: QuerySet, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in header_row(columns):
        cell = WriteOnlyCell(sheet, value=safe_cell(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in data_rows(columns, queryset):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(
    rows: QuerySet, columns: Columns, *, fmt: str, name: str, title: str
) -> HttpResponseBase:
    """`rows` as a file download: CSV streamed in the user's language, or XLSX.

    The file is called `<name>-<date>.<fmt>`; `title` names the XLSX sheet.
    """
    if fmt == "csv":
        language = translation.get_language() or settings.LANGUAGE_CODE
        response: HttpResponseBase = StreamingHttpResponse(
            csv_stream(columns, rows, language), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(columns, rows, title), content_type=XLSX_CONTENT_TYPE)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response
