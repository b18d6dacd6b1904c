"""Forms of the gifts register: record or change a gift, decide on it, and the limit."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.gifts.models import Gift, GiftDirection, GiftSettings


def interests_of(contact: Contact | None) -> list[str]:
    """The contact's personal interests as separate items (lines, commas or semicolons)."""
    if contact is None:
        return []
    items = (i.strip(" .-•") for i in re.split(r"[\n,;]+", contact.personal_interests or ""))
    return [i for i in items if i]


class GiftForm(forms.ModelForm):
    value = forms.DecimalField(
        label=_("Estimated value (€)"),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        localize=True,
    )

    class Meta:
        model = Gift
        fields = [
            "direction",
            "kind",
            "contact",
            "description",
            "value",
            "date",
            "occasion",
            "interest",
        ]
        widgets = {
            "direction": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        contacts = Contact.objects.filter(positions__account=account).distinct()
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        contact.queryset = contacts.order_by("last_name", "first_name")
        contact.required = True
        contact.empty_label = _("Choose the contact")
        if self.instance.pk:
            del self.fields["direction"]
        else:
            cast(forms.ChoiceField, self.fields["direction"]).choices = GiftDirection.choices
            self.fields["direction"].initial = GiftDirection.GIVEN
            self.fields["date"].initial = timezone.localdate()
        chosen = self.initial.get("contact") or getattr(self.instance, "contact", None)
        if isinstance(chosen, int):
            chosen = contacts.filter(pk=chosen).first()
        self.interests = interests_of(chosen if isinstance(chosen, Contact) else None)
        self.fields["interest"].widget.attrs["list"] = "contact-interests"


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GiftSettingsForm(forms.ModelForm):
    limit = forms.DecimalField(
        label=_("Limit in euros"),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        localize=True,
        help_text=GiftSettings._meta.get_field("limit").help_text,
    )

    class Meta:
        model = GiftSettings
        fields = ["limit"]
