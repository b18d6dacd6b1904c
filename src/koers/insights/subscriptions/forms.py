"""The subscribe form: how often, and which colleagues get a copy too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.models import User
from koers.insights.subscriptions.models import Frequency, SubscribedView


class ColleagueChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class SubscriptionForm(forms.Form):
    view = forms.ChoiceField(choices=SubscribedView.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    also_to = ColleagueChoice(
        label=_("Also to"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Each colleague gets their own copy, with only what they may read."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        also_to = self.fields["also_to"]
        assert isinstance(also_to, ColleagueChoice)
        also_to.queryset = (
            access.users_readable(user)
            .exclude(pk=user.pk)
            .exclude(email="")
            .order_by("first_name", "last_name", "username")
        )
