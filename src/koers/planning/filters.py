"""The one list of market signals (the feed): the page, its CSV/XLSX export and the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Segment
from koers.core import access
from koers.core.lists import Column, Header, ListFilterSet, SortFilter, labels
from koers.core.widgets import FastSelect
from koers.planning import queries
from koers.planning.models import Importance, MarketSignal, SignalKind, SignalSource
from koers.sales.models import Competitor, ProductGroup

# The period filter: its value is a number of days back from today.
PERIODS = (("30", _("Last 30 days")), ("90", _("Last 3 months")), ("365", _("Last year")))


def _names(rows: Any) -> str:
    return ", ".join(str(r) for r in rows)


SIGNAL_COLUMNS = (
    Column(_("Date"), lambda s: s.date),
    Column(_("What"), lambda s: s.title),
    Column(_("Details"), lambda s: s.text),
    Column(_("Kind"), lambda s: s.get_kind_display()),
    Column(_("Source"), lambda s: s.get_source_display()),
    Column(_("Importance"), lambda s: s.get_importance_display()),
    Column(_("Accounts"), lambda s: _names(s.visible_accounts)),
    Column(_("Segments"), lambda s: _names(s.segments.all())),
    Column(_("Product groups"), lambda s: _names(s.product_groups.all())),
    Column(_("Competitors"), lambda s: _names(s.competitors.all())),
    Column(_("Recorded by"), lambda s: str(s.recorded_by)),
    Column(_("Koers id"), lambda s: s.pk),
)


class SignalFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=SignalKind.choices, empty_label=_("All kinds"), widget=FastSelect
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=SignalSource.choices,
        empty_label=_("All sources"),
        widget=FastSelect,
    )
    importance = django_filters.ChoiceFilter(
        label=_("Importance"),
        choices=Importance.choices,
        empty_label=_("Any importance"),
        widget=FastSelect,
    )
    period = django_filters.ChoiceFilter(
        label=_("Period"),
        choices=PERIODS,
        empty_label=_("All time"),
        method="filter_period",
        widget=FastSelect,
    )
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(
        label=_("Up to and including"), field_name="date", lookup_expr="lte"
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"),
        field_name="segments",
        queryset=Segment.objects.all(),
        empty_label=_("All segments"),
        widget=FastSelect,
    )
    product_group = django_filters.ModelChoiceFilter(
        label=_("Product group"),
        field_name="product_groups",
        queryset=ProductGroup.objects.all(),
        empty_label=_("All product groups"),
        widget=FastSelect,
    )
    competitor = django_filters.ModelChoiceFilter(
        label=_("Competitor"),
        field_name="competitors",
        queryset=Competitor.objects.all(),
        empty_label=_("All competitors"),
        widget=FastSelect,
    )
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), field_name="accounts", queryset=None, widget=forms.NumberInput
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"date": ("date",), "importance": ("importance", "date"), "recorded": ("created_at",)}
    default_sort = "-date"
    headers = (
        Header(_("Date"), "date"),
        Header(_("What")),
        Header(_("About")),
        Header(_("Importance"), "importance"),
    )
    columns = SIGNAL_COLUMNS
    # A year of signals of a whole company runs into the hundreds of thousands: count no
    # further than this, and fetch a page by the ids of its rows (docs/performance.md).
    count_cap = 1000

    class Meta:
        model = MarketSignal
        fields = [
            "kind",
            "source",
            "importance",
            "period",
            "date_from",
            "date_to",
            "segment",
            "product_group",
            "competitor",
            "account",
            "sort",
        ]

    def setup(self) -> None:
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["product_group"].queryset = ProductGroup.objects.order_by("code")
        self.filters["competitor"].queryset = Competitor.objects.only("pk", "name")

    def filter_period(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(date__gte=timezone.localdate() - timedelta(days=int(value)))

    def rows(self) -> QuerySet[MarketSignal]:
        return queries.signals_readable(self.user)

    def fetch(self, ids: list[Any]) -> Any:
        return queries.signals_listed(self.user).filter(pk__in=ids)

    def export_rows(self) -> QuerySet[Any]:
        return self.found(queries.signals_listed(self.user))

    def prepare(self, rows: list[Any]) -> None:
        kinds, sources = labels(SignalKind), labels(SignalSource)
        for signal in rows:
            signal.kind_label = kinds.get(signal.kind, signal.kind)
            signal.source_label = sources.get(signal.source, signal.source)
