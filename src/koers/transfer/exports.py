"""Writing accounts and contacts to CSV (streamed) and XLSX.

Every text cell goes through `safe_cell`: a spreadsheet runs a cell that starts with =, +, -
or @ (or a tab or carriage return before one) as a formula, so such a cell is prefixed with a
single quote. The import takes that quote off again (parsing.unquote).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from koers.accounts.fields import ACCOUNT_FIELDS
from koers.accounts.models import Account, Contact
from koers.accounts.validators import format_phone
from koers.transfer.parsing import FORMULA_STARTS

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


@dataclass(frozen=True)
class Column:
    header: Any
    value: Callable[[Any], Any]


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(obj, name)


def _field(model: type, name: str, value: Callable[[Any], Any] | None = None) -> Column:
    """A column headed by the field's verbose name; by default the stored value."""
    return Column(model._meta.get_field(name).verbose_name, value or _attr(name))


# The editable fields but the postal country and the notes, then the dates.
_ACCOUNT_EXPORT_FIELDS = (
    *(name for name in ACCOUNT_FIELDS if name not in ("postal_country", "notes")),
    "created_at",
    "updated_at",
)
# Cells that show a field as the app does, rather than the stored value.
_ACCOUNT_CELLS: dict[str, Callable[[Account], Any]] = {
    "phone": lambda a: format_phone(a.phone),
    "segment": lambda a: a.segment.name if a.segment else "",
    "status": lambda a: a.get_status_display(),
    "owner": lambda a: str(a.owner),
    "parent": lambda a: a.parent.name if a.parent else "",
}
ACCOUNT_COLUMNS: tuple[Column, ...] = tuple(
    _field(Account, name, _ACCOUNT_CELLS.get(name)) for name in _ACCOUNT_EXPORT_FIELDS
)


def _positions(contact: Contact) -> list[Any]:
    return list(getattr(contact, "current_positions", []))


CONTACT_COLUMNS: tuple[Column, ...] = (
    _field(Contact, "first_name"),
    _field(Contact, "last_name"),
    _field(Contact, "email"),
    _field(Contact, "phone", lambda c: format_phone(c.phone)),
    _field(Contact, "mobile", lambda c: format_phone(c.mobile)),
    Column(_("Accounts"), lambda c: "; ".join(p.account.name for p in _positions(c))),
    Column(_("Job titles"), lambda c: "; ".join(p.job_title for p in _positions(c) if p.job_title)),
    Column(
        _("Buying roles"),
        lambda c: "; ".join(p.get_buying_role_display() for p in _positions(c) if p.buying_role),
    ),
    _field(Contact, "mailing_consent"),
    _field(Contact, "opted_out"),
    _field(Contact, "created_at"),
)


def header_row(columns: Iterable[Column]) -> list[str]:
    return [str(c.header)[:1].upper() + str(c.header)[1:] for c in columns]


def data_rows(columns: tuple[Column, ...], queryset: QuerySet) -> Iterator[list[Any]]:
    # iterator() with chunk_size keeps memory flat and still runs prefetch_related per chunk.
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [safe_cell(c.value(obj)) for c in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_delimiter(language: str) -> str:
    """Excel with Dutch regional settings expects semicolons; with English ones commas."""
    return ";" if language.startswith("nl") else ","


def csv_stream(columns: tuple[Column, ...], queryset: QuerySet, language: str) -> Iterator[str]:
    """Streams the rows; runs after the view returned, hence its own language."""
    writer = csv.writer(_Echo(), delimiter=csv_delimiter(language))
    with translation.override(language):
        # The byte order mark makes Excel read the file as UTF-8.
        yield "\ufeff" + writer.writerow(header_row(columns))
        for row in data_rows(columns, queryset):
            yield writer.writerow(row)


def xlsx_bytes(columns: tuple[Column, ...], queryset: QuerySet, title: str) -> bytes:
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
