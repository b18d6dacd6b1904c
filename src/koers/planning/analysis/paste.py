"""Business figures pasted from a spreadsheet: a block of cells copied from Excel (tab-separated;
semicolons too), with the financial years in the first row and a figure per row, named in the
first cell ("Omzet", "Revenue", or the field's name), or the other way round: a row per year,
the figures named in the first row. The result fills the form's columns, which the user checks
and saves (docs/decisions.md, 116: paste, then check, then save). An uploaded XLSX file is read
the same way (`analysis/imports.py`), strictly: a cell that is not a number is named, not
skipped (docs/decisions.md, 119).

Numbers are read as a Dutch or an English spreadsheet writes them: "1.234.567,89", "1,234,567.89",
"€ -12.500", "(12.500)" for a loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from koers.planning.analysis.ratios import FIGURES, LABELS, MAY_BE_NEGATIVE
from koers.planning.models.analysis import FIRST_YEAR, LAST_YEAR

MAX_YEARS = 5


@dataclass
class Pasted:
    years: list[dict[str, Decimal | int | None]] = field(default_factory=list)
    # The first cells of rows that named no figure, to tell the user.
    unknown: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _names() -> dict[str, str]:
    """Each figure by its key, its English label and its label in the active language."""
    names: dict[str, str] = {}
    for name, label in FIGURES:
        names[_key(name)] = name
        for language in ("en", "nl"):
            with translation.override(language):
                names[_key(str(label))] = name
    return names


def number(text: str) -> Decimal | None:
    """A number as a spreadsheet shows it, or None for an empty or unreadable cell."""
    cell = text.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    negative = cell.startswith("(") and cell.endswith(")")
    cell = cell.strip("()")
    if not cell or cell == "-":
        return None
    if "," in cell and "." in cell:
        decimal_mark = "," if cell.rfind(",") > cell.rfind(".") else "."
    elif "," in cell:
        decimal_mark = "." if re.fullmatch(r"-?\d{1,3}(,\d{3})+", cell) else ","
    else:
        decimal_mark = "," if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cell) else "."
    thousands = "." if decimal_mark == "," else ","
    cell = cell.replace(thousands, "").replace(decimal_mark, ".")
    try:
        value = Decimal(cell)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return -value if negative else value


def _cells(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split(";")


def _year(text: str) -> int | None:
    found = re.fullmatch(r"\s*(\d{4})(?:\.0+)?\s*", text)
    year = int(found.group(1)) if found else None
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class _Reader:
    """Reads a table of text cells (a row of the table is a row of the sheet) into years, and,
    when `strict`, names each cell it cannot take (`errors`: "C4: ..."); else such a cell is
    read as empty (a paste is checked in the form's columns before it is saved)."""

    table: list[list[str]]
    strict: bool
    result: Pasted = field(default_factory=Pasted)
    errors: list[str] = field(default_factory=list)

    def cell(self, r: int, c: int) -> str:
        row = self.table[r]
        return row[c] if c < len(row) else ""

    def value(self, r: int, c: int, name: str, year: int) -> Decimal | None:
        text = self.cell(r, c).strip()
        found = number(text)
        if not self.strict or not text:
            return found
        address = f"{column_letter(c)}{r + 1}"
        if found is None:
            self.errors.append(
                _("%(cell)s: “%(text)s” is not a number.") % {"cell": address, "text": text[:40]}
            )
        elif found < 0 and name not in MAY_BE_NEGATIVE:
            self.errors.append(
                _("%(cell)s: %(figure)s of %(year)s cannot be below zero.")
                % {"cell": address, "figure": LABELS[name], "year": year}
            )
        return found

    def years_in(self, cells: list[tuple[int, str]]) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for i, text in cells:
            year = _year(text)
            if year is None:
                continue
            if any(y == year for _i, y in found):
                self.errors.append(_("The year %(year)s is given twice.") % {"year": year})
                continue
            found.append((i, year))
        return found[:MAX_YEARS]

    def by_columns(self, names: dict[str, str]) -> dict[int, dict[str, Decimal | int | None]]:
        """The years in the first row, a figure per row named in its first cell."""
        columns = self.years_in(list(enumerate(self.table[0]))[1:])
        by_year: dict[int, dict[str, Decimal | int | None]] = {y: {"year": y} for _i, y in columns}
        for r in range(1, len(self.table)):
            if not any(self.table[r]):
                continue
            name = names.get(_key(self.cell(r, 0)))
            if name is None:
                self.result.unknown.append(self.cell(r, 0).strip()[:60])
                continue
            for c, year in columns:
                by_year[year][name] = self.value(r, c, name, year)
        return by_year

    def by_rows(self, names: dict[str, str]) -> dict[int, dict[str, Decimal | int | None]]:
        """A row per year (the year in its first cell), a figure per column named in the first
        row."""
        header = self.table[0]
        figures = {c: names.get(_key(text)) for c, text in enumerate(header) if c > 0}
        self.result.unknown = [header[c].strip()[:60] for c, n in figures.items() if n is None]
        rows = self.years_in([(r, self.cell(r, 0)) for r in range(1, len(self.table))])
        return {
            year: {
                "year": year,
                **{n: self.value(r, c, n, year) for c, n in figures.items() if n is not None},
            }
            for r, year in rows
        }

    def read(self) -> Pasted:
        if not self.table:
            return self.result
        names = _names()
        header_years = [c for c, text in enumerate(self.table[0]) if c > 0 and _year(text)]
        by_year = self.by_columns(names) if header_years else self.by_rows(names)
        self.result.years = [by_year[y] for y in sorted(by_year)]
        return self.result


def read_table(table: list[list[str]], *, strict: bool = False) -> tuple[Pasted, list[str]]:
    """The years of a table of cells, either way round (a column or a row per year), and the
    cells that could not be read (only when `strict`)."""
    reader = _Reader(table=table, strict=strict)
    return reader.read(), reader.errors


def parse(text: str) -> Pasted:
    lines = [line for line in text.splitlines() if line.strip()]
    return read_table([_cells(line) for line in lines])[0]
