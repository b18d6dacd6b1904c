"""Forms of sales plans: start one, its developments, a proposal, a proposed target, a line of
the activity plan, the manager's decision and request for more, and an organisation-wide
action. Thin: the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Segment
from koers.core import access
from koers.core.models import User
from koers.planning.models import Measure, SalesAction, SalesPeriod, SalesPlan, SalesProposal
from koers.sales.models import ProductGroup


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _groups() -> Any:
    return ProductGroup.objects.filter(active=True).order_by("position", "code")


class PlanNewForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2199)
    period_kind = forms.ChoiceField(label=_("Period"), choices=SalesPeriod.choices)
    period = forms.IntegerField(
        label=_("Quarter or half"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_("1 to 4 for a quarter, 1 or 2 for a half year; 1 for the year."),
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = SalesPlan
        fields = ["market_developments", "branch_developments", "competitor_developments"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProposalForm(forms.ModelForm):
    class Meta:
        model = SalesProposal
        fields = [
            "title",
            "account",
            "product_group",
            "sales_action",
            "rationale",
            "expected_revenue",
            "action_cost",
        ]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["account"].queryset = access.accounts_writable(owner).order_by("name")
        fields["product_group"].queryset = _groups()
        fields["sales_action"].queryset = SalesAction.objects.order_by("-starts_on", "name")

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TargetForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    product_group = forms.ModelChoiceField(
        label=_("Product group"), queryset=_groups(), required=False
    )
    amount = forms.DecimalField(
        label=_("Proposed target"), min_value=0, max_digits=14, decimal_places=2
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What"), max_length=200)
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none())
    due_on = forms.DateField(label=_("When"), widget=_DateInput())
    proposal = forms.ModelChoiceField(
        label=_("Proposal"), queryset=SalesProposal.objects.none(), required=False
    )

    def __init__(self, *args: Any, plan: SalesPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["account"].queryset = access.accounts_writable(plan.owner).order_by("name")
        fields["proposal"].queryset = plan.proposals.order_by("position", "pk")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("adopt", _("Adopt")),
            ("adjust", _("Adopt with another revenue")),
            ("reject", _("Reject")),
        ],
    )
    adjusted_revenue = forms.DecimalField(
        label=_("Revenue you adopt"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AskMoreForm(forms.Form):
    comment = forms.CharField(
        label=_("What more do you ask for?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SalesActionForm(forms.ModelForm):
    class Meta:
        model = SalesAction
        fields = ["name", "starts_on", "ends_on", "product_groups", "segment", "description"]
        widgets = {
            "starts_on": _DateInput(),
            "ends_on": _DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["product_groups"].queryset = _groups()
        fields["segment"].queryset = Segment.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The action ends on or after its start."))
        return data

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
