"""Forms of after-sales: the customer's answer, sending a survey, closing, the manager's list
filters and the administrator's settings. They check the shape; the services the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.aftersales.models import AfterSalesSettings, IdeaKind, SurveyQuestion
from koers.core.models import Team
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.models import MailTemplate
from koers.sales.models import Order

SCORES = [(str(n), str(n)) for n in range(11)]
ASPECTS = [(str(n), str(n)) for n in range(1, 6)]


class ScoreField(forms.TypedChoiceField):
    def __init__(self, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **kwargs,
        )


class AnswerForm(forms.Form):
    """The public survey. The labels are gettext_lazy: the view renders them in the contact's
    language."""

    score = ScoreField(
        SCORES,
        label=_("How likely is it that you would recommend us to a colleague?"),
        help_text=_("0 = not at all likely, 10 = extremely likely"),
        error_messages={"required": _("Choose a score from 0 to 10.")},
    )
    sales_score = ScoreField(
        ASPECTS,
        required=False,
        empty_value=None,
        label=_("How did you find our advice and the quote (the sales process)?"),
        help_text=_("1 = poor, 5 = excellent"),
    )
    delivery_score = ScoreField(
        ASPECTS,
        required=False,
        empty_value=None,
        label=_("How did you find the delivery?"),
        help_text=_("1 = poor, 5 = excellent"),
    )
    product_score = ScoreField(
        ASPECTS,
        required=False,
        empty_value=None,
        label=_("How do you find the product?"),
        help_text=_("1 = poor, 5 = excellent"),
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    went_wrong = forms.BooleanField(
        label=_("Something went wrong that we should put right"),
        required=False,
    )

    def __init__(self, *args: Any, questions: list[SurveyQuestion], language: str, **kw: Any):
        super().__init__(*args, **kw)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text_in(language),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("went_wrong") and not (data.get("comment") or "").strip():
            message = _("Tell us what went wrong, so that we can put it right.")
            self.add_error("comment", message)
        return data

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") or "" for q in self.questions}


class SendForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=Contact.objects.none(), label=_("Contact"))
    template = forms.ModelChoiceField(
        queryset=MailTemplate.objects.filter(active=True),
        required=False,
        label=_("Mail template"),
        help_text=_("Without a template the standard text goes; the link is added below it."),
    )

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = correspondence_queries.current_contacts(order.account).exclude(email="")
        self.fields["contact"].queryset = people  # type: ignore[attr-defined]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("How did it go?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    upsell = forms.CharField(
        label=_("Upsell ideas"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One idea a line: more of what the customer has, or a better version."),
    )
    cross_sell = forms.CharField(
        label=_("Cross-sell ideas"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One idea a line: other products that go with it."),
    )

    def ideas(self) -> list[tuple[str, str]]:
        d = self.cleaned_data
        return [(IdeaKind.UPSELL.value, t) for t in _lines(d["upsell"])] + [
            (IdeaKind.CROSS_SELL.value, t) for t in _lines(d["cross_sell"])
        ]


class SurveyFilterForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.all(), required=False, label=_("Team"))
    answered_from = forms.DateField(
        required=False, label=_("Answered from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    answered_until = forms.DateField(
        required=False, label=_("Answered until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    low = forms.BooleanField(required=False, label=_("Only scores of 6 or less"))

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("answered_from"), data.get("answered_until")
        if start and end and end < start:
            self.add_error("answered_until", _("The end cannot be before the start."))
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AfterSalesSettings
        fields = ["call_after_days", "link_days"]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = SurveyQuestion
        fields = ["text_nl", "text_en", "position", "active"]
