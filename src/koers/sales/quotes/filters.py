"""The quote list ("Offertes"): one FilterSet for the page and the API.

A row is a quote's current version (one that no newer version replaced; variants side by side
are a row each). By default the open ones, the nearest validity date first; `expiring` narrows
them to sent or approved quotes valid for at most 7 more days.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import Column, Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.widgets import FastSelect
from koers.sales.models import OPEN_QUOTE_STATUSES, QuoteStatus, QuoteVersion
from koers.sales.quotes import queries

EXPIRING_DAYS = 7

QUOTE_COLUMNS = (
    Column(_("Number"), lambda v: v.quote.number),
    Column(_("Version"), lambda v: v.label),
    Column(_("Title"), lambda v: v.quote.title),
    Column(_("Account"), lambda v: v.quote.account.name),
    Column(_("Status"), lambda v: v.get_status_display()),
    Column(_("Total excluding VAT"), lambda v: v.net_total),
    Column(_("Valid until"), lambda v: v.valid_until),
    Column(_("Owner"), lambda v: str(v.quote.owner)),
)


class QuoteFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), ("all", _("All statuses")), *QuoteStatus.choices],
        empty_label=None,
        method="filter_status",
        widget=FastSelect,
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=None, field_name="quote__owner", widget=FastSelect
    )
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, field_name="quote__account", widget=forms.NumberInput
    )
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within 7 days"),
        method="filter_expiring",
        widget=forms.CheckboxInput,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "valid": ("valid_until", "pk"),
        "value": ("net_total", "pk"),
        "number": ("quote__number", "variant"),
    }
    default_sort = "valid"
    count_cap = 1000
    # A manager's team has some 20,000 open quotes at size L: the page walks the validity
    # index and checks only its own rows; the count (to 1,000) follows in a second request.
    count_later = True
    columns = QUOTE_COLUMNS
    headers = (
        Header(_("Quote"), "number"),
        Header(_("Account")),
        Header(_("Status")),
        Header(_("Total excl. VAT"), "value"),
        Header(_("Valid until"), "valid"),
        Header(_("Owner")),
    )

    class Meta:
        model = QuoteVersion
        fields = ["status", "owner", "account", "expiring", "sort"]

    def defaults(self) -> dict[str, str]:
        return {"status": "open"}

    def setup(self) -> None:
        self.today = timezone.localdate()
        self.filters["owner"].queryset = access.users_readable(self.user).order_by(
            "first_name", "last_name"
        )
        self.filters["account"].queryset = access.accounts_readable(self.user)

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value or value == "all":
            return queryset
        if value == "open":
            return queryset.filter(status__in=OPEN_QUOTE_STATUSES)
        return queryset.filter(status=value)

    def filter_expiring(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(
            status__in=(QuoteStatus.APPROVED, QuoteStatus.SENT),
            valid_until__lte=self.today + timedelta(days=EXPIRING_DAYS),
        )

    def rows(self) -> QuerySet[QuoteVersion]:
        # The form that counts (and exports) fastest for the user's scope.
        return queries.versions_readable_for_count(self.user).filter(superseded_by__isnull=True)

    def rows_in_order(self) -> QuerySet[QuoteVersion]:
        return queries.versions_readable_for_page(self.user).filter(superseded_by__isnull=True)

    def fetch(self, ids: list[Any]) -> QuerySet[QuoteVersion]:
        return QuoteVersion.objects.filter(pk__in=ids).select_related(
            "quote", "quote__account", "quote__owner"
        )

    def prepare(self, rows: list[Any]) -> None:
        statuses = labels(QuoteStatus)
        detail = url_maker("sales:quote_version")
        soon = self.today + timedelta(days=EXPIRING_DAYS)
        for row in rows:
            row.url = detail(row.pk)
            row.status_label = statuses[row.status]
            row.expiring = row.status in (QuoteStatus.APPROVED, QuoteStatus.SENT) and (
                row.valid_until <= soon
            )
