"""The complaint list: one FilterSet for the page and the API (decision 18).

Its default order is what a customer owner must see first: open complaints, of those the ones
past the date promised to the customer, then the promised date (earliest first), then the
newest. An account, owner, team or category the user may not see is not a choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import BooleanField, Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.complaints import queries
from koers.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    Severity,
)
from koers.core import access
from koers.core.lists import Column, Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.widgets import FastSelect
from koers.sales.models import Product, ProductGroup


class _Checkbox(django_filters.Filter):
    field_class = forms.BooleanField


def _urgency(today: date) -> tuple[Any, ...]:
    open_first = Case(
        When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    overdue_first = Case(
        When(status__in=OPEN_STATUSES, promised_on__lt=today, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (open_first, overdue_first, F("promised_on").asc(nulls_last=True), "-received_at")


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


# The export: what a manager needs to follow complaints up in a spreadsheet, the dates of the
# indicators (first response, solved, closed) included.
COMPLAINT_COLUMNS = (
    Column(_("Received"), lambda c: c.received_at),
    Column(_("Account"), lambda c: c.account.name),
    Column(_("Branch"), lambda c: c.branch.name if c.branch else ""),
    Column(_("Contact"), lambda c: c.contact.full_name if c.contact else ""),
    Column(_("Category"), lambda c: c.category.name),
    Column(_("Product code"), lambda c: c.product.code if c.product else ""),
    Column(_("Product"), lambda c: c.product.name if c.product else ""),
    Column(_("Product group"), lambda c: c.product_group.name if c.product_group else ""),
    Column(_("Product not in the catalogue"), lambda c: c.product_name),
    Column(_("Description"), lambda c: c.description),
    Column(_("Severity"), lambda c: c.get_severity_display()),
    Column(_("Came in by"), lambda c: c.get_channel_display()),
    Column(_("Owner"), lambda c: _name(c.owner)),
    Column(_("Status"), lambda c: c.get_status_display()),
    Column(_("Promised for"), lambda c: c.promised_on),
    Column(_("Past the promised date"), lambda c: c.overdue_on(timezone.localdate())),
    Column(_("Handling agreed with the customer"), lambda c: c.agreed_handling),
    Column(_("Solution"), lambda c: c.solution),
    Column(_("The customer's answer"), lambda c: c.customer_answer),
    Column(_("Reason for rejecting"), lambda c: c.reject_reason),
    Column(_("Times reopened"), lambda c: c.times_reopened),
    Column(_("First response"), lambda c: c.first_response_at),
    Column(_("Solved"), lambda c: c.solved_at),
    Column(_("Closed"), lambda c: c.closed_at),
    Column(_("Koers id"), lambda c: c.pk),
)
# What the export's columns read, taken with the rows.
RELATED = ("account", "branch", "contact", "category", "owner", "product", "product_group")


def in_group(group: ProductGroup | int) -> Q:
    """The complaints about a product group: named on the complaint or through its product, in
    the group or (for a main group) in one of its subgroups, as the structural overview counts
    them."""
    pk = group if isinstance(group, int) else group.pk
    groups = ProductGroup.objects.filter(Q(pk=pk) | Q(parent_id=pk)).values("pk")
    return Q(product_group__in=groups) | Q(product__group__in=groups)


class ComplaintFilterSet(ListFilterSet):
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, method="filter_account", widget=forms.NumberInput
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=None, field_name="owner", widget=FastSelect
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=None, method="filter_team", widget=FastSelect
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=None, field_name="category", widget=FastSelect
    )
    # An id, as the structural overview links here: a list of every product in the catalogue
    # (2,000 at size L) would be most of the page's rendering time.
    product = django_filters.ModelChoiceFilter(
        label=_("Product"), queryset=None, field_name="product", widget=forms.NumberInput
    )
    product_group = django_filters.ModelChoiceFilter(
        label=_("Product group"), queryset=None, method="filter_group", widget=FastSelect
    )
    # The structural overview links here per product not in the catalogue (the text).
    product_name = django_filters.CharFilter(
        label=_("Product not in the catalogue"), method="filter_product", max_length=120
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), *ComplaintStatus.choices],
        empty_label=_("All statuses"),
        method="filter_status",
        widget=FastSelect,
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"),
        choices=Severity.choices,
        empty_label=_("Every severity"),
        widget=FastSelect,
    )
    overdue = _Checkbox(label=_("Only past the promised date"), method="filter_overdue")
    received_from = django_filters.DateFilter(label=_("Received from"), method="filter_from")
    received_to = django_filters.DateFilter(
        label=_("Received up to and including"), method="filter_to"
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "urgency": _urgency(date.today()),
        "received": ("received_at",),
        "promised": (F("promised_on").asc(nulls_last=True),),
        "updated": ("updated_at",),
    }
    default_sort = "urgency"
    count_cap = 1000
    columns = COMPLAINT_COLUMNS
    trailing_columns = 1
    headers = (
        Header(_("Complaint")),
        Header(_("Account")),
        Header(_("Status")),
        Header(_("Owner")),
        Header(_("Received"), "received"),
        Header(_("Promised for"), "promised"),
    )

    class Meta:
        model = Complaint
        fields = [
            "account",
            "owner",
            "team",
            "category",
            "product",
            "product_group",
            "product_name",
            "status",
            "severity",
            "overdue",
            "received_from",
            "received_to",
            "sort",
        ]

    def setup(self) -> None:
        self.today = timezone.localdate()
        self.sorts = {**self.sorts, "urgency": _urgency(self.today)}
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["owner"].queryset = access.users_readable(self.user).order_by(
            "first_name", "last_name"
        )
        self.filters["team"].queryset = access.teams_readable(self.user).order_by("name")
        self.filters["category"].queryset = ComplaintCategory.objects.all()
        self.filters["product"].queryset = Product.objects.all()
        self.filters["product_group"].queryset = ProductGroup.objects.all()

    def filter_account(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(account=value) if value else queryset

    def filter_team(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(owner__in=value.members.values("pk"))

    def filter_group(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(in_group(value)) if value else queryset

    def filter_product(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = (value or "").strip()
        return queryset.filter(product_name__iexact=value) if value else queryset

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES, promised_on__lt=self.today)

    def filter_from(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(received_at__gte=_start_of(value))

    def filter_to(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(received_at__lt=_start_of(value) + timedelta(days=1))

    def rows(self) -> QuerySet[Complaint]:
        return queries.complaints_readable_for_page(self.user)

    def first_ids(self, found: QuerySet[Any], n: int) -> list[Any]:
        """In the default order, the open complaints first and then the closed ones, each by
        the promised date: among open complaints "past the promised date first" already
        follows from the earliest promised date. Two walks of an index (the open ones have a
        partial index) instead of sorting every readable complaint by a computed order: a
        manager's first page sorted 17,000 rows at size L (decision 133)."""
        if self.sort != "urgency":
            return super().first_ids(found, n)
        status = self.value("status") or ""
        only_open = bool(self.value("overdue")) or status in ("open", *OPEN_STATUSES)
        only_closed = bool(status) and not only_open
        later = (F("promised_on").asc(nulls_last=True), "-received_at")
        ids: list[Any] = []
        if not only_closed:
            open_rows = found.filter(_open_as_indexed()).order_by(*later)
            ids = list(open_rows.values_list("pk", flat=True)[:n])
        if len(ids) < n and not only_open:
            closed = found.exclude(status__in=OPEN_STATUSES).order_by(*later)
            ids += list(closed.values_list("pk", flat=True)[: n - len(ids)])
        return ids

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), *RELATED]

    def fetch(self, ids: list[Any]) -> Iterable[Complaint]:
        return Complaint.objects.filter(pk__in=ids).select_related(
            "account", "category", "owner", "product", "product_group"
        )

    def prepare(self, rows: list[Any]) -> None:
        statuses, severities = labels(ComplaintStatus), labels(Severity)
        detail = url_maker("complaints:complaint_detail")
        for row in rows:
            row.url = detail(row.pk)
            row.status_label = statuses[row.status]
            row.severity_label = severities[row.severity]
            row.overdue = row.overdue_on(self.today)


def _open_as_indexed() -> RawSQL:
    """`status IN (the open statuses)` written out as the partial index's condition is: SQLite
    uses a partial index only when the query repeats its terms, and a bound parameter is not
    one. The statuses are the model's constants, never input."""
    statuses = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
    column = f'"{Complaint._meta.db_table}"."status"'
    return RawSQL(f"{column} IN ({statuses})", (), output_field=BooleanField())  # noqa: S611


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
