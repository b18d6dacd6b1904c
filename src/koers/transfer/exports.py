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


def _verbose(model: type, name: str) -> Any:
    return model._meta.get_field(name).verbose_name


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(obj, name)


ACCOUNT_COLUMNS: tuple[Column, ...] = (
    *(
        Column(_verbose(Account, name), _attr(name))
        for name in (
            "name",
            "kvk_number",
            "establishment_number",
            "vat_number",
            "external_id",
            "visit_street",
            "visit_postcode",
            "visit_city",
            "visit_country",
            "postal_street",
            "postal_postcode",
            "postal_city",
        )
    ),
    Column(_verbose(Account, "phone"), lambda a: format_phone(a.phone)),
    Column(_verbose(Account, "email"), _attr("email")),
    Column(_verbose(Account, "website"), _attr("website")),
    Column(_verbose(Account, "segment"), lambda a: a.segment.name if a.segment else ""),
    Column(_verbose(Account, "tier"), _attr("tier")),
    Column(_verbose(Account, "status"), lambda a: a.get_status_display()),
    Column(_verbose(Account, "owner"), lambda a: str(a.owner)),
    Column(_verbose(Account, "parent"), lambda a: a.parent.name if a.parent else ""),
    Column(_verbose(Account, "created_at"), _attr("created_at")),
    Column(_verbose(Account, "updated_at"), _attr("updated_at")),
)


def _positions(contact: Contact) -> list[Any]:
    return list(getattr(contact, "current_positions", []))


CONTACT_COLUMNS: tuple[Column, ...] = (
    Column(_verbose(Contact, "first_name"), _attr("first_name")),
    Column(_verbose(Contact, "last_name"), _attr("last_name")),
    Column(_verbose(Contact, "email"), _attr("email")),
    Column(_verbose(Contact, "phone"), lambda c: format_phone(c.phone)),
    Column(_verbose(Contact, "mobile"), lambda c: format_phone(c.mobile)),
    Column(_("Accounts"), lambda c: "; ".join(p.account.name for p in _positions(c))),
    Column(_("Job titles"), lambda c: "; ".join(p.job_title for p in _positions(c) if p.job_title)),
    Column(
        _("Buying roles"),
        lambda c: "; ".join(p.get_buying_role_display() for p in _positions(c) if p.buying_role),
    ),
    Column(_verbose(Contact, "mailing_consent"), _attr("mailing_consent")),
    Column(_verbose(Contact, "opted_out"), _attr("opted_out")),
    Column(_verbose(Contact, "created_at"), _attr("created_at")),
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
