"""Forms of the target pages: the XLSX import, spreading a row by a profile, and a profile."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.planning.analysis.paste import number
from koers.planning.models.deviations import DeviationCause
from koers.planning.models.targets import SpreadKind, SpreadProfile


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file in the grid's layout"))


class SpreadForm(forms.Form):
    profile = forms.ModelChoiceField(
        label=_("Spreading profile"), queryset=SpreadProfile.objects.all()
    )


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=SpreadKind.choices)
    percentages = forms.CharField(
        label=_("Percentages per month"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Custom profiles: twelve percentages adding up to 100, separated by tabs or "
            "semicolons; a line starting with a product group's code and a colon is for that "
            "group only."
        ),
    )

    def clean_percentages(self) -> dict[str, list[Decimal]]:
        out: dict[str, list[Decimal]] = {}
        for line in self.cleaned_data["percentages"].splitlines():
            if not line.strip():
                continue
            group, _sep, rest = line.rpartition(":")
            cells = [c for c in rest.replace(";", "\t").split("\t") if c.strip()]
            values = [number(c) for c in cells]
            if any(v is None for v in values):
                raise forms.ValidationError(_("Every percentage must be a number."))
            out[group.strip()] = [v for v in values if v is not None]
        return out

    def service_data(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["name"],
            "kind": self.cleaned_data["kind"],
            "percentages": self.cleaned_data["percentages"],
        }


class DeviationForm(forms.Form):
    """The cause of a target's deviation and the corrective action."""

    cause = forms.ChoiceField(label=_("Cause"), choices=DeviationCause.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.CharField(
        label=_("Corrective action"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
