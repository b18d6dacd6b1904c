"""Forms of quote templates: thin, the rules (and their messages) are in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.sales.catalogue.fields import product_field
from koers.sales.models import (
    GroupDisplay,
    Product,
    QuoteTemplate,
    QuoteTemplateGroup,
    TemplateLanguage,
    Unit,
    VatCategory,
)
from koers.sales.quote_templates.services import TemplateData, TemplateLineData


def _text(label: Any, max_length: int, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    language = forms.ChoiceField(label=_("Language"), choices=TemplateLanguage.choices)
    validity_days = forms.IntegerField(
        label=_("Validity (days)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("Empty: the number of days in the quote settings."),
    )
    introduction = _text(_("Introduction"), 4000)
    value_proposition = _text(_("Value proposition"), 4000)
    delivery_terms = _text(_("Delivery terms"), 2000, 2)
    payment_terms = _text(_("Payment terms"), 2000, 2)

    @classmethod
    def initial_of(cls, template: QuoteTemplate) -> dict[str, Any]:
        return {name: getattr(template, name) for name in cls.base_fields}

    def template_data(self) -> TemplateData:
        return TemplateData(**self.cleaned_data)


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Group title"), max_length=200, required=False)
    display = forms.ChoiceField(label=_("Show"), choices=GroupDisplay.choices)


class LineForm(forms.Form):
    """A catalogue line (a product, priced when the quote is made) or a free line."""

    product = product_field(
        label=_("Product"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("(a free line)"),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    discount_percent = forms.DecimalField(
        label=_("Discount (%)"), max_digits=5, decimal_places=2, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (free line)"), max_digits=12, decimal_places=2, required=False
    )
    cost_price = forms.DecimalField(
        label=_("Cost price (free line)"), max_digits=12, decimal_places=2, required=False
    )
    vat_category = forms.ChoiceField(
        label=_("VAT rate (free line)"),
        choices=[("", "---------"), *VatCategory.choices],
        required=False,
    )
    unit = forms.ChoiceField(label=_("Unit (free line)"), choices=Unit.choices, required=False)
    optional = forms.BooleanField(label=_("Optional (the customer may tick it)"), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=QuoteTemplateGroup.objects.none(), required=False
    )

    def __init__(self, *args: Any, template: QuoteTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        products = cast(forms.ModelChoiceField, self.fields["product"])
        products.queryset = (
            Product.objects.filter(active_from__lte=today)
            .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
            .order_by("code")
        )
        groups = cast(forms.ModelChoiceField, self.fields["group"])
        groups.queryset = template.groups.all()
        groups.empty_label = _("(the first group)")

    def line_data(self) -> TemplateLineData:
        data = self.cleaned_data
        return TemplateLineData(
            product=data.get("product"),
            description=data.get("description") or "",
            quantity=data["quantity"],
            discount_percent=data.get("discount_percent"),
            unit_price=data.get("unit_price"),
            cost_price=data.get("cost_price"),
            vat_category=data.get("vat_category") or "",
            unit=data.get("unit") or Unit.PIECE,
            optional=data.get("optional", False),
        )
