"""Forms of the whitespace grid: a cell's estimate and the opportunity made from a cell."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class EstimateForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Estimated potential a year"),
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=2,
        localize=True,
        help_text=_("What this account could buy from us a year in this group; empty removes it."),
    )


class WhitespaceDealForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=2,
        localize=True,
    )
    close_on = forms.DateField(label=_("Expected close date"), widget=_DateInput())
