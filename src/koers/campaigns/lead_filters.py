"""The one list of a campaign's leads: the page and the API (decision 140)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from koers.campaigns.lead_models import Lead, LeadMatch
from koers.campaigns.lead_queries import LEAD_RELATED, leads_readable
from koers.campaigns.models import Campaign
from koers.core import access
from koers.core.lists import Header, ListFilterSet, SortFilter, url_maker
from koers.core.models import User
from koers.core.widgets import FastSelect

CONVERTED = (("yes", _("Turned into an opportunity")), ("no", _("Not yet")))


class LeadFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("Name or company"), method="filter_q")
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=None, widget=FastSelect, empty_label=_("Everyone")
    )
    match = django_filters.ChoiceFilter(
        label=_("Matched as"),
        choices=LeadMatch.choices,
        empty_label=_("Every match"),
        widget=FastSelect,
    )
    converted = django_filters.ChoiceFilter(
        label=_("Opportunity"),
        choices=CONVERTED,
        empty_label=_("All leads"),
        method="filter_converted",
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"recorded": ("created_at",), "name": ("name",), "follow_up": ("follow_up_on",)}
    default_sort = "-recorded"
    headers = (
        Header(_("Lead"), "name"),
        Header(_("Account")),
        Header(_("Owner")),
        Header(_("Follow up on"), "follow_up"),
        Header(_("Opportunity")),
        Header(_("Recorded"), "recorded"),
    )

    class Meta:
        model = Lead
        fields = ["q", "owner", "match", "converted", "sort"]

    def __init__(self, data: Any = None, *, user: User, campaign: Campaign, **kwargs: Any):
        self.campaign = campaign
        super().__init__(data, user=user, **kwargs)

    def setup(self) -> None:
        self.filters["owner"].queryset = access.users_readable(self.user).only(
            "pk", "first_name", "last_name", "username"
        )

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(company__icontains=value))

    def filter_converted(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value not in ("yes", "no"):
            return queryset
        return queryset.filter(opportunity__isnull=value == "no")

    def rows(self) -> QuerySet[Lead]:
        return (
            leads_readable(self.user).filter(campaign=self.campaign).select_related(*LEAD_RELATED)
        )

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), *LEAD_RELATED]

    def prepare(self, rows: list[Any]) -> None:
        detail = url_maker("campaigns:lead_detail")
        for lead in rows:
            lead.url = detail(lead.pk)
