"""The list of sent mails: one FilterSet for the account's page and the API (decision 18)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import ListFilterSet, SortFilter
from koers.core.widgets import FastSelect
from koers.correspondence import queries
from koers.correspondence.models import InboundMail, InboundStatus, MailDirection, SentMail


class SentMailFilterSet(ListFilterSet):
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, method="filter_account", widget=forms.NumberInput
    )
    sent_by = django_filters.ModelChoiceFilter(
        label=_("Sent by"), queryset=None, method="filter_sent_by", widget=forms.NumberInput
    )
    date_from = django_filters.DateFilter(label=_("From"), method="filter_date_from")
    date_to = django_filters.DateFilter(label=_("Up to and including"), method="filter_date_to")
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"created": ("created_at",)}
    default_sort = "-created"

    class Meta:
        model = SentMail
        fields = ["account", "sent_by", "date_from", "date_to", "sort"]

    def setup(self) -> None:
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["sent_by"].queryset = access.users_readable(self.user)

    def rows(self) -> QuerySet[SentMail]:
        return queries.with_recipients(queries.sent_mails_readable(self.user))

    def fetch(self, ids: list[Any]) -> Iterable[SentMail]:
        return queries.with_recipients(SentMail.objects.filter(pk__in=ids))

    def prepare(self, rows: list[Any]) -> None:
        for mail in rows:
            mail.status = queries.mail_status(mail)

    def filter_account(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(account=value) if value else queryset

    def filter_sent_by(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(sent_by=value) if value else queryset

    def filter_date_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(created_at__gte=_start(value)) if value else queryset

    def filter_date_to(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(created_at__lt=_start(value + timedelta(days=1)))


class LoggedMailFilterSet(ListFilterSet):
    """The logged e-mails one may read (the API's list; the inbox page is the user's own)."""

    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, method="filter_account", widget=forms.NumberInput
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InboundStatus.choices)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=MailDirection.choices)
    date_from = django_filters.DateFilter(label=_("From"), method="filter_date_from")
    date_to = django_filters.DateFilter(label=_("Up to and including"), method="filter_date_to")
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"received": ("received_at",)}
    default_sort = "-received"

    class Meta:
        model = InboundMail
        fields = ["account", "status", "direction", "date_from", "date_to", "sort"]

    def setup(self) -> None:
        self.filters["account"].queryset = access.accounts_readable(self.user)

    def rows(self) -> QuerySet[InboundMail]:
        return queries.inbound_readable(self.user)

    def fetch(self, ids: list[Any]) -> Iterable[InboundMail]:
        return queries.with_logged_details(InboundMail.objects.filter(pk__in=ids))

    def filter_account(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        on_account = InboundMail.activities.through.objects.filter(
            inboundmail=OuterRef("pk"), activity__account=value
        )
        return queryset.filter(Exists(on_account))

    def filter_date_from(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(received_at__gte=_start(value)) if value else queryset

    def filter_date_to(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(received_at__lt=_start(value + timedelta(days=1)))


def _start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
