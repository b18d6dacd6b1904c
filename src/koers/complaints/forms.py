"""Forms of complaints: thin, the rules are in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    Severity,
)
from koers.core.models import User
from koers.core.widgets import FastSelect
from koers.relations.services.people import account_people, chain_account_ids
from koers.sales.catalogue.fields import product_field
from koers.sales.models import Product, ProductGroup


class _DateInput(forms.DateInput):
    input_type = "date"


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _people_choices(account: Account, also: list[int]) -> Any:
    ids = account_people(account) | set(also)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name")


class ComplaintForm(forms.Form):
    """Registering a complaint (for `account`) or changing one (`complaint` given)."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ComplaintCategory.objects.none(), widget=FastSelect
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial="normal")
    channel = forms.ChoiceField(label=_("Came in by"), choices=Channel.choices, initial="phone")
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Account.objects.none(), required=False, widget=FastSelect
    )
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, widget=FastSelect
    )
    product = product_field(label=_("Product"), queryset=Product.objects.none(), required=False)
    product_group = forms.ChoiceField(label=_("Product group"), required=False, widget=FastSelect)
    product_name = forms.CharField(
        label=_("Product not in the catalogue"),
        max_length=120,
        required=False,
        help_text=_("Only for what the catalogue does not hold."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, widget=FastSelect
    )
    agreed_handling = forms.CharField(
        label=_("Handling agreed with the customer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    promised_on = forms.DateField(
        label=_("Promised to the customer for"), required=False, widget=_DateInput
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        account: Account,
        user: User,
        complaint: Complaint | None = None,
        **kwargs: Any,
    ) -> None:
        if complaint is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(complaint, name) for name in _EDITABLE},
                "product_group": complaint.product_group_id,
                "version": complaint.version,
            }
        super().__init__(*args, **kwargs)
        current = complaint.category_id if complaint else None
        _choice(self, "category").queryset = ComplaintCategory.objects.filter(
            Q(active=True) | Q(pk=current)
        )
        chain = chain_account_ids(account)
        branches = Account.objects.filter(pk__in=chain).exclude(pk=account.pk)
        _choice(self, "branch").queryset = branches
        if not branches.exists():
            del self.fields["branch"]
        _choice(self, "contact").queryset = Contact.objects.filter(
            positions__account_id__in=chain
        ).distinct()
        self._catalogue_choices(complaint)
        also = [user.pk] + ([complaint.owner_id] if complaint else [])
        _choice(self, "owner").queryset = _people_choices(account, also)
        _choice(self, "owner").empty_label = str(_("The account manager"))
        if complaint is not None:
            self.fields["owner"].required = True
            _choice(self, "owner").empty_label = None

    def _catalogue_choices(self, complaint: Complaint | None) -> None:
        """The products sold today and the groups in use, and what the complaint names already."""
        today = timezone.localdate()
        current = complaint.product_id if complaint else None
        sold = Q(active_from__lte=today) & (
            Q(active_until__isnull=True) | Q(active_until__gte=today)
        )
        _choice(self, "product").queryset = Product.objects.filter(sold | Q(pk=current))
        field = self.fields["product_group"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "---------"),
            *group_choices(complaint.product_group_id if complaint else None),
        ]

    def clean_product_group(self) -> ProductGroup | None:
        value = self.cleaned_data.get("product_group")
        return ProductGroup.objects.filter(pk=value).first() if value else None


def group_choices(current: int | None = None) -> list[tuple[str, str]]:
    """The groups in use (and `current`), as "Main" and "Main / Sub", in the catalogue's order."""
    groups = list(
        ProductGroup.objects.filter(Q(active=True) | Q(pk=current)).order_by("position", "code")
    )
    names = {g.pk: g.name for g in groups}
    mains = [g for g in groups if g.parent_id is None]
    choices = []
    for main in mains:
        choices.append((str(main.pk), main.name))
        choices.extend(
            (str(sub.pk), f"{main.name} / {sub.name}") for sub in groups if sub.parent_id == main.pk
        )
    shown = {int(pk) for pk, _label in choices}
    # A subgroup whose main group was retired: still a choice, under its own name.
    choices.extend((str(g.pk), names[g.pk]) for g in groups if g.pk not in shown)
    return choices


_EDITABLE = (
    "category",
    "description",
    "severity",
    "channel",
    "branch",
    "contact",
    "product",
    "product_group",
    "product_name",
    "owner",
    "agreed_handling",
    "promised_on",
)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class SolveForm(forms.Form):
    solution = forms.CharField(
        label=_("Solution"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(forms.Form):
    answer = forms.CharField(
        label=_("The customer's answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Is the customer satisfied?"),
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)


class CategoryEditForm(CategoryForm):
    active = forms.BooleanField(label=_("In use"), required=False)


class TaskForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Colleague"), queryset=User.objects.none(), widget=FastSelect
    )
    description = forms.CharField(label=_("What to do"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=_DateInput)

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "assignee").queryset = (
            User.objects.filter(is_active=True)
            .exclude(role="marketing")
            .order_by("first_name", "last_name")
        )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mention a colleague with @ and their user name, e.g. @ingrid."),
    )
