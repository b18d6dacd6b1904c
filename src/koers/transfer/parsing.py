"""Reading an uploaded CSV or XLSX file into a header and rows of text cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.transfer.isolation import run_limited

# What an export prefixes to keep a spreadsheet from running a cell as a formula
# (see exports.safe_cell); an import takes the quote off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = (";", ",", "\t")
# A real .xlsx holds a dozen parts; one with images and many sheets, a few hundred.
MAX_ZIP_ENTRIES = 1000
# Deflate packs a sheet of real customer rows 5 to 20 times; a bomb packs 300 to 1,000 times.
# Parts smaller than RATIO_FROM bytes are not judged by their ratio (a tiny part packs oddly).
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024
# The reading time is checked every so many rows.
CLOCK_EVERY = 1000


@dataclass
class ParsedFile:
    headers: list[str]
    # An empty row in the middle of the file is kept as [], so that row numbers in messages
    # are the row numbers the user sees in the spreadsheet.
    rows: list[list[str]]
    # {"<row index>:<column index>": "<formula>"}: the cells of an .xlsx that hold a formula
    # without a computed value (a file saved by a program that does not calculate). Their text
    # in `rows` is the formula, as Excel shows it in the formula bar.
    formulas: dict[str, str] = field(default_factory=dict)
    # The (row index, column index) in `rows` of the cells an .xlsx stored as numbers (not as
    # text): their text is "1.234" for one point two three four, never thousands.
    numbers: set[tuple[int, int]] = field(default_factory=set)

    @property
    def row_count(self) -> int:
        return sum(1 for row in self.rows if row)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Excel stores every number as a float: 12345678.0 is the KvK number 12345678.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return unquote(str(value).strip())


def unquote(text: str) -> str:
    """Takes off the quote an export put before a cell that looked like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export.
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page: cp1252 in Western Europe.
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(text[:4096], delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            return ";"
    return best


def _tidy(headers: list[str], rows: list[list[str]]) -> ParsedFile:
    """Pads ragged rows, empties blank rows, drops trailing empty rows and columns, names
    nameless columns."""
    rows = [r if any(r) else [] for r in rows]
    while rows and not rows[-1]:
        rows.pop()
    width = max([len(headers), *(len(r) for r in rows)])
    headers = headers + [""] * (width - len(headers))
    while (
        width and not headers[width - 1] and not any(len(r) >= width and r[width - 1] for r in rows)
    ):
        width -= 1
    headers = headers[:width]
    rows = [(r + [""] * (width - len(r)))[:width] if r else [] for r in rows]
    seen: dict[str, int] = {}
    named = []
    for i, header in enumerate(headers):
        header = header.strip() or str(_("Column %(number)s") % {"number": i + 1})
        if header in seen:
            seen[header] += 1
            header = f"{header} ({seen[header]})"
        else:
            seen[header] = 1
        named.append(header)
    if not named:
        raise ValidationError(_("The file is empty."), code="empty")
    return ParsedFile(headers=named, rows=rows)


def _read(
    rows: Iterable[Iterable[Any]],
    max_rows: int | None,
    numbers: set[tuple[int, int]] | None = None,
) -> list[list[str]]:
    """The header and the rows (blank ones as []), stopping one filled row past `max_rows`:
    enough to refuse the file without reading a million formatted but empty rows. `numbers`
    collects the places of the cells that were numbers."""
    table: list[list[str]] = []
    filled = 0
    for row in rows:
        values = list(row)
        if numbers is not None:
            numbers.update((len(table), c) for c, v in enumerate(values) if _is_number(v))
        cells = [_cell_text(cell) for cell in values]
        if any(cells):
            filled += 1
        elif table:
            cells = []
        table.append(cells)
        if max_rows is not None and filled > max_rows + 1:
            break
    return table


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def parse_csv(raw: bytes, max_rows: int | None = None) -> ParsedFile:
    text = _decode(raw)
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        table = _read(reader, max_rows)
    except csv.Error as exc:
        raise ValidationError(
            _("This CSV file cannot be read: %(error)s"), code="csv", params={"error": exc}
        ) from exc
    return _tidy(table[0], table[1:])


def check_archive(raw: bytes) -> None:
    """Refuses an .xlsx archive that would unpack to more than the limits, before a byte of it
    is unpacked: the number of parts, their unpacked sizes, and how tightly each is packed.

    The sizes are those the archive declares; Python's zipfile stops unpacking a part at its
    declared size (and then fails its checksum), so an archive that lies about them cannot
    unpack to more."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            _("This is not an Excel (.xlsx) file that can be read."), code="xlsx"
        ) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            _(
                "This spreadsheet holds more than %(max)s parts and is not read. Save only the "
                "sheet with the customers."
            ),
            code="xlsx_entries",
            params={"max": MAX_ZIP_ENTRIES},
        )
    limit = settings.IMPORT_MAX_UNPACKED_MB
    if sum(entry.file_size for entry in entries) > limit * 1024 * 1024:
        raise ValidationError(
            _(
                "This spreadsheet unpacks to more than %(size)s MB. Save only the sheet with "
                "the customers, or split the file up."
            ),
            code="xlsx_unpacked_size",
            params={"size": limit},
        )
    if any(
        entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    ):
        raise ValidationError(
            _(
                "This spreadsheet is packed far more tightly than a real customer file and is "
                "not read. Save it again from Excel, or as CSV."
            ),
            code="xlsx_ratio",
        )


def _within_time(rows: Iterable[Any], seconds: int) -> Iterable[Any]:
    """The rows, refused once reading them takes longer than `seconds`: a file within every
    size limit must still not hold a server process for minutes."""
    deadline = time.monotonic() + seconds
    for number, row in enumerate(rows):
        if number % CLOCK_EVERY == 0 and time.monotonic() > deadline:
            raise ValidationError(
                _("Reading this file takes too long. Split it up, or save it as CSV."),
                code="too_slow",
            )
        yield row


def _open(raw: bytes, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(
            _("This is not an Excel (.xlsx) file that can be read."), code="xlsx"
        ) from exc


def _formula_cells(table: list[list[str]]) -> dict[tuple[int, int], str]:
    """The cells read as a formula: (row, column) in `table` -> the formula."""
    return {
        (r, c): text
        for r, row in enumerate(table)
        for c, text in enumerate(row)
        if text.startswith("=") and len(text) > 1
    }


def _computed_values(raw: bytes, cells: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    """The values Excel computed and stored for formula cells (when the file holds them)."""
    workbook = _open(raw, data_only=True)
    wanted = {r for r, _c in cells}
    last = max(wanted)
    found: dict[tuple[int, int], str] = {}
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True, max_row=last + 1)
        for r, row in enumerate(rows):
            if r in wanted:
                for (fr, c), _formula in cells.items():
                    if fr == r and c < len(row) and row[c] is not None:
                        found[(r, c)] = _cell_text(row[c])
    finally:
        workbook.close()
    return found


def parse_xlsx(raw: bytes, max_rows: int | None = None) -> ParsedFile:
    check_archive(raw)
    # Read with the formulas (not the values Excel stored for them): a formula without a stored
    # value would otherwise look like an empty cell. The stored values are read in a second pass,
    # only when the sheet holds formulas.
    workbook = _open(raw, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        max_columns = settings.IMPORT_MAX_COLUMNS
        # The declared dimension ("A1:HZ900"): the read-only reader pads every row to its width.
        if (sheet.max_column or 0) > max_columns:
            raise ValidationError(
                _("The sheet has more than %(max)s columns. Remove the extra ones."),
                code="too_many_columns",
                params={"max": max_columns},
            )
        # A sheet that declares no dimension is cut at one column past the limit (the reader
        # then pads every row to that width, so only then).
        width = None if sheet.max_column else max_columns + 1
        rows = sheet.iter_rows(values_only=True, max_col=width)
        numbers: set[tuple[int, int]] = set()
        table = _read(_within_time(rows, settings.IMPORT_MAX_PARSE_SECONDS), max_rows, numbers)
    finally:
        workbook.close()
    if not table:
        raise ValidationError(_("The file is empty."), code="empty")
    cells = _formula_cells(table)
    if cells:
        for (r, c), value in _computed_values(raw, cells).items():
            table[r][c] = value
            del cells[(r, c)]
    parsed = _tidy(table[0], table[1:])
    parsed.formulas = {f"{r - 1}:{c}": text for (r, c), text in cells.items() if r > 0}
    parsed.numbers = {(r - 1, c) for r, c in numbers if r > 0 and (r, c) not in cells}
    if len(parsed.headers) > max_columns:
        raise ValidationError(
            _("The sheet has more than %(max)s columns. Remove the extra ones."),
            code="too_many_columns",
            params={"max": max_columns},
        )
    return parsed


def check_upload(raw: bytes, name: str) -> None:
    """What can be refused without reading the file: an archive that unpacks too far or holds
    too much, an old .xls. Cheap: only the archive's directory is read."""
    if raw[:4] == b"PK\x03\x04":
        check_archive(raw)
    elif name.lower().endswith(".xls"):
        raise ValidationError(
            _("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV."),
            code="xls",
        )


def parse_upload(upload: IO[bytes], name: str, max_rows: int | None = None) -> ParsedFile:
    """Parses by content: an XLSX file is a ZIP archive, anything else is read as CSV.

    With `max_rows`, reading stops after max_rows + 1 rows (so the caller can tell it is too
    long)."""
    raw = upload.read()
    # Checked here first: a bomb is refused without starting a child.
    check_upload(raw, name)
    if raw[:4] == b"PK\x03\x04":
        return run_limited(parse_xlsx, raw, max_rows)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError(_("This is not an Excel (.xlsx) file that can be read."), code="xlsx")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(_("This is not a CSV or Excel file."), code="binary")
    return parse_csv(raw, max_rows)
