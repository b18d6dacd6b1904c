"""The order lists: one FilterSet for the page, the export and the API (decision 18).

"Orders" lists every order of the accounts the user may read, the newest first; "orders to watch"
is the same list with `watch` on (promised and not yet delivered past the promised date, or an
open problem) and, for an account manager, their own orders by default. The count is capped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import Column, Header, ListFilterSet, labels, url_maker
from koers.core.lists import SortFilter as SortFilter
from koers.core.widgets import FastSelect
from koers.sales.models import OPEN_ORDER_STATUSES, Order, OrderSource, OrderStatus
from koers.sales.orders import queries


class _DateInput(forms.DateInput):
    input_type = "date"


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


ORDER_COLUMNS = (
    Column(_("Order number"), lambda o: o.number),
    Column(_("Account"), lambda o: o.account.name),
    Column(_("Deliver to branch"), lambda o: o.branch.name if o.branch else ""),
    Column(_("Status"), lambda o: o.get_status_display()),
    Column(_("Order date"), lambda o: o.ordered_on),
    Column(_("Requested delivery date"), lambda o: o.requested_on),
    Column(_("Promised delivery date"), lambda o: o.promised_on),
    Column(_("Delivered on"), lambda o: o.delivered_on),
    Column(_("Invoiced on"), lambda o: o.invoiced_on),
    Column(_("Net amount"), lambda o: o.net_total),
    Column(_("Cost"), lambda o: o.cost_total),
    Column(_("VAT"), lambda o: o.vat_total),
    Column(_("Customer's order number"), lambda o: o.customer_reference),
    Column(_("ERP order number"), lambda o: o.external_number),
    Column(_("Source"), lambda o: o.get_source_display()),
    Column(_("Repeat order"), lambda o: o.is_repeat),
    Column(_("Open problems"), lambda o: o.open_problems),
    Column(_("Account manager"), lambda o: _name(o.owner)),
    Column(_("Koers id"), lambda o: o.pk),
)
RELATED = ("account", "branch", "owner")


class OrderFilterSet(ListFilterSet):
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, method="filter_account", widget=forms.NumberInput
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Account manager"), queryset=None, field_name="owner", widget=FastSelect
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=None, method="filter_team", widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Not yet delivered")), *OrderStatus.choices],
        empty_label=_("Every status"),
        method="filter_status",
        widget=FastSelect,
    )
    watch = django_filters.BooleanFilter(
        label=_("Late or with a problem"),
        method="filter_watch",
        widget=forms.CheckboxInput,
    )
    ordered_from = django_filters.DateFilter(
        label=_("Ordered from"), field_name="ordered_on", lookup_expr="gte", widget=_DateInput
    )
    ordered_until = django_filters.DateFilter(
        label=_("Ordered up to"), field_name="ordered_on", lookup_expr="lte", widget=_DateInput
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=OrderSource.choices,
        empty_label=_("Every source"),
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "date": ("-ordered_on", "-pk"),
        "promised": ("promised_on", "pk"),
        "value": ("net_total", "pk"),
        "number": ("number",),
    }
    default_sort = "date"
    count_cap = 1000
    # The page walks its own rows in list order; the count (to 1,000) follows in a second
    # request: a manager's 90,000 orders at size L (decision 135).
    count_later = True
    columns = ORDER_COLUMNS
    trailing_columns = 1
    headers = (
        Header(_("Order"), "number"),
        Header(_("Account")),
        Header(_("Status")),
        Header(_("Ordered"), "date"),
        Header(_("Promised"), "promised"),
        Header(_("Net amount"), "value"),
        Header(_("Account manager")),
    )

    class Meta:
        model = Order
        fields = [
            "account",
            "owner",
            "team",
            "status",
            "watch",
            "ordered_from",
            "ordered_until",
            "source",
            "sort",
        ]

    def setup(self) -> None:
        self.today = timezone.localdate()
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["owner"].queryset = access.users_readable(self.user).order_by(
            "first_name", "last_name"
        )
        self.filters["team"].queryset = access.teams_readable(self.user).order_by("name")

    def filter_account(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(account=value) if value else queryset

    def filter_team(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(owner__in=value.members.values("pk"))

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        if value == "open":
            return queryset.filter(status__in=OPEN_ORDER_STATUSES)
        return queryset.filter(status=value)

    def filter_watch(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        return queryset.filter(queries.late_or_troubled(self.today)) if value else queryset

    # The orders to watch are a few thousand of the 500,000 at size L (an index each for the
    # late and the troubled ones): each checked with the plain EXISTS is cheapest; the hashed
    # forms below made PostgreSQL plan them badly (up to 1.7 s).
    def rows(self) -> QuerySet[Order]:
        """The form that counts (and exports) fastest for the user's scope."""
        if self.value("watch"):
            return queries.orders_readable(self.user)
        return queries.orders_readable_for_count(self.user)

    def rows_in_order(self) -> QuerySet[Order]:
        if self.value("watch"):
            return queries.orders_readable(self.user)
        return queries.orders_readable_for_page(self.user)

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), *RELATED]

    def fetch(self, ids: list[Any]) -> Iterable[Order]:
        return Order.objects.filter(pk__in=ids).select_related("account", "owner")

    def prepare(self, rows: list[Any]) -> None:
        statuses = labels(OrderStatus)
        detail = url_maker("sales:order_detail")
        for row in rows:
            row.url = detail(row.pk)
            row.status_label = statuses[row.status]
            row.late = queries.is_late(row, self.today)


class OrderWatchFilterSet(OrderFilterSet):
    """Orders to watch: `watch` on, and an account manager's own orders unless they pick."""

    # A user's late or troubled orders are a few hundred: the page counts them as it lists them.
    count_later = False

    def defaults(self) -> dict[str, str]:
        values = {"watch": "true", "sort": "promised"}
        if access.has_portfolio(self.user):
            values["owner"] = str(self.user.pk)
        return values
