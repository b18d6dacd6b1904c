"""The segment form of the administration pages (a service checks the name)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
