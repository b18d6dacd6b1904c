"""The lists of relationship care: activities, visit reports and commitments, each one FilterSet
(docs/decisions.md, "Adding a list"), used by the API's lists and by any page or export that
lists them later.

An account or owner that the user may not read (or that does not exist) is not a choice: the
API answers a 422 naming the parameter, the same for both, so nothing is learned about it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Tier
from koers.core import access
from koers.core.lists import ListFilterSet, SortFilter, labels
from koers.core.models import Role
from koers.core.widgets import FastSelect
from koers.relations import queries
from koers.relations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Commitment,
    CommitmentDirection,
    CommitmentStatus,
    VisitReport,
)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _Checkbox(django_filters.Filter):
    field_class = forms.BooleanField


class _RelationsFilterSet(ListFilterSet):
    """Account, owner and a date range, the same for the three lists; `date_field` is what the
    range is about, `account_field` and `owner_field` where the account and owner are."""

    account_field: str = "account"
    owner_field: str = "owner"
    date_field: str = ""
    date_is_day: bool = False

    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, method="filter_account", widget=forms.NumberInput
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=None, method="filter_owner", widget=forms.NumberInput
    )
    date_from = django_filters.DateFilter(label=_("From"), method="filter_date_from")
    date_to = django_filters.DateFilter(label=_("Up to and including"), method="filter_date_to")

    def setup(self) -> None:
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["owner"].queryset = access.users_readable(self.user)

    def filter_account(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(**{self.account_field: value}) if value else queryset

    def filter_owner(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(**{self.owner_field: value}) if value else queryset

    def filter_date_from(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.date_field}__gte": self._from(value)})

    def filter_date_to(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.date_field}__lt": self._from(value + timedelta(days=1))})

    def _from(self, day: date) -> Any:
        # A moment's range by the user's days (midnight to midnight in their time zone), so
        # that the index on the moment is used; a date's range as it is.
        return day if self.date_is_day else _start_of(day)


class ActivityFilterSet(_RelationsFilterSet):
    date_field = "planned_start"

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ActivityKind.choices, empty_label=_("All kinds"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ActivityStatus.choices,
        empty_label=_("All statuses"),
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "planned_start": ("planned_start",),
        "created": ("created_at",),
        "updated": ("updated_at",),
    }
    default_sort = "-planned_start"

    class Meta:
        model = Activity
        fields = ["account", "owner", "kind", "status", "date_from", "date_to", "sort"]

    def rows(self) -> QuerySet[Activity]:
        return queries.activities_readable(self.user)


class ReportFilterSet(_RelationsFilterSet):
    """The manager's feed of the team's reports: newest first; by the visit's account, owner
    and kind, the author, and the day it was written."""

    account_field = "activity__account"
    owner_field = "activity__owner"
    date_field = "created_at"

    author = django_filters.ModelChoiceFilter(
        label=_("Author"), queryset=None, method="filter_author", widget=FastSelect
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="activity__kind",
        choices=ActivityKind.choices,
        empty_label=_("All kinds"),
        widget=FastSelect,
    )
    tier = django_filters.ChoiceFilter(
        label=_("Tier"),
        field_name="activity__account__tier",
        choices=Tier.choices,
        empty_label=_("All"),
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"created": ("created_at",), "updated": ("updated_at",)}
    default_sort = "-created"
    # The feed's page: the ids of its own reports and one more, newest first, then the page's
    # cards; the count line (to 1,000) follows in a second request (decision 45).
    count_cap = 1000
    count_later = True

    class Meta:
        model = VisitReport
        fields = ["account", "owner", "author", "kind", "tier", "date_from", "date_to", "sort"]

    def setup(self) -> None:
        super().setup()
        # Who writes reports: the people who own accounts (a select of names on the page).
        self.filters["author"].queryset = (
            access.users_readable(self.user)
            .filter(role__in=[Role.ACCOUNT_MANAGER, Role.MANAGER, Role.INSIDE_SALES, Role.ADMIN])
            .only("pk", "first_name", "last_name", "username")
        )

    def fetch(self, ids: list[Any]) -> Iterable[VisitReport]:
        return (
            VisitReport.objects.filter(pk__in=ids)
            .select_related("activity__account", "activity__owner", "author")
            .annotate(comment_count=Count("comments"))
        )

    def prepare(self, rows: list[Any]) -> None:
        kinds = labels(ActivityKind)
        for report in rows:
            report.kind_label = kinds.get(report.activity.kind, report.activity.kind)

    def filter_author(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(author=value) if value else queryset

    def rows(self) -> QuerySet[VisitReport]:
        return queries.reports_readable(self.user)


class CommitmentFilterSet(_RelationsFilterSet):
    date_field = "due_date"
    date_is_day = True

    direction = django_filters.ChoiceFilter(
        label=_("Who promised"),
        choices=CommitmentDirection.choices,
        empty_label=_("Both ways"),
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CommitmentStatus.choices,
        empty_label=_("All statuses"),
        widget=FastSelect,
    )
    overdue = _Checkbox(label=_("Only overdue"), method="filter_overdue")
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"due_date": ("due_date",), "created": ("created_at",), "updated": ("updated_at",)}
    default_sort = "due_date"

    class Meta:
        model = Commitment
        fields = [
            "account",
            "owner",
            "direction",
            "status",
            "overdue",
            "date_from",
            "date_to",
            "sort",
        ]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(status=CommitmentStatus.OPEN, due_date__lt=timezone.localdate())

    def rows(self) -> QuerySet[Commitment]:
        return queries.commitments_readable(self.user)
