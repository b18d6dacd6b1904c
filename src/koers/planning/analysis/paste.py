"""Business figures pasted from a spreadsheet: a block of cells copied from Excel (tab-separated;
semicolons too), with the financial years in the first row and a figure per row, named in the
first cell ("Omzet", "Revenue", or the field's name). The result fills the form's columns, which
the user checks and saves (docs/decisions.md, 116: paste, then check, then save).

Numbers are read as a Dutch or an English spreadsheet writes them: "1.234.567,89", "1,234,567.89",
"€ -12.500", "(12.500)" for a loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation

from koers.planning.analysis.ratios import FIGURES
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
    found = re.fullmatch(r"\s*(\d{4})\s*", text)
    year = int(found.group(1)) if found else None
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def parse(text: str) -> Pasted:
    lines = [line for line in text.splitlines() if line.strip()]
    result = Pasted()
    if not lines:
        return result
    header = _cells(lines[0])
    found = [(i, _year(cell)) for i, cell in enumerate(header) if i > 0]
    columns = [(i, y) for i, y in found if y is not None][:MAX_YEARS]
    by_year: dict[int, dict[str, Decimal | int | None]] = {y: {"year": y} for _i, y in columns}
    names = _names()
    for line in lines[1:]:
        cells = _cells(line)
        name = names.get(_key(cells[0]))
        if name is None:
            result.unknown.append(cells[0].strip()[:60])
            continue
        for i, year in columns:
            by_year[year][name] = number(cells[i]) if i < len(cells) else None
    result.years = [by_year[y] for y in sorted(by_year)]
    return result
