"""Forms for signing in, the second factor and personal settings; what every app's forms share."""

from __future__ import annotations

import math
import re
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.core.company import prepare_logo
from koers.core.models import CompanySettings, Role, Team, User
from koers.core.validators import (
    clean_iban,
    clean_kvk_number,
    clean_phone,
    clean_postcode,
    clean_vat_number,
)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class LoginForm(AuthenticationForm):
    """Django's form (it passes the request to authenticate(), which django-axes needs)."""

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autofocus": True})


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app, checked against one device.

    The device throttles wrong codes itself (django-otp's ThrottlingMixin: after n failures
    the next try must wait 2^(n-1) seconds); that wait is reported at the field.
    """

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, device: TOTPDevice, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise forms.ValidationError(
                _("Enter the 6 digits that your authenticator app shows."), code="format"
            )
        allowed, extra = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(self._throttled_message(extra or {}), code="throttled")
        if verify_token(self.device.user, self.device.persistent_id, token) is None:
            raise forms.ValidationError(
                _("This code is not correct. Check the time on your phone and try again."),
                code="invalid",
            )
        return token

    @staticmethod
    def _throttled_message(extra: dict[str, Any]) -> str:
        if extra.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            wait = math.ceil((extra["locked_until"] - timezone.now()).total_seconds())
            wait = max(wait, 1)
            return ngettext(
                "Too many wrong codes in a row. Wait %(seconds)d second and try again.",
                "Too many wrong codes in a row. Wait %(seconds)d seconds and try again.",
                wait,
            ) % {"seconds": wait}
        return str(_("Checking codes is temporarily disabled. Try again later."))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }


# ------------------------------------------------------------------ administration: users, teams


class UserForm(forms.ModelForm):
    """A colleague's details as an administrator edits them; a service saves them."""

    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "username", "role", "level", "is_active"]
        labels = {"is_active": _("Active (may sign in)")}
        help_texts = {
            "level": _("Only for account managers: the level sets their discount mandate."),
            "username": _("What they type to sign in: letters, digits and @ . + - _ only."),
            "is_active": _(
                "For someone who leaves: switch this off rather than deleting them; their "
                "accounts and history stay."
            ),
        }
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["username"].widget.attrs.update({"autocapitalize": "none"})
        if self.instance.pk is not None:
            self.fields["teams"].initial = list(self.instance.teams.all())

    def clean_username(self) -> str:
        # Signing in ignores nothing, but "Alice" next to "alice" is a mistake waiting to happen.
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if username and taken.exists():
            raise ValidationError(_("A user with this username already exists."), code="unique")
        return username

    def user_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class UserCreateForm(SetPasswordMixin, UserForm):
    """A new colleague, with the password they first sign in with."""

    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_active"].initial = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.validate_passwords()
        # "Too similar to the name" compares with what was typed in the other fields.
        typed = {k: self.cleaned_data.get(k) or "" for k in ("username", "first_name", "email")}
        self.validate_password_for_user(User(**typed))
        return self.cleaned_data


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "manager", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.pk is not None
        managers = Q(role=Role.MANAGER, is_active=True)
        members = Q(is_active=True)
        if current:
            # Someone deactivated since stays listed, so that they can be taken off the team.
            managers |= Q(pk=self.instance.manager_id)
            members |= Q(pk__in=self.instance.members.values("pk"))
        for name, who in (("manager", managers), ("members", members)):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = User.objects.filter(who)
        self.fields["manager"].help_text = _("A user with the role Manager.")
        self.fields["members"].help_text = ""


class CompanySettingsForm(forms.ModelForm):
    """The company's settings; the logo is checked to be an image and written again as PNG."""

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("An image (PNG, JPEG, GIF or WebP) of at most 5 MB; printed on letters."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = CompanySettings
        fields = [
            "name",
            "street",
            "postcode",
            "city",
            "country",
            "kvk_number",
            "statutory_name",
            "statutory_seat",
            "vat_number",
            "iban",
            "phone",
            "email",
            "website",
            "footer",
        ]
        widgets = {"footer": forms.Textarea(attrs={"rows": 3})}

    def clean_kvk_number(self) -> str:
        return clean_kvk_number(self.cleaned_data["kvk_number"])

    def clean_vat_number(self) -> str:
        return clean_vat_number(self.cleaned_data["vat_number"])

    def clean_iban(self) -> str:
        return clean_iban(self.cleaned_data["iban"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_country(self) -> str:
        return (self.cleaned_data["country"] or "NL").upper()

    def clean_logo_upload(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_upload")
        return prepare_logo(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "postcode" in data:
            try:
                data["postcode"] = clean_postcode(data["postcode"], data.get("country") or "NL")
            except ValidationError as exc:
                self.add_error("postcode", exc)
        return data
