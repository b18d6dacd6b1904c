"""The forms of the accountability reports: thin, the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.insights.reports.models import ReportPeriod
from koers.planning.models.deviations import DeviationCause


class ReportStartForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=ReportPeriod.choices)
    date = forms.DateField(
        label=_("A day in the period"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: object, teams: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if teams:
            self.fields["team"].choices = [("", _("My own report")), *teams]  # type: ignore[attr-defined]
        else:
            del self.fields["team"]


class DeviationForm(forms.Form):
    cause = forms.ChoiceField(label=_("Cause"), choices=[("", "—"), *DeviationCause.choices])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
