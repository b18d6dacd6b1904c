"""The rows an import leaves out, as a spreadsheet to correct and upload again.

The file holds the header and the rows exactly as they were uploaded, plus one last column that
names each problem ("Telefoon: This is not a valid phone number. (12345)"). Uploaded again, that
column is not mapped (columns.PROBLEMS_HEADER), and the rows are matched to the customer file
like any other: an account the first import made is updated, never made twice.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from koers.transfer import kinds
from koers.transfer.columns import BY_KEY, problems_header
from koers.transfer.exports import safe_cell
from koers.transfer.models import ImportJob


def problem_text(job: ImportJob, error: dict[str, str]) -> str:
    """One problem as the user reads it: the column of the file, the message, the value."""
    header = next((h for h, key in job.mapping.items() if key == error["field"]), "")
    other = kinds.of(job)
    field = (other.by_key if other else BY_KEY).get(error["field"])
    label = header or (capfirst(str(field.label)) if field else "")
    text = f"{label}: {error['message']}" if label else error["message"]
    value = error.get("value", "")
    if value and value not in error["message"]:
        text += " " + _("(was “%(value)s”)") % {"value": value}
    return text


def left_out_rows(job: ImportJob) -> list[dict[str, Any]]:
    """The report rows of the rows left out, in file order (each with its problems)."""
    report = job.error_report or {}
    wanted = set(report.get("left_out", []))
    return [row for row in report.get("rows", []) if row["row"] in wanted]


def left_out_xlsx(job: ImportJob) -> bytes:
    """The original rows left out, with a last column naming their problems."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Rows left out"))[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in [*job.headers, problems_header()]:
        cell = WriteOnlyCell(sheet, value=safe_cell(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    width = len(job.headers)
    for row in left_out_rows(job):
        index = row["row"] - 2
        original = job.rows[index] if 0 <= index < len(job.rows) else []
        cells = (list(original) + [""] * width)[:width]
        problems = "\n".join(problem_text(job, e) for e in row["errors"])
        sheet.append([safe_cell(c) for c in cells] + [safe_cell(problems)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
