"""Forms of correspondence: a template, an e-mail, a letter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.correspondence import queries
from koers.correspondence.models import MailTemplate


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["name", "subject_nl", "body_nl", "subject_en", "body_en", "active"]
        widgets = {
            "body_nl": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }


class _TextForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=MailTemplate.objects.none(),
        required=False,
        empty_label=_("None: write it yourself"),
        help_text=_(
            "Leave subject and text empty to use the template, each contact in their own language."
        ),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Placeholders such as {salutation} and {account} are filled in per contact."),
    )

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["template"].queryset = queries.templates_in_use()  # type: ignore[attr-defined]


class MailForm(_TextForm):
    contacts: forms.ModelMultipleChoiceField[Contact] = forms.ModelMultipleChoiceField(
        label=_("To"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose one or more contacts.")},
    )
    field_order = ["contacts", "template", "subject", "body"]

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, account=account, **kwargs)
        field = self.fields["contacts"]
        field.queryset = queries.current_contacts(account).exclude(email="")  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.full_name} <{c.email}>"  # type: ignore[attr-defined]


class LetterForm(_TextForm):
    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        label=_("To"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose a contact.")},
    )
    field_order = ["contact", "template", "subject", "body"]

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, account=account, **kwargs)
        self.fields["contact"].queryset = queries.current_contacts(account)  # type: ignore[attr-defined]
        self.fields["template"].help_text = _(
            "Leave subject and text empty to use the template in the contact's language."
        )


class AssignForm(forms.Form):
    """Logging a message of the inbox on an account (already chosen): with one of its contacts,
    a new contact made from the other side's address, or nobody."""

    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("Nobody in particular"),
    )
    create_contact = forms.BooleanField(
        label=_("Add the other side as a new contact of this account"), required=False
    )

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = queries.current_contacts(account)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact") and data.get("create_contact"):
            message = _("Choose a contact or add a new one, not both.")
            self.add_error("create_contact", message)
        return data
