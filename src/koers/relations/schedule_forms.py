"""Forms of recurring visit schedules and of the follow-up chains; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.relations.models import ActivityKind
from koers.relations.models.schedules import MAX_EVERY_WEEKS, MAX_TIMES
from koers.relations.services.follow_ups import MAX_WORKING_DAYS


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial="visit")
    subject = forms.CharField(label=_("Subject"), max_length=200)
    every_weeks = forms.IntegerField(
        label=_("Every (weeks)"), min_value=1, max_value=MAX_EVERY_WEEKS, initial=4
    )
    starts_on = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: no end date."),
    )
    times = forms.IntegerField(
        label=_("Or for this many times"),
        min_value=1,
        max_value=MAX_TIMES,
        required=False,
        help_text=_("Empty: until the date above, or until you end it."),
    )
    start_time = forms.TimeField(
        label=_("Time"), initial="09:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=1440, initial=60
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The version the form was opened at: a save over someone else's change is refused.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, account: Account, actor: User, **kwargs: Any) -> None:
        # Ids of its own: the account page holds other panels' forms (the timeline's subject).
        kwargs.setdefault("auto_id", "schedule_%s")
        super().__init__(*args, **kwargs)
        # The account's owner and team (as when planning), and a manager for themselves.
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                Q(pk=account.owner_id) | Q(account_teams__account=account) | Q(pk=actor.pk),
                is_active=True,
            )
            .distinct()
            .order_by("first_name", "last_name", "pk")
        )
        self.fields["owner"].initial = account.owner_id
        self.fields["contacts"].queryset = (  # type: ignore[attr-defined]
            Contact.objects.filter(positions__account=account, positions__end_date__isnull=True)
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )


class FollowUpRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("When done"), choices=ActivityKind.choices, initial="visit")
    next_kind = forms.ChoiceField(
        label=_("Plan"), choices=ActivityKind.choices, initial="phone_call"
    )
    working_days = forms.IntegerField(
        label=_("Working days later"), min_value=0, max_value=MAX_WORKING_DAYS, initial=5
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        initial=_("Follow-up: {subject}"),
        help_text=_("{subject} is the completed activity's subject, {account} the account."),
    )
