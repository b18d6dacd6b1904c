"""Forms for signing in, the second factor and personal settings; what every app's forms share."""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.core.models import User


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
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
