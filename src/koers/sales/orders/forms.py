"""The forms of the order pages: they validate what is typed; the services apply the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.core.widgets import FastSelect
from koers.correspondence.models import MailTemplate
from koers.correspondence.queries import current_contacts
from koers.relations.services.people import account_people, chain_account_ids
from koers.sales.catalogue.fields import product_field
from koers.sales.models import Order, OrderStatus, ProblemKind, Product
from koers.sales.orders.lifecycle import statuses_after


class _DateInput(forms.DateInput):
    input_type = "date"


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=_DateInput)


class OrderForm(forms.Form):
    """A new order's details, or a change to them (`order` given)."""

    branch = forms.ModelChoiceField(
        label=_("Deliver to branch"), queryset=Account.objects.none(), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Account manager"), queryset=User.objects.none(), required=False
    )
    customer_reference = forms.CharField(
        label=_("Customer's order number"), max_length=100, required=False
    )
    external_number = forms.CharField(label=_("ERP order number"), max_length=64, required=False)
    requested_on = _date(_("Requested delivery date"))
    promised_on = _date(_("Promised delivery date"))
    contract_start = _date(_("Contract start"))
    contract_end = _date(_("Contract end"))
    renewal_notice_days = forms.IntegerField(
        label=_("Renewal notice (days)"), min_value=1, max_value=730, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea, max_length=4000, required=False
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, account: Account, order: Order | None = None, **kwargs: Any
    ) -> None:
        if order is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(order, name) for name in self.base_fields if name != "version"},
                "version": order.version,
            }
        super().__init__(*args, **kwargs)
        branches = Account.objects.filter(pk__in=chain_account_ids(account)).exclude(pk=account.pk)
        _choice(self, "branch").queryset = branches.order_by("name")
        if not branches.exists():
            del self.fields["branch"]
        ids = account_people(account) | ({order.owner_id} if order else set())
        owners = User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name")
        _choice(self, "owner").queryset = owners
        _choice(self, "owner").empty_label = str(_("The account manager"))


class LineForm(forms.Form):
    """A product (its price for the customer unless one is typed) or a free line."""

    product = product_field(label=_("Product"), queryset=Product.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=12, decimal_places=3, min_value=Decimal("0.001")
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text=_("Empty: the customer's price today."),
    )
    discount = forms.DecimalField(
        label=_("Discount (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        _choice(self, "product").queryset = (
            Product.objects.filter(active_from__lte=today)
            .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
            .order_by("code")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("product") is None and not (data.get("description") or "").strip():
            self.add_error("product", _("Choose a product, or describe a line without one."))
        if data.get("product") is None and data.get("unit_price") is None:
            self.add_error("unit_price", _("A line without a product needs a unit price."))
        return data


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), widget=FastSelect)
    on = _date(_("Date"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(OrderStatus.choices)
        choices = [(s, labels[s]) for s in statuses_after(order.status)]
        cast(forms.ChoiceField, self.fields["to"]).choices = choices
        self.fields["on"].help_text = _("Empty: today.")


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea, max_length=2000
    )


class ProblemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Problem"), choices=ProblemKind.choices)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea, max_length=2000)
    new_promised_on = _date(_("New delivery date"))


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), max_length=300, required=False)


class CommunicateForm(forms.Form):
    """The mail to the customer about a problem, its text proposed from the problem."""

    contacts = forms.ModelMultipleChoiceField(
        label=_("To"), queryset=Contact.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    template = forms.ModelChoiceField(
        label=_("Mail template"),
        queryset=MailTemplate.objects.none(),
        required=False,
        help_text=_("Leave the text empty to send the template instead."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "contacts").queryset = current_contacts(account).exclude(email="")
        _choice(self, "template").queryset = MailTemplate.objects.filter(active=True)
