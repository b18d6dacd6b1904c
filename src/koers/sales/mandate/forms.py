"""Forms of the mandate pages: the six limits, a personal mandate, a delegation, and the
mandate check (a few lines of figures)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.models import Role, User
from koers.sales.figures import LineFigures, QuoteFigures
from koers.sales.models import ProductGroup

CENT = Decimal("0.01")
CHECK_LINES = 4
LIMIT_LABELS = {
    "max_line_discount": _("Highest discount per line (%)"),
    "max_total_discount": _("Highest discount on the total (%)"),
    "min_margin": _("Lowest margin (%)"),
    "far_line_discount": _("Director above discount per line (%)"),
    "far_total_discount": _("Director above discount on the total (%)"),
    "far_min_margin": _("Director below margin (%)"),
}


class _DateInput(forms.DateInput):
    input_type = "date"


def percent_field(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
    )


class LimitsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in LIMIT_LABELS.items():
            self.fields[name] = percent_field(label)

    def limits(self) -> dict[str, Decimal]:
        return {name: self.cleaned_data[name] for name in LIMIT_LABELS}


class PersonalMandateForm(LimitsForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["valid_from"] = forms.DateField(label=_("From"), widget=_DateInput)
        self.fields["valid_until"] = forms.DateField(
            label=_("Until"), required=False, widget=_DateInput, help_text=_("Empty: until ended.")
        )


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(label=_("Approves instead of you"), queryset=User.objects)
    starts_on = forms.DateField(label=_("From"), widget=_DateInput)
    ends_on = forms.DateField(label=_("Until"), widget=_DateInput)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [Role.MANAGER, Role.SALES_DIRECTOR]
        managers = (
            User.objects.filter(role__in=roles, is_active=True)
            .exclude(pk=manager.pk)
            .order_by("first_name", "last_name")
        )
        self.fields["delegate"].queryset = managers  # type: ignore[attr-defined]


class CheckForm(forms.Form):
    """A few lines (list amount, discount, cost, product group) and a discount on the total."""

    total_discount = percent_field(_("Discount on the total (%)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = ProductGroup.objects.filter(active=True)
        for i in range(1, CHECK_LINES + 1):
            self.fields[f"list_{i}"] = forms.DecimalField(
                label=_("List amount (€)"),
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0"),
            )
            self.fields[f"discount_{i}"] = percent_field(_("Discount (%)"), required=False)
            self.fields[f"cost_{i}"] = forms.DecimalField(
                label=_("Cost (€)"),
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0"),
            )
            self.fields[f"group_{i}"] = forms.ModelChoiceField(
                label=_("Product group"), queryset=groups, required=False
            )

    def rows(self) -> list[dict[str, Any]]:
        """The line fields, per line, for the template."""
        names = ("list", "discount", "cost", "group")
        return [
            {"number": i, "fields": [self[f"{n}_{i}"] for n in names]}
            for i in range(1, CHECK_LINES + 1)
        ]

    def figures(self) -> QuoteFigures:
        """The figures of the lines with a list amount, rounded to cents as a quote is."""
        data = self.cleaned_data
        lines = []
        for i in range(1, CHECK_LINES + 1):
            amount = data.get(f"list_{i}")
            if amount is None:
                continue
            discount = _cents(amount * (data.get(f"discount_{i}") or 0) / 100)
            group = data.get(f"group_{i}")
            lines.append(
                LineFigures(
                    key=str(i),
                    product_group_id=group.pk if group else None,
                    list_amount=amount,
                    discount_amount=discount,
                    cost_amount=data.get(f"cost_{i}"),
                    net_amount=amount - discount,
                )
            )
        net = sum((line.net_amount for line in lines), Decimal("0"))
        total_discount = _cents(net * (data.get("total_discount") or 0) / 100)
        costs = [line.cost_amount for line in lines]
        known = [c for c in costs if c is not None]
        return QuoteFigures(
            lines=tuple(lines),
            total_discount_amount=total_discount,
            net_total=net - total_discount,
            cost_total=sum(known, Decimal("0")) if len(known) == len(costs) else None,
        )


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
