"""The analysis form: the profile (a model form) and the business figures (one column per
financial year, at least two, built here), and the choice of two analyses to compare."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.planning.analysis.ratios import FIGURES
from koers.planning.models import AccountAnalysis
from koers.planning.models.analysis import (
    FIRST_YEAR,
    FIT_NAMES,
    LAST_YEAR,
    PORTFOLIO_MAX,
    PORTFOLIO_MIN,
    PORTFOLIO_SCORES,
)

MIN_COLUMNS = 2
MAX_COLUMNS = 5
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = AccountAnalysis
        fields = [
            "analysed_on",
            "vision",
            "processes",
            "purchasing",
            "customers_suppliers",
            "culture",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
            "purchase_volume",
            *FIT_NAMES,
            *PORTFOLIO_SCORES,
            "verdict",
            "conclusion",
            "advice",
            "investment_money",
            "investment_hours",
            "hourly_cost",
        ]
        widgets = {
            "analysed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **dict.fromkeys(
                (
                    "vision",
                    "processes",
                    "purchasing",
                    "customers_suppliers",
                    "culture",
                    "conclusion",
                    "advice",
                ),
                TEXTAREA,
            ),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in ("strengths", "weaknesses", "opportunities", "threats")
            },
        }
        help_texts = {
            "strengths": _("One a line."),
            "weaknesses": _("One a line."),
            "opportunities": _("One a line."),
            "threats": _("One a line."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("purchase_volume", "investment_money", "investment_hours", "hourly_cost"):
            field = self.fields[name]
            field.localize = True
            field.widget.is_localized = True
            field.widget.input_type = "text"
            field.widget.attrs["inputmode"] = "decimal"
        for name in FIT_NAMES:
            self.fields[name].widget = forms.RadioSelect(
                choices=[("", _("Not scored")), *self.fields[name].choices[1:]]  # type: ignore[attr-defined]
            )
        scores = [(n, str(n)) for n in range(PORTFOLIO_MIN, PORTFOLIO_MAX + 1)]
        for name in PORTFOLIO_SCORES:
            self.fields[name].widget = forms.RadioSelect(choices=[("", _("Not scored")), *scores])

    def profile(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _column_label(label: Any, column: int) -> str:
    # The grid shows a label per row, not per input: each input says which it is.
    return str(_("%(figure)s, column %(column)s") % {"figure": label, "column": column + 1})


def _figure_field(label: Any, column: int) -> forms.DecimalField:
    attrs = {"inputmode": "decimal", "size": 12, "aria-label": _column_label(label, column)}
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=15,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=attrs),
    )


class FiguresForm(forms.Form):
    """`columns` financial years; a column is one year's figures (field `<figure>_<column>`).
    A column left wholly empty is ignored."""

    prefix = "figures"

    def __init__(self, *args: Any, columns: int = MIN_COLUMNS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = max(MIN_COLUMNS, min(columns, MAX_COLUMNS))
        for i in range(self.columns):
            self.fields[f"year_{i}"] = forms.IntegerField(
                label=_("Financial year"),
                required=False,
                min_value=FIRST_YEAR,
                max_value=LAST_YEAR,
                widget=forms.NumberInput(
                    attrs={"size": 6, "aria-label": _column_label(_("Financial year"), i)}
                ),
            )
            for name, label in FIGURES:
                self.fields[f"{name}_{i}"] = _figure_field(label, i)

    def grid(self) -> list[dict[str, Any]]:
        """Rows for the template: a figure's label and its field in each column."""
        rows = [
            {
                "label": _("Financial year"),
                "cells": [self[f"year_{i}"] for i in range(self.columns)],
            }
        ]
        for name, label in FIGURES:
            rows.append(
                {
                    "label": label,
                    "name": name,
                    "cells": [self[f"{name}_{i}"] for i in range(self.columns)],
                }
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[int, int] = {}
        for i in range(self.columns):
            year = cleaned.get(f"year_{i}")
            filled = any(cleaned.get(f"{name}_{i}") is not None for name, _label in FIGURES)
            if year is None and filled:
                self.add_error(f"year_{i}", _("Give the financial year of these figures."))
            elif year is not None and year in seen:
                self.add_error(f"year_{i}", _("This year is in another column too."))
            elif year is not None:
                seen[year] = i
        return cleaned

    def years(self) -> list[dict[str, Decimal | int | None]]:
        out: list[dict[str, Decimal | int | None]] = []
        for i in range(self.columns):
            year = self.cleaned_data.get(f"year_{i}")
            if year is None:
                continue
            row: dict[str, Decimal | int | None] = {"year": year}
            row.update({name: self.cleaned_data.get(f"{name}_{i}") for name, _label in FIGURES})
            out.append(row)
        return out


def figures_initial(years: list[dict[str, Any]]) -> dict[str, Any]:
    """The form's initial values for these years, a column each."""
    initial: dict[str, Any] = {}
    for i, row in enumerate(years[:MAX_COLUMNS]):
        initial[f"year_{i}"] = row.get("year")
        for name, _label in FIGURES:
            initial[f"{name}_{i}"] = row.get(name)
    return initial


class PasteForm(forms.Form):
    pasted = forms.CharField(
        label=_("Paste from a spreadsheet"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Copy the cells from Excel: the years in the first row, a figure in each row "
            "below with its name in the first column (like “Omzet” or “Eigen vermogen”)."
        ),
    )


class ImportForm(forms.Form):
    """An XLSX file of business figures, imported as a new analysis of the given day."""

    analysed_on = forms.DateField(
        label=_("Date of the analysis"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label=_("Excel file with the figures"),
        help_text=_(
            "The first sheet: the years in the first row and a figure per row (its name in the "
            "first column, like “Omzet” or “Equity”), or a row per year and a figure per column."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    # An analysis's sheet is a few kilobytes; the customer file's limit is far more than enough.
    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."), code="too_large", params={"size": 2}
            )
        return upload
