"""The lead form for a phone at the fair (decision 140): seven short fields, the keyboards the
phone should show (e-mail, telephone, date), the campaign and the follow-up chosen for you."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.campaigns.lead_models import FollowUpKind
from koers.campaigns.lead_queries import lead_campaigns
from koers.campaigns.models import Campaign
from koers.core.models import User

# The follow-up is proposed two days ahead: the fair's last day is often a Friday.
FOLLOW_UP_AFTER = timedelta(days=2)
DECISIONS = (("match", _("Use this match")), ("new", _("New prospect")))


class LeadForm(forms.Form):
    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label=_("Event"), queryset=None, empty_label=None
    )
    name = forms.CharField(
        label=_("Who"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    company = forms.CharField(
        label=_("Company"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    need = forms.CharField(
        label=_("Need"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    follow_up_kind = forms.ChoiceField(
        label=_("Follow up by"),
        choices=FollowUpKind.choices,
        initial=FollowUpKind.PHONE_CALL,
        required=False,  # a call, unless chosen otherwise
    )
    # Empty on the first submit; "match" or "new" once a suggested match was shown.
    decision = forms.ChoiceField(choices=DECISIONS, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("follow_up_on", timezone.localdate() + FOLLOW_UP_AFTER)
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["campaign"])
        field.queryset = lead_campaigns(user)
        if "campaign" not in initial:  # the event running today, else the latest
            today = timezone.localdate()
            running = field.queryset.filter(starts_on__lte=today, ends_on__gte=today)
            first = running.first() or field.queryset.first()
            if first is not None:
                self.initial["campaign"] = first.pk

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "decision"}
        data["new_prospect"] = self.cleaned_data.get("decision") == "new"
        data["follow_up_kind"] = data.get("follow_up_kind") or FollowUpKind.PHONE_CALL
        return data
