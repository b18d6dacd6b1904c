"""The upload form of a general terms version; the service checks the file is a PDF."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class GeneralTermsForm(forms.Form):
    label = forms.CharField(
        label=_("Version"),
        max_length=100,
        help_text=_("For example 2027-01; each version has its own label."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=_DateInput(),
        help_text=_("Quotes sent from this day on carry this version."),
    )
    file = forms.FileField(
        label=_("PDF"),
        help_text=_("The general terms as a PDF of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["valid_from"].initial = timezone.localdate()
