"""The form of the spreading page: a percentage per row (an account, a product group, or an
account's product group), pre-filled with the row's share of last year's revenue; blank rows
are left out; together the percentages come to 100 (docs/decisions.md, 144 and 149).

The page shows one page of rows (`spread_page.py`). The percentages of the rows not shown
travel with the form in one hidden field, `kept` ("12:60.00;13:30" by the rows' tokens), so
that paging, filtering and saving count every row without a field per row: a spread over
accounts and product groups has thousands of rows, more than a request may carry as fields.
A row not posted and not kept is empty.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.planning.analysis.paste import number
from koers.planning.targets.spread_parts import SpreadRow

HUNDRED = Decimal("100")
ZERO = Decimal("0")
# One message for the form and the page's script ({total} filled in by either).
TOTAL_ERROR = gettext_lazy("Together the percentages come to {total}; they must come to 100.")
_KEPT = re.compile(r"^(\d{1,10}(?:-\d{1,10})?):(\d{1,3}(?:\.\d{1,12})?)$")

Part = tuple[str, dict[str, int | None], Decimal]


def encode(values: Mapping[str, Decimal | None]) -> str:
    """The kept percentages as one field: "token:value" joined by ";" (empty rows left out)."""
    return ";".join(f"{token}:{value:f}" for token, value in values.items() if value is not None)


def decode(text: str, tokens: Collection[str]) -> dict[str, Decimal]:
    """The kept percentages of the rows in `tokens`; a row no longer offered (an account that
    left the portfolio) is dropped. A ValueError for a value that is not a percentage."""
    found: dict[str, Decimal] = {}
    for item in filter(None, text.split(";")):
        match = _KEPT.match(item)
        if match is None:
            raise ValueError(item)
        try:
            value = Decimal(match[2])
        except InvalidOperation as exc:  # pragma: no cover (the pattern admits only numbers)
            raise ValueError(item) from exc
        if value > HUNDRED:
            raise ValueError(item)
        if match[1] in tokens:
            found[match[1]] = value
    return found


def _text(value: Decimal | None) -> str:
    return "" if value is None else number_format(value, decimal_pos=2, use_l10n=True)


class SpreadPartsForm(forms.Form):
    kept = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        rows: list[SpreadRow],
        data: Mapping[str, Any] | None = None,
        *,
        shown: list[SpreadRow] | None = None,
        values: Mapping[str, Decimal | None] | None = None,
        saving: bool = True,
    ) -> None:
        """`shown`: the rows on the page (a bound form's are those posted); `values`: what the
        rows start at (by default each row's `start`); `saving`: the total must be 100."""
        super().__init__(data)
        self.rows, self.saving = rows, saving
        if data is not None:
            posted = {key[4:] for key in data if key.startswith("pct_")}
            shown = [row for row in rows if row.token in posted]
        self.shown = shown or []
        if values is None:
            values = {row.token: row.start for row in rows if row.start is not None}
        start = values
        on_page = {row.token for row in self.shown}
        # The rows not on the page that hold a percentage (an unbound form's; a bound form
        # reads them from what was posted).
        self.kept_values = {
            token: value
            for token, value in start.items()
            if token not in on_page and value is not None
        }
        for row in self.shown:
            self.fields[self.name_of(row)] = forms.CharField(
                label=row.name,
                required=False,
                max_length=12,
                initial=_text(start.get(row.token)),
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "spread-pct", "autocomplete": "off"}
                ),
            )
        self.fields["kept"].initial = encode(self.kept_values)
        self.values: dict[str, Decimal] = {}

    @staticmethod
    def name_of(row: SpreadRow) -> str:
        return f"pct_{row.token}"

    def bound_rows(self) -> list[tuple[SpreadRow, forms.BoundField]]:
        return [(row, self[self.name_of(row)]) for row in self.shown]

    def _others(self) -> dict[str, Decimal]:
        if not self.is_bound:
            return dict(self.kept_values)
        on_page = {row.token for row in self.shown}
        tokens = {row.token for row in self.rows} - on_page
        return decode(str(self.data.get("kept") or ""), tokens)

    def others(self) -> tuple[int, Decimal]:
        """How many rows not on the page hold a percentage, and their total (for the page's
        total; an unreadable hidden field counts as none, the save says so)."""
        try:
            kept = self._others()
        except ValueError:
            return 0, ZERO
        return len(kept), sum(kept.values(), ZERO)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values: dict[str, Decimal] = {}
        for row in self.shown:
            name = self.name_of(row)
            text = (self.data.get(name) or "").strip()
            if not text:
                continue
            value = number(text)
            if value is None or not (0 <= value <= HUNDRED):
                self.add_error(name, _("Give a percentage from 0 to 100."))
                continue
            values[row.token] = value
        try:
            values.update(self._others())
        except ValueError:
            self.add_error(None, _("The percentages of the rows not shown were lost; start again."))
        self.values = values
        total = sum(values.values(), ZERO)
        if self.saving and not self.errors and total != HUNDRED:
            raise ValidationError(
                str(TOTAL_ERROR).format(total=number_format(total, use_l10n=True)), code="total"
            )
        return data

    def total_errors(self) -> list[str]:
        """The message next to the total (the page's script keeps it while typing)."""
        return [str(m) for e in self.non_field_errors().as_data() if e.code == "total" for m in e]

    def other_errors(self) -> list[str]:
        """Errors before the form: a row not on the page, or a refusal of the whole."""
        return [str(m) for e in self.non_field_errors().as_data() if e.code != "total" for m in e]

    def given(self) -> list[SpreadRow]:
        """The rows given a percentage, in the rows' order."""
        return [row for row in self.rows if row.token in self.values]

    def parts(self) -> list[Part]:
        """The rows given a percentage, as the service takes them."""
        return [(row.level, row.ids, self.values[row.token]) for row in self.given()]

    def add_service_error(self, exc: ValidationError) -> None:
        """The service names a part by its place among the rows given ("parts.2.account"): on
        the page next to its field, else before the form with the row's name."""
        given = self.given()
        posted = {row.token for row in self.shown}
        for key, errors in exc.message_dict.items():
            place = key.split(".")[1] if key.startswith("parts.") else ""
            index = int(place) if place.isdigit() else -1
            row = given[index] if 0 <= index < len(given) else None
            for message in errors:
                if row is not None and row.token in posted:
                    self.add_error(self.name_of(row), message)
                elif row is not None:
                    self.add_error(None, f"{row.name}: {message}")
                else:
                    self.add_error(None, message)
