"""The one list of gifts (docs/decisions.md, 18): the page, its CSV/XLSX export and the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import Column, Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.widgets import FastSelect
from koers.gifts import queries
from koers.gifts.models import Gift, GiftDirection, GiftKind, GiftStatus

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


GIFT_COLUMNS = (
    Column(_("Date"), lambda g: g.date),
    Column(_("Direction"), lambda g: g.get_direction_display()),
    Column(_("Kind"), lambda g: g.get_kind_display()),
    Column(_("What"), lambda g: g.description),
    Column(_("Estimated value"), lambda g: g.value),
    Column(_("Account"), lambda g: g.account.name),
    Column(_("Contact"), lambda g: g.contact.full_name if g.contact else ""),
    Column(_("Colleague"), lambda g: _name(g.person)),
    Column(_("Occasion"), lambda g: g.occasion),
    Column(_("Personal interest"), lambda g: g.interest),
    Column(_("Status"), lambda g: g.get_status_display()),
    Column(_("Above the limit"), lambda g: g.above_limit),
    Column(_("Decided by"), lambda g: _name(g.decided_by)),
    Column(_("Comment"), lambda g: g.decision_comment),
    Column(_("Koers id"), lambda g: g.pk),
)


class GiftFilterSet(ListFilterSet):
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, widget=forms.NumberInput
    )
    contact = django_filters.ModelChoiceFilter(
        label=_("Contact"), queryset=None, widget=forms.NumberInput
    )
    person = django_filters.ModelChoiceFilter(
        label=_("Colleague"), queryset=None, widget=FastSelect, empty_label=_("Everyone")
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"),
        choices=GiftDirection.choices,
        empty_label=_("Given and received"),
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=GiftKind.choices, empty_label=_("All kinds"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=GiftStatus.choices,
        empty_label=_("All statuses"),
        widget=FastSelect,
    )
    above_limit = django_filters.BooleanFilter(
        label=_("Above the limit"), widget=forms.NullBooleanSelect
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(
        label=_("Up to and including"), field_name="date", lookup_expr="lte"
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"date": ("date",), "value": ("value",), "created": ("created_at",)}
    default_sort = "-date"
    headers = (
        Header(_("Date"), "date"),
        Header(_("What")),
        Header(_("Account and contact")),
        Header(_("Colleague")),
        Header(_("Value"), "value", "num"),
        Header(_("Status")),
    )
    columns = GIFT_COLUMNS
    trailing_columns = 1
    # PostgreSQL planned the scoped page joined to five related tables for longer than it ran
    # it (about 40 ms at size L): the ids first, then the gifts (decision 133).
    page_by_id = True

    class Meta:
        model = Gift
        fields = [
            "account",
            "contact",
            "person",
            "direction",
            "kind",
            "status",
            "above_limit",
            "year",
            "date_from",
            "date_to",
            "sort",
        ]

    def setup(self) -> None:
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["contact"].queryset = access.contacts_readable(self.user)
        self.filters["person"].queryset = access.users_readable(self.user).only(
            "pk", "first_name", "last_name", "username"
        )

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))

    def rows(self) -> QuerySet[Gift]:
        return queries.gifts_readable(self.user)

    def extension_related(self) -> list[str]:
        # The related rows every channel shows (page, export), taken where the list takes the
        # extensions' (a bare select_related() there would follow only the non-null keys).
        return [*super().extension_related(), *queries.RELATED]

    def prepare(self, rows: list[Any]) -> None:
        statuses, kinds = labels(GiftStatus), labels(GiftKind)
        detail = url_maker("gifts:gift_detail")
        for gift in rows:
            gift.url = detail(gift.pk)
            gift.status_label = statuses.get(gift.status, gift.status)
            gift.kind_label = kinds.get(gift.kind, gift.kind)
