"""Forms of relationship care; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.relations.models import ActivityKind
from koers.relations.timeline import FILTERS

QUICK_KINDS = [
    (ActivityKind.PHONE_CALL.value, ActivityKind.PHONE_CALL.label),
    (ActivityKind.VISIT.value, ActivityKind.VISIT.label),
    (ActivityKind.EMAIL.value, ActivityKind.EMAIL.label),
    (ActivityKind.NOTE.value, ActivityKind.NOTE.label),
]


class QuickLogForm(forms.Form):
    """ "I just called X": kind, contact, one line. Done, dated now."""

    kind = forms.ChoiceField(
        label=_("What"), choices=QUICK_KINDS, initial="phone_call", widget=forms.RadioSelect
    )
    contact = forms.ModelChoiceField(
        label=_("With"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )
    subject = forms.CharField(
        label=_("In one line"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Asked about the delivery of week 50")}),
    )

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The account's current contacts, as the account page lists them.
        self.fields["contact"].queryset = (  # type: ignore[attr-defined]
            Contact.objects.filter(positions__account=account, positions__end_date__isnull=True)
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )


class TimelineFilterForm(forms.Form):
    show = forms.MultipleChoiceField(
        label=_("Show"),
        choices=[(name, label) for name, (label, _s, _k) in FILTERS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)
