"""The form of sending a quote: one contact of the account (with an e-mail address), and a
mail template or a subject and text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.core.models import User
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.forms import _TextForm
from koers.sales.models import QuoteVersion


class SendForm(_TextForm):
    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        label=_("To"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose a contact.")},
    )
    field_order = ["contact", "template", "subject", "body"]

    def __init__(self, *args: Any, version: QuoteVersion, user: User, **kwargs: Any) -> None:
        super().__init__(*args, account=version.quote.account, **kwargs)
        self.version, self.user = version, user
        field = self.fields["contact"]
        field.queryset = correspondence_queries.current_contacts(self.account).exclude(email="")  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.full_name} <{c.email}>"  # type: ignore[attr-defined]

    def send_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact": data["contact"],
            "template": data.get("template"),
            "subject": data.get("subject") or "",
            "body": data.get("body") or "",
        }


class LinkForm(forms.Form):
    """Making an online link for a version marked as sent: the contact who received it (they
    get the confirmation when they accept online)."""

    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        label=_("Who received the quote"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose a contact.")},
    )

    def __init__(self, *args: Any, version: QuoteVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.queryset = correspondence_queries.current_contacts(version.quote.account)  # type: ignore[attr-defined]
