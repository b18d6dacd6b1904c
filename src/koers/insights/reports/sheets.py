"""A report as an XLSX workbook: a summary sheet, then one sheet per section, with figures as
numbers (money with two decimals, percentages with one) so a reader can calculate on them."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from koers.insights.registry import MONEY, PERCENT
from koers.insights.reports.sections import NUMBER, Cell, Section
from koers.transfer.exports import safe_cell

FORMATS = {MONEY: "#,##0.00", PERCENT: '0.0" %"', NUMBER: "#,##0.##"}
# Characters a sheet's title may not hold.
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")


def _value(cell: Cell) -> object:
    if not cell.numeric:
        return safe_cell(cell.value)
    if cell.value is None:
        return None
    if isinstance(cell.value, Decimal):
        return (
            int(cell.value) if cell.value == cell.value.to_integral_value() else float(cell.value)
        )
    return cell.value


def _title(text: str, taken: set[str]) -> str:
    base = _NOT_IN_TITLE.sub(" ", text)[:28].strip() or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        title, n = f"{base} {n}", n + 1
    taken.add(title.lower())
    return title


def workbook_bytes(summary: list[tuple[str, Cell]], found: list[Section], title: str) -> bytes:
    book = Workbook()
    bold = Font(bold=True)
    taken: set[str] = set()
    sheet = book.active
    assert sheet is not None
    sheet.title = _title(title, taken)
    for label, cell in summary:
        sheet.append([safe_cell(label), _value(cell)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 40
    for section in found:
        page = book.create_sheet(_title(section.title, taken))
        page.append([safe_cell(h) for h in section.headers])
        for cell in page[1]:
            cell.font = bold
        page.freeze_panes = "A2"
        for row in section.rows:
            page.append([_value(c) for c in row])
            for column, cell in enumerate(row, start=1):
                if cell.unit in FORMATS:
                    page.cell(row=page.max_row, column=column).number_format = FORMATS[cell.unit]
        page.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
