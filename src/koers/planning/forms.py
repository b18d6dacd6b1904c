"""Forms of market information: record or change a signal, and a competitor at an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Segment
from koers.planning.models import Importance, MarketSignal
from koers.sales.models import Competitor, ProductGroup


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SignalForm(forms.ModelForm):
    """The few seconds' form: what, kind, source and importance first; the rest optional.

    The accounts it can tie to are the ones it was opened for (the account page, a visit
    report) and, when changing, the readable ones it is tied to: an account is picked on its
    own page, not from a list of thousands (docs/decisions.md, 115)."""

    accounts = forms.ModelMultipleChoiceField(
        label=_("Accounts"),
        queryset=Account.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    segments = forms.ModelMultipleChoiceField(
        label=_("Segments"), queryset=Segment.objects.all(), required=False
    )
    product_groups = forms.ModelMultipleChoiceField(
        label=_("Product groups"), queryset=ProductGroup.objects.none(), required=False
    )
    competitors = forms.ModelMultipleChoiceField(
        label=_("Competitors"), queryset=Competitor.objects.none(), required=False
    )
    importance = forms.TypedChoiceField(
        label=_("Importance"), choices=Importance.choices, coerce=int, initial=Importance.NORMAL
    )

    class Meta:
        model = MarketSignal
        fields = ["title", "kind", "source", "importance", "date", "text"]
        widgets = {"date": _DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, accounts: QuerySet[Account], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["product_groups"].queryset = ProductGroup.objects.filter(  # type: ignore[attr-defined]
            active=True
        ).order_by("code")
        self.fields["competitors"].queryset = Competitor.objects.filter(active=True)  # type: ignore[attr-defined]
        for name in ("segments", "product_groups", "competitors"):
            self.fields[name].widget.attrs["size"] = 4

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("accounts", "segments", "product_groups", "competitors"):
            data[name] = list(data.get(name) or [])
        return data


class AccountCompetitorForm(forms.Form):
    competitor = forms.ModelChoiceField(
        label=_("Competitor"), queryset=Competitor.objects.filter(active=True)
    )
    supplies = forms.CharField(label=_("Supplies"), max_length=200, required=False)
    share = forms.IntegerField(
        label=_("Estimated share (%)"), min_value=0, max_value=100, required=False
    )
