"""Forms of the contact pages: they validate input; services.py does the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from koers.accounts import validators
from koers.accounts.fields import CONTACT_FIELDS, POSITION_FIELDS
from koers.accounts.models import (
    Account,
    Attitude,
    BuyingRole,
    Contact,
    Position,
)
from koers.core import access
from koers.core.models import User


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _model_form_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete field, not a relation's reverse side
    form_field = field.formfield(**kwargs)
    assert form_field is not None  # None only for fields a form never shows (AutoField)
    return form_field


def _contact_field(name: str, **kwargs: Any) -> forms.Field:
    return _model_form_field(Contact, name, **kwargs)


def _position_field(name: str, **kwargs: Any) -> forms.Field:
    return _model_form_field(Position, name, **kwargs)


def _buying_role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Buying role (DMU)"),
        choices=[("", _("Not known")), *BuyingRole.choices],
        required=False,
    )


def _attitude_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Attitude towards us"), choices=Attitude.choices, initial=Attitude.NEUTRAL
    )


class ContactForm(forms.Form):
    """The person: name, how to reach them, mailing consent, what matters to them."""

    first_name = _contact_field("first_name", widget=forms.TextInput(attrs={"autofocus": True}))
    last_name = _contact_field("last_name")
    email = _contact_field("email", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    phone = _contact_field("phone", widget=forms.TextInput(attrs={"type": "tel"}))
    mobile = _contact_field("mobile", widget=forms.TextInput(attrs={"type": "tel"}))
    preferred_language = _contact_field("preferred_language")
    personal_interests = _contact_field(
        "personal_interests", widget=forms.Textarea(attrs={"rows": 3})
    )
    mailing_consent = _contact_field(
        "mailing_consent",
        help_text=_("The person agreed to receive our mailings and offers."),
        # koers.js fills in today's date when the box is ticked and the date is empty.
        widget=forms.CheckboxInput(attrs={"data-fill-today": "consent_date"}),
    )
    consent_date = _contact_field(
        "consent_date", widget=DateInput(), help_text=_("Today, when left empty.")
    )
    consent_source = _contact_field(
        "consent_source",
        help_text=_("How the consent was given, e.g. 'business card at trade fair'."),
    )
    opted_out = _contact_field(
        "opted_out", help_text=_("The person asked not to receive mailings (any more).")
    )
    opted_out_at = _contact_field(
        "opted_out_at", widget=DateInput(), help_text=_("Today, when left empty.")
    )
    notes = _contact_field("notes", widget=forms.Textarea(attrs={"rows": 3}))

    def clean_phone(self) -> str:
        return validators.clean_phone(self.cleaned_data["phone"])

    def clean_mobile(self) -> str:
        return validators.clean_phone(self.cleaned_data["mobile"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        consent_undated = cleaned.get("mailing_consent") and not cleaned.get("consent_date")
        # Consent counts only with its date; a date that did not parse keeps its own message.
        if consent_undated and "consent_date" not in self.errors:
            cleaned["consent_date"] = timezone.localdate()
        if cleaned.get("opted_out") and not cleaned.get("opted_out_at"):
            cleaned["opted_out_at"] = timezone.localdate()
        return cleaned

    def contact_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


class ContactCreateForm(ContactForm):
    """A new contact together with their position at an account (their place in its DMU).

    From an account page the account is given; on its own the user may pick one of the
    accounts they can change, or none.
    """

    account = forms.ModelChoiceField(
        label=_("Account"),
        queryset=Account.objects.none(),
        required=False,
        empty_label=_("No account (yet)"),
    )
    job_title = _position_field("job_title")
    buying_role = _buying_role_field()
    attitude = _attitude_field()
    start_date = _position_field("start_date", widget=DateInput())

    def __init__(self, *args: Any, user: User, account: Account | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fixed_account = account
        if account is not None:
            del self.fields["account"]
        else:
            accounts = cast(forms.ModelChoiceField, self.fields["account"])
            accounts.queryset = access.accounts_writable(user).order_by("name", "pk")

    def chosen_account(self) -> Account | None:
        if self.fixed_account is not None:
            return self.fixed_account
        return self.cleaned_data.get("account")

    def position_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in POSITION_FIELDS if name in self.fields}


class ContactEditForm(ContactForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs.pop("autofocus", None)


def contact_initial(contact: Contact) -> dict[str, Any]:
    """The form values of a stored contact; phone numbers as a person would type them."""
    initial = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    initial["phone"] = validators.format_phone(contact.phone)
    initial["mobile"] = validators.format_phone(contact.mobile)
    initial["version"] = contact.version
    return initial


class PositionForm(forms.Form):
    """Where a contact works, in which role, from when until when."""

    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none())
    job_title = _position_field("job_title")
    buying_role = _buying_role_field()
    attitude = _attitude_field()
    start_date = _position_field("start_date", widget=DateInput())
    end_date = _position_field(
        "end_date",
        widget=DateInput(),
        help_text=_("The day the person left this account. The position is kept as history."),
    )

    def __init__(self, *args: Any, user: User, position: Position | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.position = position
        if position is not None:
            # Moving to another account is a new position; this one keeps its account.
            del self.fields["account"]
        else:
            accounts = cast(forms.ModelChoiceField, self.fields["account"])
            accounts.queryset = access.accounts_writable(user).order_by("name", "pk")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("The end date cannot be before the start date (%(start)s).")
                % {"start": date_format(start, "SHORT_DATE_FORMAT")},
            )
        return cleaned

    def position_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in POSITION_FIELDS}


class PositionEndForm(forms.Form):
    """Ending a position: only the day the person left."""

    end_date = forms.DateField(label=_("Left on"), widget=DateInput())

    def __init__(self, *args: Any, position: Position, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.position = position

    def clean_end_date(self) -> Any:
        end = self.cleaned_data["end_date"]
        start = self.position.start_date
        if start and end < start:
            raise ValidationError(
                _("The end date cannot be before the start date (%(start)s)."),
                params={"start": date_format(start, "SHORT_DATE_FORMAT")},
            )
        return end
