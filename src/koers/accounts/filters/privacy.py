"""The lists of the person's rights (AVG): the log of personal-data exports (administrators) and
the contacts due for a retention review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts import queries
from koers.accounts.filters.search import contact_name_q, search_terms
from koers.accounts.models import Contact, ExportFormat, PersonalDataExport
from koers.core.lists import (
    MAX_ID,
    Header,
    ListFilterSet,
    SortFilter,
    labels,
    search_filter,
    url_maker,
)
from koers.core.models import User
from koers.core.widgets import FastSelect


class PersonalDataExportFilterSet(ListFilterSet):
    """Who read which contact's personal data, newest first. Administrators only (the view
    asks); the log holds every export, also of contacts the administrator erased since."""

    exported_by = django_filters.ModelChoiceFilter(
        label=_("Exported by"),
        queryset=User.objects.none(),
        empty_label=_("All"),
        widget=FastSelect,
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=ExportFormat.choices, empty_label=_("All"), widget=FastSelect
    )
    contact = django_filters.NumberFilter(
        field_name="contact_number", label=_("Contact id"), min_value=1, max_value=MAX_ID
    )
    since = django_filters.DateFilter(
        field_name="exported_at", lookup_expr="date__gte", label=_("From")
    )
    until = django_filters.DateFilter(
        field_name="exported_at", lookup_expr="date__lte", label=_("Until")
    )
    sort = SortFilter(
        label=_("Sort by"),
        choices=[("-exported", _("Newest first")), ("exported", _("Oldest first"))],
        widget=FastSelect,
    )

    sorts = {"exported": ("exported_at",)}
    default_sort = "-exported"
    headers = (
        Header(_("Exported at"), "exported"),
        Header(_("Exported by")),
        Header(_("Contact")),
        Header(_("Format")),
    )
    count_cap = 1000

    class Meta:
        model = PersonalDataExport
        fields = ["exported_by", "format", "contact", "since", "until", "sort"]

    def setup(self) -> None:
        # Only those who ever exported: the select stays short however many users there are.
        exporters = PersonalDataExport.objects.values("exported_by")
        self.filters["exported_by"].queryset = User.objects.filter(pk__in=exporters).order_by(
            "first_name", "last_name", "pk"
        )

    def rows(self) -> QuerySet[PersonalDataExport]:
        return PersonalDataExport.objects.all()

    def fetch(self, ids: list[Any]) -> Iterable[PersonalDataExport]:
        return PersonalDataExport.objects.filter(pk__in=ids).select_related(
            "exported_by", "contact"
        )

    def prepare(self, rows: list[PersonalDataExport]) -> None:
        """The contact by name and link while it exists and is not erased; by id after."""
        contact_url = url_maker("accounts:contact_detail")
        formats = labels(ExportFormat)
        for row in rows:
            row.format_label = formats.get(row.format, row.format)  # type: ignore[attr-defined]
            row.contact_label = _contact_label(row)  # type: ignore[attr-defined]
            row.contact_url = contact_url(row.contact_id) if row.contact_id else ""  # type: ignore[attr-defined]


def _contact_label(row: PersonalDataExport) -> str:
    number = {"id": row.contact_number}
    if row.contact is None:
        return str(_("Contact %(id)s (deleted)") % number)
    if row.contact.erased_at is not None:
        return str(_("Contact %(id)s (erased)") % number)
    return row.contact.full_name


class RetentionFilterSet(ListFilterSet):
    """The contacts to review for retention: readable by the user (a manager's teams, all for
    an administrator), no change for `PRIVACY_RETENTION_YEARS` years, no consent for mailings."""

    q = search_filter(_("Name or e-mail"))
    sort = SortFilter(
        label=_("Sort by"),
        choices=[("name", _("Name A to Z")), ("updated", _("Longest unchanged first"))],
        widget=FastSelect,
    )

    sorts = {
        "name": (Lower("last_name"), Lower("first_name")),
        "updated": ("updated_at",),
    }
    default_sort = "name"
    headers = (
        Header(_("Name"), "name"),
        Header(_("Last change"), "updated"),
        Header(_("Mailings")),
        Header(_("Review")),
    )
    count_cap = 1000

    class Meta:
        model = Contact
        fields = ["q", "sort"]

    def setup(self) -> None:
        years = settings.PRIVACY_RETENTION_YEARS
        self.cutoff = queries.retention_cutoff(timezone.now(), years)

    def rows(self) -> QuerySet[Contact]:
        return queries.contacts_due_for_review(self.user, cutoff=self.cutoff)

    def fetch(self, ids: list[Any]) -> Iterable[Contact]:
        return queries.with_last_change(Contact.objects.filter(pk__in=ids))

    def filter_search(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet:
        for term in search_terms(value):
            queryset = queryset.filter(contact_name_q(term))
        return queryset

    def prepare(self, rows: list[Contact]) -> None:
        contact_url = url_maker("accounts:contact_detail")
        erase_url = url_maker("accounts:contact_erase")
        for contact in rows:
            contact.detail_url = contact_url(contact.pk)  # type: ignore[attr-defined]
            contact.erase_url = erase_url(contact.pk)  # type: ignore[attr-defined]
