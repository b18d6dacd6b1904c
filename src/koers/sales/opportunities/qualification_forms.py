"""The qualification form of an opportunity: the scored checklist and the decision to continue
or stop (re-exported from `forms.py`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.widgets import FastSelect
from koers.sales.models import Decision

SCORES = [("", "—"), ("0", "0"), ("1", "1"), ("2", "2"), ("3", "3")]


class QualificationForm(forms.Form):
    q_budget = forms.TypedChoiceField(
        label=_("Budget"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=FastSelect,
    )
    q_need = forms.TypedChoiceField(
        label=_("Need"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=FastSelect,
    )
    q_timing = forms.TypedChoiceField(
        label=_("Timing"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=FastSelect,
    )
    q_decision_process = forms.TypedChoiceField(
        label=_("Decision process"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=FastSelect,
    )
    q_fit = forms.TypedChoiceField(
        label=_("Fit"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=FastSelect,
    )
    decision = forms.ChoiceField(
        label=_("Continue or stop"),
        choices=[("", "—"), *Decision.choices],
        required=False,
        widget=FastSelect,
    )
    decision_reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
