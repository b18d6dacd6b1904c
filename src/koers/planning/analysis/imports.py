"""Business figures imported from an XLSX file (docs/decisions.md, 119): the first sheet read
by the customer file's reader (`koers.transfer.parsing`: size and zip-bomb checks, a child
process with limits, formulas' stored values), then by the paste's reader, strictly: every cell
that is not a number, or is below zero where a figure cannot be, is named ("C4: ..."), and the
file is refused as a whole, so an analysis is never saved with half its figures."""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.planning.analysis.paste import Pasted, read_table
from koers.transfer.parsing import parse_upload

# An analysis has a few years of 13 figures: a sheet longer than this is not one.
MAX_ROWS = 200


def _error(messages: list[str] | str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(m, code=code) for m in _listed(messages)]})


def _listed(messages: list[str] | str) -> list[str]:
    return [messages] if isinstance(messages, str) else messages


def figures_from_file(upload: IO[bytes], name: str) -> Pasted:
    """The financial years of an uploaded .xlsx (or .csv) file, or a ValidationError on `file`
    naming what cannot be read."""
    raw = upload.read()
    if not raw:
        raise _error(_("The file is empty."), "empty")
    try:
        parsed = parse_upload(io.BytesIO(raw), name, max_rows=MAX_ROWS)
    except ValidationError as exc:
        raise _error(list(exc.messages), "unreadable") from exc
    if parsed.row_count > MAX_ROWS:
        raise _error(_("This sheet is longer than the figures of an analysis."), "too_long")
    # (A nameless header cell is named "Column 3" by the reader: never a year nor a figure.)
    pasted, errors = read_table([parsed.headers, *parsed.rows], strict=True)
    if errors:
        raise _error(errors, "bad_cells")
    if not pasted.years:
        raise _error(
            _(
                "No financial years found: put the years in the first row (a column per year) "
                "or in the first column (a row per year)."
            ),
            "no_years",
        )
    return pasted
