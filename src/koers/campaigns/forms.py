"""Forms of campaigns: the campaign itself, the selection's filters, a contact by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import AccountStatus, BuyingRole, Contact, Segment, Tag, Tier
from koers.campaigns.models import Campaign, Mailing
from koers.campaigns.selection import Criteria
from koers.core.models import Role, User
from koers.sales.models import ProductGroup


def _euros(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        required=required,
    )


def product_groups() -> Any:
    return ProductGroup.objects.filter(active=True).order_by("position", "code")


class CampaignForm(forms.ModelForm):
    budget = _euros(_("Budget (€)"))
    actual_cost = _euros(_("Actual cost (€)"), required=False)
    goal_revenue = _euros(_("Goal: revenue (€)"), required=False)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "owner",
            "budget",
            "actual_cost",
            "product_groups",
            "goal_responses",
            "goal_leads",
            "goal_opportunities",
            "goal_revenue",
            "description",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "product_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owners = Q(role__in=[Role.MARKETING, Role.ACCOUNT_MANAGER, Role.ADMIN])
        if self.instance.pk:
            owners |= Q(pk=self.instance.owner_id)
        owner.queryset = User.objects.filter(owners, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        groups = cast(forms.ModelMultipleChoiceField, self.fields["product_groups"])
        groups.queryset = product_groups()

    def clean_actual_cost(self) -> Decimal:
        # Nothing spent yet: left empty when the campaign is made.
        return self.cleaned_data.get("actual_cost") or Decimal("0")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end lies before the start."))
        return data


def _ids(values: Any) -> list[int]:
    return sorted(v.pk for v in values or [])


class SelectionForm(forms.Form):
    """The filters of a selection; an empty field filters nothing."""

    segments = forms.ModelMultipleChoiceField(
        label=_("Segment"), queryset=Segment.objects.none(), required=False
    )
    tiers = forms.MultipleChoiceField(
        label=_("Tier"), choices=Tier.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    statuses = forms.MultipleChoiceField(
        label=_("Status"),
        choices=AccountStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    postcode_from = forms.IntegerField(
        label=_("Postcode from"), min_value=1000, max_value=9999, required=False
    )
    postcode_to = forms.IntegerField(
        label=_("Postcode up to"), min_value=1000, max_value=9999, required=False
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("Account manager"), queryset=User.objects.none(), required=False
    )
    buying_roles = forms.MultipleChoiceField(
        label=_("Buying role"),
        choices=BuyingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bought = forms.ModelMultipleChoiceField(
        label=_("Bought from these product groups"),
        queryset=ProductGroup.objects.none(),
        required=False,
    )
    not_bought = forms.ModelMultipleChoiceField(
        label=_("Never bought from these product groups"),
        queryset=ProductGroup.objects.none(),
        required=False,
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tag"), queryset=Tag.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = cast(dict[str, forms.ModelMultipleChoiceField], self.fields)
        fields["segments"].queryset = Segment.objects.order_by("name")
        fields["owners"].queryset = User.objects.filter(
            is_active=True, role=Role.ACCOUNT_MANAGER
        ).order_by("first_name", "last_name", "username")
        fields["bought"].queryset = product_groups()
        fields["not_bought"].queryset = product_groups()
        fields["tags"].queryset = Tag.objects.order_by("name")

    @classmethod
    def initial_from(cls, criteria: Criteria) -> dict[str, Any]:
        return criteria.dump()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("postcode_from"), data.get("postcode_to")
        if low is not None and high is not None and high < low:
            self.add_error("postcode_to", _("The end of the range lies before its start."))
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            segments=_ids(data.get("segments")),
            tiers=sorted(data.get("tiers") or []),
            statuses=sorted(data.get("statuses") or []),
            postcode_from=data.get("postcode_from"),
            postcode_to=data.get("postcode_to"),
            owners=_ids(data.get("owners")),
            buying_roles=sorted(data.get("buying_roles") or []),
            bought=_ids(data.get("bought")),
            not_bought=_ids(data.get("not_bought")),
            tags=_ids(data.get("tags")),
        )


class ContactChoiceForm(forms.Form):
    """One of the user's own contacts, to add to or remove from a selection."""

    contact: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none()
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["contact"])
        field.queryset = contacts
        field.empty_label = _("Choose the contact")


class MailingForm(forms.ModelForm):
    class Meta:
        model = Mailing
        fields = ["subject_nl", "body_nl", "subject_en", "body_en", "track_links"]
        widgets = {
            "body_nl": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "body_nl": _(
                "Placeholders such as {salutation}, {first_name} and {account} are filled in "
                "per contact; the signature and the unsubscribe link are added. "
                "{registration_link} becomes the contact's own link to the campaign's event."
            ),
            "track_links": _(
                "Web addresses in the text record a click, for contacts whose consent was "
                "given with a date. The unsubscribe link is never tracked."
            ),
        }


class TestSendForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("nl", _("Dutch")), ("en", _("English"))]
    )
