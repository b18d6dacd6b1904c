"""Forms of opportunities: thin, the rules are in the services. The competitor register's form
lives in `competitor_forms.py` (re-exported here)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Attitude, BuyingRole, Contact
from koers.core.models import User
from koers.core.widgets import FastSelect
from koers.relations.services.people import account_people, chain_account_ids
from koers.sales.catalogue.fields import product_field
from koers.sales.models import (
    OPEN_STAGES,
    Competitor,
    LostReason,
    Opportunity,
    Product,
    Source,
    Stage,
    WonReason,
)
from koers.sales.opportunities.campaign_link import campaigns_for
from koers.sales.opportunities.competitor_forms import CompetitorForm
from koers.sales.opportunities.lifecycle import stages_after
from koers.sales.opportunities.qualification_forms import QualificationForm


class _DateInput(forms.DateInput):
    input_type = "date"


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _contacts_of(account: Account) -> Any:
    # The stage form and the DMU form of a page ask for the same account's chain.
    chain = getattr(account, "_chain_ids", None)
    if chain is None:
        chain = account._chain_ids = chain_account_ids(account)  # type: ignore[attr-defined]
    return (
        Contact.objects.filter(positions__account_id__in=chain, erased_at=None)
        .distinct()
        .order_by("last_name", "first_name")
    )


def _open_stage_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Stage.choices if value in OPEN_STAGES]


EDITABLE = (
    "title",
    "need",
    "solution",
    "amount",
    "close_on",
    "source",
    "campaign",
    "owner",
    "branch",
    "probability",
    "room_lowest_price",
    "room_min_margin",
    "room_max_discount",
    "room_concessions",
)


ROOM_FIELDS = ("room_lowest_price", "room_min_margin", "room_max_discount", "room_concessions")


class OpportunityForm(forms.Form):
    """A new opportunity (for `account`, with its DMU and stage) or a change (`opportunity`)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    need = forms.CharField(
        label=_("The customer's need"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    solution = forms.CharField(
        label=_("Proposed solution"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount = forms.DecimalField(
        label=_("Estimated value (€)"),
        required=False,
        help_text=_("Or add products from the catalogue on the opportunity's page."),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    close_on = forms.DateField(label=_("Expected close date"), widget=_DateInput)
    source = forms.ChoiceField(
        label=_("Source"), choices=Source.choices, initial=Source.VISIT, widget=FastSelect
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Opportunity.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("When the source is a campaign: which one."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=(), initial=Stage.PREPARE, widget=FastSelect
    )
    probability = forms.IntegerField(
        label=_("Probability (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Leave empty for the stage's default."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, widget=FastSelect
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Account.objects.none(), required=False, widget=FastSelect
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("The DMU for this deal"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their role and attitude are copied from their position at the account."),
    )
    room_lowest_price = forms.DecimalField(
        label=_("Lowest total price (€)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    room_min_margin = forms.DecimalField(
        label=_("Lowest margin (%)"), required=False, max_digits=5, decimal_places=1
    )
    room_max_discount = forms.DecimalField(
        label=_("Highest discount (%)"),
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
    )
    room_concessions = forms.CharField(
        label=_("Concessions allowed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Payment terms, delivery, service: what may be given."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        account: Account,
        user: User,
        opportunity: Opportunity | None = None,
        **kwargs: Any,
    ) -> None:
        if opportunity is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(opportunity, name) for name in EDITABLE},
                "version": opportunity.version,
            }
        super().__init__(*args, **kwargs)
        chain = chain_account_ids(account)
        branches = Account.objects.filter(pk__in=chain).exclude(pk=account.pk)
        _choice(self, "branch").queryset = branches
        if not branches.exists():
            del self.fields["branch"]
        also = [user.pk] + ([opportunity.owner_id] if opportunity else [])
        ids = account_people(account) | set(also)
        owners = User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name")
        _choice(self, "owner").queryset = owners
        campaigns = campaigns_for(user)
        if opportunity is not None and opportunity.campaign_id:  # kept, even if unreadable now
            campaigns = campaigns.model._default_manager.filter(
                Q(pk__in=campaigns.values("pk")) | Q(pk=opportunity.campaign_id)
            )
        _choice(self, "campaign").queryset = campaigns.order_by("-starts_on", "-pk")
        if opportunity is None:
            for name in ROOM_FIELDS:  # agreed later, with the manager
                del self.fields[name]
            cast(forms.ChoiceField, self.fields["stage"]).choices = _open_stage_choices()
            _choice(self, "contacts").queryset = _contacts_of(account)
            _choice(self, "owner").empty_label = str(_("Me, or the account manager"))
        else:
            del self.fields["stage"], self.fields["contacts"]
            self.fields["owner"].required = True
            _choice(self, "owner").empty_label = None
            if opportunity.lines.exists():
                self.fields["amount"].disabled = True
                self.fields["amount"].help_text = _("The sum of the products on the page.")


class StageForm(forms.Form):
    """Moving the stage; the lost fields are asked when the move is to lost, the won ones
    (the date, and why: optional) when it is to won."""

    to = forms.ChoiceField(label=_("New stage"), choices=(), widget=FastSelect)
    lost_reason = forms.ChoiceField(
        label=_("Reason lost"),
        choices=[("", "—"), *LostReason.choices],
        required=False,
        widget=FastSelect,
    )
    lost_to = forms.ModelChoiceField(
        label=_("Competitor who won"),
        queryset=Competitor.objects.none(),
        required=False,
        widget=FastSelect,
    )
    price_gap = forms.DecimalField(
        label=_("Price gap (%)"), required=False, max_digits=5, decimal_places=1
    )
    decided_by = forms.ModelChoiceField(
        label=_("Who decided at the customer"),
        queryset=Contact.objects.none(),
        required=False,
        widget=FastSelect,
    )
    lost_note = forms.CharField(
        label=_("What we learned"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    won_on = forms.DateField(
        label=_("Won on"),
        required=False,
        widget=_DateInput,
        help_text=_("Today, unless you give another date."),
    )
    won_reason = forms.ChoiceField(
        label=_("Reason won"),
        choices=[("", "—"), *WonReason.choices],
        required=False,
        widget=FastSelect,
    )
    won_note = forms.CharField(
        label=_("Why we won"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        choices = [(s, labels[s]) for s in stages_after(opportunity.stage)]
        cast(forms.ChoiceField, self.fields["to"]).choices = choices
        _choice(self, "lost_to").queryset = Competitor.objects.filter(
            Q(active=True) | Q(pk=opportunity.lost_to_id)
        )
        _choice(self, "decided_by").queryset = _contacts_of(opportunity.account)


class ReopenForm(forms.Form):
    to = forms.ChoiceField(label=_("Back to stage"), choices=(), widget=FastSelect)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = _open_stage_choices()


class DealContactForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), widget=FastSelect
    )

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "contact").queryset = _contacts_of(opportunity.account).exclude(
            pk__in=opportunity.deal_contacts.values("contact_id")
        )


class DealRoleForm(forms.Form):
    buying_role = forms.ChoiceField(
        label=_("Buying role"), choices=[("", "—"), *BuyingRole.choices], required=False
    )
    attitude = forms.ChoiceField(label=_("Attitude"), choices=Attitude.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


MEMBER_SLOTS = 4


class MembersForm(forms.Form):
    """The owner's share and up to four colleagues with theirs (the colleagues read once)."""

    owner_share = forms.DecimalField(
        label=_("Owner's share (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            initial: dict[str, Any] = {"owner_share": opportunity.owner_share}
            for i, member in enumerate(opportunity.members.all()[:MEMBER_SLOTS]):
                initial[f"user_{i}"], initial[f"share_{i}"] = member.user_id, member.share
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.people = {
            user.pk: user
            for user in User.objects.filter(is_active=True)
            .exclude(pk=opportunity.owner_id)
            .exclude(role="marketing")
            .order_by("first_name", "last_name")
        }
        choices = [("", "—"), *((pk, str(user)) for pk, user in self.people.items())]
        for i in range(MEMBER_SLOTS):
            self.fields[f"user_{i}"] = forms.TypedChoiceField(
                label=_("Colleague"),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=FastSelect,
            )
            self.fields[f"share_{i}"] = forms.DecimalField(
                label=_("Share (%)"),
                required=False,
                max_digits=5,
                decimal_places=2,
                min_value=0,
                max_value=100,
            )

    def members(self) -> list[tuple[User, Decimal]]:
        data = self.cleaned_data
        return [
            (self.people[data[f"user_{i}"]], data[f"share_{i}"] or Decimal("0"))
            for i in range(MEMBER_SLOTS)
            if data.get(f"user_{i}")
        ]

    def slots(self) -> list[tuple[Any, Any]]:
        return [(self[f"user_{i}"], self[f"share_{i}"]) for i in range(MEMBER_SLOTS)]


class CompetitorsForm(forms.Form):
    competitors = forms.ModelMultipleChoiceField(
        label=_("Competitors in play"),
        queryset=Competitor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, opportunity: Opportunity, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"competitors": list(opportunity.competitors.all())})
        super().__init__(*args, **kwargs)
        _choice(self, "competitors").queryset = Competitor.objects.filter(
            Q(active=True) | Q(pk__in=opportunity.competitors.values("pk"))
        )


class LineForm(forms.Form):
    product = product_field(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=12, decimal_places=3, min_value=Decimal("0.001")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        _choice(self, "product").queryset = (
            Product.objects.filter(active_from__lte=today)
            .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
            .order_by("code")
        )


__all__ = [
    "CompetitorForm",
    "CompetitorsForm",
    "DealContactForm",
    "DealRoleForm",
    "LineForm",
    "MembersForm",
    "OpportunityForm",
    "QualificationForm",
    "ReopenForm",
    "StageForm",
]
