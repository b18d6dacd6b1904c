"""The one list of campaigns: the page and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.campaigns import queries
from koers.campaigns.models import Campaign, CampaignKind
from koers.core import access
from koers.core.lists import Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.widgets import FastSelect

FIRST_YEAR, LAST_YEAR = 2000, 2100


class CampaignFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CampaignKind.choices, empty_label=_("All kinds"), widget=FastSelect
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=None, widget=FastSelect, empty_label=_("Everyone")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"start": ("starts_on",), "name": ("name",), "budget": ("budget",)}
    default_sort = "-start"
    headers = (
        Header(_("Campaign"), "name"),
        Header(_("Period"), "start"),
        Header(_("Owner")),
        Header(_("Budget"), "budget", "num"),
        Header(_("Selection"), css="num"),
    )

    class Meta:
        model = Campaign
        fields = ["q", "kind", "owner", "year", "sort"]

    def setup(self) -> None:
        self.filters["owner"].queryset = access.users_readable(self.user).only(
            "pk", "first_name", "last_name", "username"
        )

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Running at some time in the year."""
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1))

    def rows(self) -> QuerySet[Campaign]:
        return queries.campaigns_readable(self.user).select_related(*queries.RELATED)

    def extension_related(self) -> list[str]:
        # Where the list takes the related rows: a bare select_related() there would follow
        # only the non-null keys, not the selection.
        return [*super().extension_related(), *queries.RELATED]

    def prepare(self, rows: list[Any]) -> None:
        kinds = labels(CampaignKind)
        detail = url_maker("campaigns:campaign_detail")
        for campaign in rows:
            campaign.url = detail(campaign.pk)
            campaign.kind_label = kinds.get(campaign.kind, campaign.kind)
