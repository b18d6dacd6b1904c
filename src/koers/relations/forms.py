"""Forms of relationship care; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, BuyingRole, Contact, Tier
from koers.relations import links
from koers.relations.models import (
    USER_CANCEL_REASONS,
    Activity,
    ActivityKind,
    CommitmentDirection,
    VisitReport,
)
from koers.relations.photos import MAX_PHOTOS, MAX_UPLOAD_BYTES, Photo, prepare
from koers.relations.services.norms import MAX_NORM_DAYS
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
        # A callable: later apps register their sources after this module is imported.
        choices=lambda: [(name, label) for name, (label, _s, _k) in FILTERS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class PlanForm(forms.Form):
    """Plan an activity: from the agenda (choose the account) or from an account's page."""

    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial="visit")
    subject = forms.CharField(label=_("Subject"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Time"), initial="09:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=1440, initial=60
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=255,
        required=False,
        help_text=_("Empty for a visit: the account's visiting address."),
    )
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    checklist = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line: what to ask, show or bring. Ticked off during the visit."),
    )
    confirm_holiday = forms.BooleanField(
        label=_("Plan it on the public holiday anyway"), required=False
    )

    def __init__(
        self,
        *args: Any,
        accounts: Any,
        account: Account | None = None,
        user: Any = None,
        links_url: str = "",
        follow_up_source: Activity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]
        if follow_up_source is not None:
            self._add_follow_up_of(follow_up_source)
        chosen = account if account is not None else self._chosen_account(accounts)
        if chosen is not None and user is not None:
            self._add_links(user, chosen)
        if account is None and links_url:
            # The deals offered follow the account chosen in the agenda's form.
            self.fields["account"].widget.attrs.update(
                {
                    "hx-get": links_url,
                    "hx-trigger": "change",
                    "hx-target": "#plan-links",
                    "hx-swap": "outerHTML",
                }
            )
        if account is not None:
            self.fields["account"].initial = account.pk
            self.fields["account"].widget = forms.HiddenInput()
            self.fields["contacts"].queryset = (  # type: ignore[attr-defined]
                Contact.objects.filter(positions__account=account, positions__end_date__isnull=True)
                .distinct()
                .order_by("last_name", "first_name", "pk")
            )
        else:
            del self.fields["contacts"]

    def _add_links(self, user: Any, account: Account) -> None:
        """A choice per registered link (an open opportunity of the account), when it has any."""
        for link in links.registered():
            options = link.options(user, account)
            # A record chosen that is no longer offered (the deal was closed meanwhile) is
            # refused on its field, not dropped: the activity would be for no deal unseen.
            if options or (self.is_bound and self.data.get(link.name)):
                self.fields[link.name] = forms.TypedChoiceField(
                    label=link.label,
                    choices=[("", _("None: for the account in general")), *options],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def _add_follow_up_of(self, source: Activity) -> None:
        """Started from an activity: the new one continues it (its chain), unless unticked."""
        self.fields["follow_up_of"] = FollowUpOfField(
            label=_("Follow-up of"),
            queryset=Activity.objects.filter(pk=source.pk),
            required=False,
            initial=source.pk,
            empty_label=_("None: a new activity of its own"),
            help_text=_("The activity page shows the chain of follow-ups."),
        )
        self.order_fields(["account", "follow_up_of"])

    def _chosen_account(self, accounts: Any) -> Account | None:
        """The account posted (or given as initial) in the agenda's form, if it is offered."""
        raw = self.data.get("account") if self.is_bound else self.initial.get("account")
        pk = str(raw or "")
        return accounts.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 12 else None

    def links(self) -> dict[str, int | None]:
        return {link.name: self.cleaned_data.get(link.name) for link in links.registered()}

    def link_fields(self) -> list[forms.BoundField]:
        """The choices of the registered links, shown together where the account is chosen."""
        return [self[name] for name in self.link_names()]

    def link_names(self) -> list[str]:
        return [link.name for link in links.registered() if link.name in self.fields]


class FollowUpOfField(forms.ModelChoiceField):
    """The activity a planned one follows up, shown with its kind and day."""

    def label_from_instance(self, obj: Any) -> str:
        day = date_format(timezone.localtime(obj.planned_start), "SHORT_DATE_FORMAT")
        return f"{obj.subject} ({obj.get_kind_display()}, {day})"


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=USER_CANCEL_REASONS)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RescheduleForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.ModelForm):
    """The visit report, written on a phone after the visit."""

    class Meta:
        model = VisitReport
        fields = [
            "purpose",
            "discussed",
            "needs",
            "signals",
            "market_info",
            "agreements",
            "next_step",
            "next_step_date",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "discussed": forms.Textarea(attrs={"rows": 4}),
            "needs": forms.Textarea(attrs={"rows": 2}),
            "signals": forms.Textarea(attrs={"rows": 2}),
            "market_info": forms.Textarea(attrs={"rows": 2}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
            "next_step_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"] = photos_field(capture=True)


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one field, each checked and prepared (`relations.photos.prepare`);
    a refused one is named in the message next to the field."""

    widget = MultiplePhotoInput

    def clean(self, data: Any, initial: Any = None) -> list[Photo]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(n)d photos at a time.") % {"n": MAX_PHOTOS}, code="too_many"
            )
        prepared, errors = [], []
        for upload in uploads:
            try:
                prepared.append(prepare(upload))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return prepared


def photos_field(*, capture: bool) -> PhotosField:
    attrs: dict[str, Any] = {"accept": "image/*"}
    if capture:
        # The phone opens its camera at once: the photos are taken during the visit.
        attrs["capture"] = "environment"
    return PhotosField(
        label=_("Photos"),
        required=False,
        widget=MultiplePhotoInput(attrs=attrs),
        help_text=_(
            "Photos taken on the visit (shelf, display, installation); at most %(size)s each."
        )
        % {"size": filesizeformat(MAX_UPLOAD_BYTES)},
    )


class PhotosForm(forms.Form):
    def __init__(self, *args: Any, capture: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"] = photos_field(capture=capture)


class ChecklistItemForm(forms.Form):
    line = forms.IntegerField(min_value=0, max_value=1000)
    text = forms.CharField(max_length=200)
    done = forms.BooleanField(required=False)


class ChecklistAddForm(forms.Form):
    text = forms.CharField(label=_("New item"), max_length=200)


class InstructionsForm(forms.Form):
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class AgreementForm(forms.Form):
    """One agreement of a report made a commitment."""

    line = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    direction = forms.ChoiceField(label=_("Who promised"), choices=CommitmentDirection.choices)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class NormSettingsForm(forms.Form):
    """The administrator's norm table: days per tier, per buying role (empty: none), and the
    kinds of activity that count as contact. Built from the choices, so a new tier or role
    gets its field without a change here."""

    counting = forms.MultipleChoiceField(
        label=_("Kinds that count as contact"),
        choices=ActivityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A done activity of one of these kinds resets the account's clock."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for tier, label in Tier.choices:
            self.fields[f"tier_{tier}"] = forms.IntegerField(
                label=label, min_value=1, max_value=MAX_NORM_DAYS, help_text=_("days")
            )
        for role, label in BuyingRole.choices:
            self.fields[f"role_{role}"] = forms.IntegerField(
                label=label,
                min_value=1,
                max_value=MAX_NORM_DAYS,
                required=False,
                help_text=_("days; empty: no norm of its own"),
            )

    def tier_fields(self) -> list[forms.BoundField]:
        return [self[f"tier_{t}"] for t in Tier.values]

    def role_fields(self) -> list[forms.BoundField]:
        return [self[f"role_{r}"] for r in BuyingRole.values]


class AccountNormForm(forms.Form):
    days = forms.IntegerField(
        label=_("Own norm (days)"),
        min_value=1,
        max_value=MAX_NORM_DAYS,
        required=False,
        help_text=_("Empty: the norm of the account's tier."),
    )


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


class CalendarSyncForm(forms.Form):
    """The address of the user's own CalDAV calendar and the app password for it."""

    url = forms.URLField(
        label=_("Calendar address (CalDAV)"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The address of one calendar, e.g. https://cloud.example.nl/remote.php/dav/"
            "calendars/you/koers/ (Nextcloud) or the one your provider gives for CalDAV."
        ),
    )
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("App password"),
        max_length=500,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Make an app password for Koers at your provider, not your own password. "
            "Leave it empty to keep the one saved."
        ),
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        parts = urlsplit(url)
        # A password goes over the line with every request: only a server on this machine
        # (development) may be reached without TLS.
        if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
            raise forms.ValidationError(_("Use an https:// address."))
        return url if url.endswith("/") else url + "/"


class CommitmentForm(forms.Form):
    """A commitment made directly (not from a report): on the account's commitments panel."""

    direction = forms.ChoiceField(label=_("Who promised"), choices=CommitmentDirection.choices)
    description = forms.CharField(label=_("What"), max_length=300)
    contact = forms.ModelChoiceField(
        label=_("To or from"), queryset=Contact.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        # Its own ids: the account page also holds the timeline's quick-log form, whose
        # "contact" would otherwise share id_contact (and its label would point here).
        kwargs.setdefault("auto_id", "commitment_%s")
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            positions__account=account, positions__end_date__isnull=True
        ).distinct()


class CommitmentDoneForm(forms.Form):
    done_date = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("How it was done"), max_length=300, required=False)


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Why"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)
