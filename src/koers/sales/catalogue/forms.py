"""Forms of the catalogue's administration pages; the services check the rules, the forms the
shape (a message next to the field either way)."""

from __future__ import annotations

from datetime import date as Day
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.core.widgets import FastSelect
from koers.sales.catalogue.fields import product_field
from koers.sales.models import AgreedPrice, PriceList, Product, ProductGroup, VatCategory
from koers.sales.models.catalogue import COST_PRICE_AUDIENCES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_EUROS = Decimal("99999999.99")


def euro_field(label: Any, **extra: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=MAX_EUROS,
        max_digits=10,
        decimal_places=2,
        localize=True,
        **extra,
    )


def quantity_field(label: Any, **extra: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=Decimal("9999999"),
        max_digits=10,
        decimal_places=3,
        localize=True,
        **extra,
    )


def check_period(form: forms.BaseForm, data: dict[str, Any], start: str, end: str) -> None:
    """The last day not before the first, said next to the last day (before the database's
    check would say it above the form)."""
    first, last = data.get(start), data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The last day cannot be before the first day."))


def group_choices(*, main_only: bool = False) -> list[tuple[str, str]]:
    """The groups as "Main" and "Main / Sub", in tree order."""
    groups = list(ProductGroup.objects.select_related("parent").order_by("position", "code"))
    mains = [g for g in groups if g.parent_id is None]
    choices = []
    for main in mains:
        choices.append((str(main.pk), f"{main.code} {main.name}"))
        if not main_only:
            for sub in (g for g in groups if g.parent_id == main.pk):
                choices.append((str(sub.pk), f"{main.name} / {sub.code} {sub.name}"))
    return choices


class ProductGroupForm(forms.ModelForm):
    class Meta:
        model = ProductGroup
        fields = ["code", "name_nl", "name_en", "parent", "position", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = ProductGroup.objects.filter(parent__isnull=True).exclude(
            pk=self.instance.pk
        )
        parent.empty_label = _("None: this is a main group")
        parent.widget = FastSelect(
            choices=[("", parent.empty_label), *group_choices(main_only=True)]
        )
        # The service refuses what the database would: a message next to the field, never a 500.
        self.fields["code"].validators = []

    def validate_unique(self) -> None:
        """The service checks the code (case-insensitively) and names the field."""


class ProductForm(forms.ModelForm):
    cost_price = euro_field(_("Cost price (€)"))
    list_price = euro_field(_("List price (€)"))

    class Meta:
        model = Product
        fields = [
            "code",
            "kind",
            "group",
            "name_nl",
            "name_en",
            "description",
            "unit",
            "cost_price",
            "list_price",
            "vat_category",
            "active_from",
            "active_until",
        ]
        widgets = {
            "active_from": DATE,
            "active_until": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": FastSelect,
            "unit": FastSelect,
            "vat_category": FastSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.widget = FastSelect(choices=[("", "---------"), *group_choices()])
        if not self.instance.pk:
            self.fields["active_from"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        check_period(self, data, "active_from", "active_until")
        return data

    def validate_unique(self) -> None:
        """The service checks the code (case-insensitively) and names the field."""


class VatRateForm(forms.Form):
    vat_category = forms.ChoiceField(
        label=_("VAT category"), choices=VatCategory.choices, widget=FastSelect
    )
    percentage = forms.DecimalField(
        label=_("Percentage"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        localize=True,
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)


def _account_field(user: User, label: Any, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=access.accounts_readable(user),
        required=required,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("The account's number in Koers (at the end of its page's address)."),
    )


class PriceListForm(forms.ModelForm):
    class Meta:
        model = PriceList
        fields = ["name", "segment", "account", "valid_from", "valid_until", "notes"]
        widgets = {"valid_from": DATE, "valid_until": DATE, "segment": FastSelect}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"] = _account_field(user, _("Chain or account"), False)
        self.fields["segment"].help_text = _(
            "Leave segment and chain empty for a list that applies to everyone in its period."
        )
        if not self.instance.pk:
            self.fields["valid_from"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("segment") and data.get("account"):
            self.add_error("account", _("A price list is for a segment or a chain, not both."))
        check_period(self, data, "valid_from", "valid_until")
        return data


class PriceListItemForm(forms.Form):
    product = product_field(label=_("Product"), queryset=Product.objects.all())
    min_quantity = quantity_field(_("From quantity"), initial=Decimal("1"))
    price = euro_field(_("Price (€)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = cast(forms.ModelChoiceField, self.fields["product"])
        product.queryset = Product.objects.filter(
            Q(active_until__isnull=True) | Q(active_until__gte=timezone.localdate())
        ).order_by("code")


class AgreedPriceForm(forms.ModelForm):
    price = euro_field(_("Agreed price (€)"))

    class Meta:
        model = AgreedPrice
        fields = [
            "account",
            "product",
            "price",
            "valid_from",
            "valid_until",
            "for_branches",
            "notes",
        ]
        widgets = {"valid_from": DATE, "valid_until": DATE, "product": FastSelect}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"] = _account_field(user, _("Account"), True)
        product = cast(forms.ModelChoiceField, self.fields["product"])
        product.queryset = Product.objects.order_by("code")
        if self.instance.pk:
            self.fields["account"].disabled = True
        else:
            self.fields["valid_from"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        check_period(self, data, "valid_from", "valid_until")
        return data


class CostPriceSettingsForm(forms.Form):
    cost_prices_hidden_for = forms.MultipleChoiceField(
        label=_("Hide cost prices and margins from"),
        choices=COST_PRICE_AUDIENCES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Administrators always see them."),
    )


class PriceQuestionForm(forms.Form):
    """On a product's page: the price for an account, a day and a quantity."""

    account = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Account"), required=False, max_length=100)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    quantity = quantity_field(_("Quantity"), required=False)

    def day(self) -> Day:
        return self.cleaned_data.get("date") or timezone.localdate()

    def amount(self) -> Decimal:
        return self.cleaned_data.get("quantity") or Decimal("1")


def readable_account(user: User, pk: int | None) -> Account | None:
    if pk is None:
        return None
    return access.accounts_readable(user).filter(pk=pk).first()
