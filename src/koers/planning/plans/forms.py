"""Forms of account plans: start one, its parts, a goal, an action, the team, the discussion
with the account, the workflow's comments, the templates and setting, and what monitoring a
plan records (deviations, reviews, the team's deadline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.planning.models import (
    AccountPlan,
    PlanAction,
    PlanDeviation,
    PlanGoal,
    PlanReview,
    PlanTemplate,
    PlanType,
)
from koers.planning.models.plans import TEXT_PARTS
from koers.sales.models import ProductGroup


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _colleagues() -> Any:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name")


def _contacts(account: Account) -> Any:
    ids = [account.pk, *account.children.values_list("pk", flat=True)]
    return Contact.objects.filter(positions__account_id__in=ids).distinct().order_by("last_name")


class PlanNewForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2199)
    plan_type = forms.ChoiceField(
        label=_("Plan type"),
        choices=PlanType.choices,
        help_text=_("The plan starts from the template of its type: goals and actions."),
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = AccountPlan
        fields = [
            "analysis",
            "situation",
            "customer_goals",
            "dmu_strategy",
            "expected_revenue",
            "investment_hours",
            "investment_money",
            "agreements",
            "risks",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("situation", "customer_goals", "dmu_strategy", "agreements", "risks")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        analyses = self.instance.account.analyses.order_by("-analysed_on", "-pk")
        field = self.fields["analysis"]
        field.queryset = analyses  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: a.analysed_on.strftime("%d-%m-%Y")  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GoalForm(forms.ModelForm):
    class Meta:
        model = PlanGoal
        fields = [
            "title",
            "metric",
            "owner",
            "branch",
            "product_group",
            "contact",
            "target",
            "due_on",
        ]
        widgets = {"due_on": _DateInput()}

    def __init__(self, *args: Any, plan: AccountPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _colleagues()  # type: ignore[attr-defined]
        self.fields["owner"].initial = plan.owner_id
        branches = plan.account.children.order_by("name")
        if branches.exists():
            self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
            self.fields["branch"].empty_label = _("The whole chain")  # type: ignore[attr-defined]
        else:
            del self.fields["branch"]
        self.fields["product_group"].queryset = ProductGroup.objects.filter(  # type: ignore[attr-defined]
            active=True
        ).order_by("code")
        self.fields["contact"].queryset = _contacts(plan.account)  # type: ignore[attr-defined]
        self.fields["contact"].help_text = _("For a relationship goal: the DMU member.")

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class ActionForm(forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = ["title", "owner", "due_on", "status"]
        widgets = {"due_on": _DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _colleagues()  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())
    role = forms.CharField(label=_("Role in the plan"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _colleagues()  # type: ignore[attr-defined]


class DiscussedForm(forms.ModelForm):
    class Meta:
        model = AccountPlan
        fields = ["discussed_on", "discussed_with", "customer_agrees", "customer_response"]
        widgets = {
            "discussed_on": _DateInput(),
            "discussed_with": forms.CheckboxSelectMultiple,
            "customer_response": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discussed_with"].queryset = _contacts(self.instance.account)  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revision"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalForm(forms.Form):
    part = forms.ChoiceField(label=_("Part"), choices=TEXT_PARTS)
    proposed_text = forms.CharField(
        label=_("Proposed text"), widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = PlanTemplate
        fields = ["goals", "dmu_strategy"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 10}),
            "dmu_strategy": forms.Textarea(attrs={"rows": 3}),
        }


class SettingsForm(forms.Form):
    level_a_gives_input = forms.BooleanField(
        label=_("Account managers of level A give input rather than owning plans"),
        required=False,
    )
    deviation_margin = forms.IntegerField(
        label=_("Margin before a goal counts as behind (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("A goal is behind when its actual is more than this below its pro-rata part."),
    )


# ------------------------------------------------------------------- monitoring (decision 127)


class DeviationForm(forms.ModelForm):
    class Meta:
        model = PlanDeviation
        fields = ["cause", "comment", "corrective_action"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 2}),
            "corrective_action": forms.Textarea(attrs={"rows": 2}),
        }


class ReviewForm(forms.ModelForm):
    class Meta:
        model = PlanReview
        fields = [
            "held_on",
            "goals_still_right",
            "actions_on_track",
            "deviations_explained",
            "customer_spoken",
            "outcome",
            "next_review_on",
        ]
        widgets = {
            "held_on": _DateInput(),
            "next_review_on": _DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"next_review_on": _("Left empty: a quarter after this review.")}


class DeadlineForm(forms.Form):
    submit_by = forms.DateField(
        label=_("Plans submitted by"),
        required=False,
        widget=_DateInput(),
        help_text=_("Left empty: no deadline."),
    )
