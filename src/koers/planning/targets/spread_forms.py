"""The form of the spreading page: a percentage per row (an account or a product group),
pre-filled with the row's share of last year's revenue; blank rows are left out; together the
percentages come to 100 (docs/decisions.md, 144)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.planning.analysis.paste import number
from koers.planning.targets.spread_parts import SpreadRow

HUNDRED = Decimal("100")
# One message for the form and the page's script ({total} filled in by either).
TOTAL_ERROR = gettext_lazy("Together the percentages come to {total}; they must come to 100.")


class SpreadPartsForm(forms.Form):
    def __init__(self, rows: list[SpreadRow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.name_of(row)] = forms.CharField(
                label=row.label,
                required=False,
                max_length=12,
                initial=number_format(row.share, decimal_pos=2, use_l10n=True),
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "spread-pct", "autocomplete": "off"}
                ),
            )

    @staticmethod
    def name_of(row: SpreadRow) -> str:
        return f"pct_{row.pk}"

    def bound_rows(self) -> list[tuple[SpreadRow, forms.BoundField]]:
        return [(row, self[self.name_of(row)]) for row in self.rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = Decimal(0)
        for row in self.rows:
            name = self.name_of(row)
            text = (self.data.get(name) or "").strip()
            if not text:
                data[name] = None
                continue
            value = number(text)
            if value is None or not (0 <= value <= HUNDRED):
                self.add_error(name, _("Give a percentage from 0 to 100."))
                continue
            data[name] = value
            total += value
        if not self.errors and total != HUNDRED:
            raise ValidationError(
                str(TOTAL_ERROR).format(total=number_format(total, use_l10n=True))
            )
        return data

    def parts(self) -> list[tuple[str, dict[str, int | None], Decimal]]:
        """The rows given a percentage, as the service takes them."""
        return [
            (row.level, row.ids, self.cleaned_data[self.name_of(row)])
            for row in self.rows
            if self.cleaned_data.get(self.name_of(row)) is not None
        ]

    def add_service_error(self, exc: ValidationError) -> None:
        """The service names a part by its place among the rows given ("parts.2.account")."""
        given = [
            self.name_of(r) for r in self.rows if self.cleaned_data.get(self.name_of(r)) is not None
        ]
        for key, errors in exc.message_dict.items():
            place = key.split(".")[1] if key.startswith("parts.") else ""
            index = int(place) if place.isdigit() else -1
            field = given[index] if 0 <= index < len(given) else None
            for message in errors:
                self.add_error(field, message)
