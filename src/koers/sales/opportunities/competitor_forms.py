"""The form of a competitor in the register (name, products, strengths, price position)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.sales.models import PricePosition


class CompetitorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    products = forms.CharField(
        label=_("Products"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weaknesses = forms.CharField(
        label=_("Weaknesses"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    price_position = forms.ChoiceField(
        label=_("Price position"),
        choices=[("", _("Not known")), *PricePosition.choices],
        required=False,
    )
