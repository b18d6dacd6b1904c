"""The account form (create, edit, new branch) and the account team form."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.accounts import validators
from koers.accounts.fields import ACCOUNT_VALUES
from koers.accounts.models import Account, AccountStatus, Segment, TeamRole, Tier
from koers.core import access
from koers.core.lists import id_param
from koers.core.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_TAGS = 20
NO_PARENT = _("No parent: a stand-alone account or head office")


def _country(value: str) -> str:
    value = (value or "").strip().upper() or "NL"
    if not _COUNTRY.match(value):
        raise ValidationError(_("Use the two-letter country code, for example NL, BE or DE."))
    return value


class ParentSelect(forms.Select):
    """A select that renders only the chosen option; the rest arrive by search (HTMX)."""


class AccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    establishment_number = forms.CharField(
        label=_("Establishment number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    vat_number = forms.CharField(label=_("VAT number"), max_length=30, required=False)
    external_id = forms.CharField(
        label=_("External id"),
        max_length=64,
        required=False,
        help_text=_("The number of this account in the ERP or webshop."),
    )
    visit_street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    # Countries come before postcodes: a postcode is checked against its country.
    visit_country = forms.CharField(label=_("Country"), max_length=2, required=False, initial="NL")
    visit_postcode = forms.CharField(label=_("Postcode"), max_length=16, required=False)
    visit_city = forms.CharField(label=_("City"), max_length=100, required=False)
    postal_street = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    postal_country = forms.CharField(label=_("Country"), max_length=2, required=False, initial="NL")
    postal_postcode = forms.CharField(label=_("Postcode"), max_length=16, required=False)
    postal_city = forms.CharField(label=_("City"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=Segment.objects.all(), required=False
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices, initial=Tier.C)
    status = forms.ChoiceField(
        label=_("Status"), choices=AccountStatus.choices, initial=AccountStatus.PROSPECT
    )
    owner = forms.ModelChoiceField(label=_("Account manager"), queryset=User.objects.none())
    parent = forms.ModelChoiceField(
        label=_("Parent account"),
        queryset=Account.objects.none(),
        required=False,
        widget=ParentSelect,
        help_text=_("Fill this in when this account is a branch (vestiging) of a chain."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=500,
        required=False,
        help_text=_("Separate tags with commas."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    create_anyway = forms.BooleanField(label=_("Create anyway"), required=False)

    def __init__(
        self,
        *args: Any,
        user: User,
        account: Account | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.account = account
        if not user.is_admin:
            del self.fields["external_id"]
        if access.can_assign_owner(user):
            owner = cast(forms.ModelChoiceField, self.fields["owner"])
            owner.queryset = access.users_readable(user)
        else:
            # Others keep their portfolio: the owner is set by the service, not by the form.
            del self.fields["owner"]
        if account is None:
            del self.fields["version"]
        else:
            del self.fields["create_anyway"]
            self.fields["version"].required = True
        parents = access.accounts_readable(user)
        if account is not None:
            parents = parents.exclude(pk=account.pk)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = parents
        parent.widget.choices = self._parent_choices(parents)

    def _parent_choices(self, parents: Any) -> list[tuple[Any, StrOrPromise]]:
        """Only the chosen parent is rendered: a chain can have thousands of accounts."""
        chosen: Any = None
        if self.is_bound:
            chosen = self.data.get(self.add_prefix("parent"))
        else:
            chosen = self.initial.get("parent")
        if isinstance(chosen, Account):
            chosen = chosen.pk
        options: list[tuple[Any, StrOrPromise]] = [("", NO_PARENT)]
        chosen_id = id_param(str(chosen)) if chosen else None
        if chosen_id is not None:
            found = parents.filter(pk=chosen_id).only("pk", "name", "visit_city").first()
            if found is not None:
                options.append((found.pk, parent_label(found)))
        return options

    # Each identifier is checked here, so its message shows next to its own field.
    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("This field is required."))
        return name

    def clean_kvk_number(self) -> str:
        return validators.clean_kvk_number(self.cleaned_data["kvk_number"])

    def clean_establishment_number(self) -> str:
        return validators.clean_establishment_number(self.cleaned_data["establishment_number"])

    def clean_vat_number(self) -> str:
        return validators.clean_vat_number(self.cleaned_data["vat_number"])

    def clean_visit_country(self) -> str:
        return _country(self.cleaned_data["visit_country"])

    def clean_postal_country(self) -> str:
        return _country(self.cleaned_data["postal_country"])

    def clean_visit_postcode(self) -> str:
        country = self.cleaned_data.get("visit_country") or "NL"
        return validators.clean_postcode(self.cleaned_data["visit_postcode"], country)

    def clean_postal_postcode(self) -> str:
        country = self.cleaned_data.get("postal_country") or "NL"
        return validators.clean_postcode(self.cleaned_data["postal_postcode"], country)

    def clean_phone(self) -> str:
        return validators.clean_phone(self.cleaned_data["phone"])

    def clean_tags(self) -> list[str]:
        names: list[str] = []
        for raw in self.cleaned_data["tags"].split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > 50:
                raise ValidationError(_("A tag has at most 50 characters."))
            if name.lower() not in {n.lower() for n in names}:
                names.append(name)
        if len(names) > MAX_TAGS:
            raise ValidationError(_("At most %(max)d tags per account.") % {"max": MAX_TAGS})
        return names

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the service expects them (tags and form-only fields apart)."""
        skip = {"tags", "version", "create_anyway"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


def parent_label(account: Account) -> str:
    return f"{account.name} ({account.visit_city})" if account.visit_city else account.name


def account_initial(account: Account) -> dict[str, Any]:
    """The stored values of `account` as form data (used for the form and after a conflict)."""
    data: dict[str, Any] = {name: getattr(account, name) for name in ACCOUNT_VALUES}
    data["version"] = account.version
    data["phone"] = validators.format_phone(account.phone)
    data["segment"] = account.segment_id or ""
    data["owner"] = account.owner_id
    data["parent"] = account.parent_id or ""
    data["tags"] = ", ".join(tag.name for tag in account.tags.all())
    return data


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role on this account"), choices=TeamRole.choices)

    def __init__(self, *args: Any, user: User, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        colleague = cast(forms.ModelChoiceField, self.fields["user"])
        colleague.queryset = access.users_readable(user).exclude(pk=account.owner_id)
