"""Forms of improvement proposals: the proposal, and the manager's decision."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.proposals.models import Proposal, ProposalKind
from koers.proposals.services import MAX_LINKS


def complaint_numbers(text: str) -> list[int]:
    """The numbers in "#12, #15 en 21" (any separator, with or without #)."""
    return [int(n) for n in re.findall(r"\d{1,18}", text or "")]


class ProposalForm(forms.ModelForm):
    complaints = forms.CharField(
        label=_("Complaints (numbers)"),
        required=False,
        max_length=2000,
        help_text=_("The numbers of the complaints behind it, such as 12, 15, 21."),
    )

    class Meta:
        model = Proposal
        fields = ["kind", "title", "what", "why", "expected_effect", "market_signals"]
        widgets = {
            "kind": forms.RadioSelect,
            "what": forms.Textarea(attrs={"rows": 4}),
            "why": forms.Textarea(attrs={"rows": 4}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
            "market_signals": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "what": _("What should change."),
            "why": _("Why: what the complaints, the customers and the market show."),
            "expected_effect": _("What it brings the customers and us."),
            "market_signals": _("What you heard in the market that supports it (optional)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = ProposalKind.choices

    def clean_complaints(self) -> list[int]:
        numbers = complaint_numbers(self.cleaned_data.get("complaints", ""))
        if len(set(numbers)) > MAX_LINKS:
            raise ValidationError(_("Link at most 200 complaints."))
        return sorted(set(numbers))


class ProposalEditForm(ProposalForm):
    """The proposer's change while the manager has not decided; `version` is the one read."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your manager reads it."),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The proposer reads it as your answer."),
    )
