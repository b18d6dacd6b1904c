"""Forms of quotes: thin, the rules (and their messages) are in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.sales.catalogue.fields import product_field
from koers.sales.models import (
    Competitor,
    GroupDisplay,
    LostReason,
    Product,
    QuoteLineGroup,
    QuoteVersion,
    VatCategory,
)
from koers.sales.quotes.services import CHECKLIST, LineData, TermsData


class _DateInput(forms.DateInput):
    input_type = "date"


def _amount(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, required=required)


def _percent(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, required=False)


class LineForm(forms.Form):
    """A catalogue line (a product) or a free line (a description, a price and a VAT rate)."""

    product = product_field(
        label=_("Product"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("(a free line)"),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    unit_price = _amount(_("Unit price"))
    discount_percent = _percent(_("Discount (%)"))
    discount_amount = _amount(_("Discount (EUR)"))
    cost_price = _amount(_("Cost price"))
    vat_category = forms.ChoiceField(
        label=_("VAT rate"),
        choices=[("", _("(the product's)")), *VatCategory.choices],
        required=False,
    )
    optional = forms.BooleanField(label=_("Optional (the customer may tick it)"), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=QuoteLineGroup.objects.none(), required=False
    )

    def __init__(self, *args: Any, version: QuoteVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        products = cast(forms.ModelChoiceField, self.fields["product"])
        products.queryset = (
            Product.objects.filter(active_from__lte=today)
            .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
            .order_by("code")
        )
        groups = cast(forms.ModelChoiceField, self.fields["group"])
        groups.queryset = version.groups.all()

    def line_data(self) -> LineData:
        data = self.cleaned_data
        return LineData(
            product=data.get("product"),
            description=data.get("description") or None,
            quantity=data["quantity"],
            unit_price=data.get("unit_price"),
            discount_percent=data.get("discount_percent"),
            discount_amount=data.get("discount_amount"),
            cost_price=data.get("cost_price"),
            vat_category=data.get("vat_category") or None,
            optional=data.get("optional", False),
        )


class LineEditForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    unit_price = _amount(_("Unit price"), required=True)
    discount_percent = _percent(_("Discount (%)"))
    discount_amount = _amount(_("Discount (EUR)"))
    optional = forms.BooleanField(label=_("Optional"), required=False)
    chosen = forms.BooleanField(label=_("Chosen by the customer"), required=False)

    def line_data(self) -> LineData:
        data = self.cleaned_data
        return LineData(
            description=data["description"],
            quantity=data["quantity"],
            unit_price=data["unit_price"],
            discount_percent=data.get("discount_percent"),
            discount_amount=data.get("discount_amount"),
            optional=data.get("optional", False),
            chosen=data.get("chosen", False),
        )


class TermsForm(forms.Form):
    valid_until = forms.DateField(label=_("Valid until"), widget=_DateInput)
    delivery_terms = forms.CharField(
        label=_("Delivery terms"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_terms = forms.CharField(
        label=_("Payment terms"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    value_proposition = forms.CharField(
        label=_("Value proposition"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    discount_percent = _percent(_("Discount on the total (%)"))
    discount_amount = _amount(_("Discount on the total (EUR)"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def terms(self) -> TermsData:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return TermsData(**data)


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Group title"), max_length=200, required=False)
    display = forms.ChoiceField(
        label=_("Show"), choices=GroupDisplay.choices, initial=GroupDisplay.PRICES
    )


CHECKLIST_LABELS = {
    "delivery_date": _("The delivery date is feasible"),
    "price_list": _("The right price list is used"),
    "terms": _("The terms follow the general terms"),
    "vat_rates": _("The VAT rates are right"),
    "margin_floor": _("The margin is above the floor"),
}


class ReviewForm(forms.Form):
    checklist = forms.MultipleChoiceField(
        label=_("Checked"),
        choices=[(item, CHECKLIST_LABELS[item]) for item in CHECKLIST],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def line_remarks(self, data: Any) -> dict[int, str]:
        """`remark-<line id>` fields of the post, one per line of the quote."""
        out = {}
        for key, value in data.items():
            if key.startswith("remark-") and key[7:].isdigit() and value.strip():
                out[int(key[7:])] = value.strip()[:500]
        return out


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(forms.Form):
    """A later validity date with the reason; the rules (and their messages) are the service's."""

    valid_until = forms.DateField(label=_("Valid until"), widget=_DateInput, required=False)
    reason = forms.CharField(
        label=_("Why it is extended"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptForm(forms.Form):
    """The acceptance the owner records: who agreed, when, their reference, the optional lines
    they took, and a contract period when the deal recurs."""

    accepted_by_name = forms.CharField(
        label=_("Who agreed at the customer"), max_length=200, required=False
    )
    accepted_on = forms.DateField(
        label=_("Agreed on"),
        required=False,
        widget=_DateInput,
        help_text=_("Today, unless you give another date."),
    )
    customer_reference = forms.CharField(
        label=_("Customer's reference (purchase order)"), max_length=100, required=False
    )
    chosen_lines = forms.TypedMultipleChoiceField(
        label=_("Optional lines the customer chose"),
        coerce=int,
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contract_start = forms.DateField(label=_("Contract start"), required=False, widget=_DateInput)
    contract_end = forms.DateField(label=_("Contract end"), required=False, widget=_DateInput)
    renewal_notice_days = forms.IntegerField(
        label=_("Renewal notice (days)"),
        min_value=0,
        max_value=730,
        required=False,
        help_text=_("How many days before the end a renewal opportunity is created."),
    )

    def __init__(self, *args: Any, version: QuoteVersion, **kwargs: Any) -> None:
        optional = [
            line for group in version.groups.all() for line in group.lines.all() if line.optional
        ]
        kwargs.setdefault("initial", {})["chosen_lines"] = [o.pk for o in optional if o.chosen]
        super().__init__(*args, **kwargs)
        self.has_optional = bool(optional)
        field = cast(forms.TypedMultipleChoiceField, self.fields["chosen_lines"])
        field.choices = [(line.pk, line.description) for line in optional]

    def service_args(self) -> dict[str, Any]:
        from koers.sales.quotes.services import Contract

        data = self.cleaned_data
        return {
            "accepted_by_name": data["accepted_by_name"],
            "accepted_on": data["accepted_on"],
            "customer_reference": data["customer_reference"],
            "chosen_lines": data["chosen_lines"] if self.has_optional else None,
            "contract": Contract(
                start=data["contract_start"],
                end=data["contract_end"],
                renewal_notice_days=data["renewal_notice_days"],
            ),
        }


class DeclineForm(forms.Form):
    """The customer declined: why, and whether the deal stays open (to revise) or is lost."""

    reason = forms.CharField(
        label=_("Why the customer declined"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    opportunity = forms.ChoiceField(
        label=_("The opportunity"),
        choices=[
            ("open", _("stays open: I will revise the quote")),
            ("lost", _("is lost")),
        ],
        initial="open",
        required=False,
        widget=forms.RadioSelect,
    )
    lost_reason = forms.ChoiceField(
        label=_("Reason lost"), choices=[("", "—"), *LostReason.choices], required=False
    )
    lost_to = forms.ModelChoiceField(
        label=_("Competitor who won"),
        queryset=Competitor.objects.filter(active=True),
        required=False,
    )

    def clean_opportunity(self) -> str:
        return self.cleaned_data.get("opportunity") or "open"


class SettingsForm(forms.Form):
    validity_days = forms.IntegerField(label=_("Validity (days)"), min_value=1, max_value=365)
    remind_days = forms.IntegerField(
        label=_("Remind the owner (days before the validity ends)"),
        min_value=0,
        max_value=60,
        required=False,
        help_text=_("0: no reminder."),
    )
    review_from = forms.DecimalField(
        label=_("No review below (EUR)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text=_("Leave empty to have inside sales review every quote."),
    )


class ApprovalForm(forms.Form):
    """Approving or returning a version beyond the mandate: a comment (needed to return)."""

    comment = forms.CharField(
        label=_("Comment"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
