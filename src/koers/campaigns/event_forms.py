"""Forms of events: the event, the public registration (with the event's own questions), a
walk-in at the door, and a stand duty slot."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.campaigns.event_models import Event
from koers.core.models import User

MOMENT = {"type": "datetime-local"}
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=forms.DateTimeInput(attrs=MOMENT, format=MOMENT_FORMAT)
    )


class EventForm(forms.ModelForm):
    starts_at = _moment(_("Starts"))
    ends_at = _moment(_("Ends"))

    class Meta:
        model = Event
        fields = [
            "name",
            "location",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_open",
            "reminder_days",
            "questions",
            "description",
        ]
        widgets = {
            "questions": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("The end lies before the start."))
        return data


def answer_field(index: int) -> str:
    return f"answer_{index}"


class RegistrationForm(forms.Form):
    """Name, company, e-mail and an answer per question of the event."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[answer_field(index)] = forms.CharField(
                label=question, max_length=1000, required=False, widget=forms.Textarea({"rows": 2})
            )

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data.get(answer_field(i), "") for i, q in enumerate(self.questions)}


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class SlotForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())
    starts_at = _moment(_("From"))
    ends_at = _moment(_("Until"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    # Shown once the colleague's agenda clashes with the slot (stand_duty._warn_agenda).
    despite_agenda = forms.BooleanField(
        label=_("Plan the stand duty anyway, despite the appointments"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name", "username"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end lies before the start."))
        return data
