"""Targets from an XLSX (or CSV) file in the grid's layout: a header row, then a row per grid
row named in its first cell (as the grid names it: the team, the account manager, the product
group, or "Totaal"/the parent's name for the level above), twelve months and the year.

The file is read by the generic reader of `koers.transfer`; numbers are read as a Dutch or
English spreadsheet writes them. A bad cell is named ("row 3, column D") and nothing is saved;
a good file is saved in one transaction through `targets_upsert`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.planning.analysis.paste import number
from koers.planning.models.targets import PeriodKind
from koers.planning.targets.grid import Grid, GridRow
from koers.planning.targets.services import TargetRow, UpsertResult, targets_upsert
from koers.transfer.parsing import parse_upload

COLUMNS = 13  # twelve months and the year


@dataclass
class ImportProblems:
    messages: list[str] = field(default_factory=list)


def _name(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _column(index: int) -> str:
    return chr(ord("A") + index)


def _value(text: str, is_number: bool) -> Decimal | None:
    """A cell's number: a cell the spreadsheet stored as a number is one ("1.234" is one point
    two three four); a text cell is read as a Dutch or English spreadsheet shows it ("1.234" is
    a thousand two hundred thirty-four)."""
    if not is_number:
        return number(text)
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def rows_from_cells(
    grid: Grid,
    cells: list[list[str]],
    first_row: int,
    numbers: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> list[TargetRow]:
    """The target rows of the file's rows (`first_row`: the spreadsheet's number of the first;
    `numbers`: the (row, column) of the cells stored as numbers); a ValidationError lists every
    bad cell."""
    by_name: dict[str, GridRow] = {_name(r.label): r for r in [grid.parent, *grid.rows]}
    problems: list[str] = []
    out: list[TargetRow] = []
    for offset, row in enumerate(cells):
        line = first_row + offset
        if not any(c.strip() for c in row):
            continue
        target = by_name.get(_name(row[0]))
        if target is None:
            problems.append(
                _("Row %(row)s: there is no row named “%(name)s” in this grid.")
                % {"row": line, "name": row[0]}
            )
            continue
        for index in range(1, COLUMNS + 1):
            text = row[index].strip() if index < len(row) else ""
            value = _value(text, (offset, index) in numbers) if text else None
            if text and (value is None or value < 0):
                problems.append(
                    _("Row %(row)s, column %(col)s: “%(text)s” is not a target.")
                    % {"row": line, "col": _column(index), "text": text}
                )
                continue
            if not text:
                continue
            kind = PeriodKind.YEAR if index == COLUMNS else PeriodKind.MONTH
            period = 1 if index == COLUMNS else index
            out.append(
                TargetRow(grid.measure, target.level, target.ids, grid.year, kind, period, value)
            )
    if problems:
        raise ValidationError(problems)
    return out


def targets_import(*, actor: User, grid: Grid, upload: IO[bytes], name: str) -> UpsertResult:
    try:
        parsed = parse_upload(upload, name)
    except ValidationError:
        raise
    # The header is the spreadsheet's first row; the data start on its second.
    rows = rows_from_cells(grid, parsed.rows, first_row=2, numbers=parsed.numbers)
    if not rows:
        raise ValidationError(_("The file holds no targets."))
    return targets_upsert(actor=actor, rows=rows)
