"""The contact list: its filters, search, sorts, table headers and export columns, used by the
list page, its export and GET /api/v1/contacts alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from koers.accounts import queries
from koers.accounts.filters.search import contact_search_q, search_terms
from koers.accounts.models import AccountTeamMember, Attitude, BuyingRole, Contact, Position
from koers.accounts.validators import format_phone
from koers.core import access
from koers.core.lists import (
    MAX_ID,
    Column,
    Header,
    ListFilterSet,
    SortFilter,
    field_column,
    labels,
    search_filter,
    url_maker,
)
from koers.core.widgets import FastSelect

CONSENT_YES = "yes"
CONSENT_NO = "no"


def _positions(contact: Contact) -> list[Any]:
    return list(getattr(contact, "current_positions", []))


CONTACT_COLUMNS: tuple[Column, ...] = (
    field_column(Contact, "first_name"),
    field_column(Contact, "last_name"),
    field_column(Contact, "email"),
    field_column(Contact, "phone", lambda c: format_phone(c.phone)),
    field_column(Contact, "mobile", lambda c: format_phone(c.mobile)),
    Column(_("Accounts"), lambda c: "; ".join(p.account.name for p in _positions(c))),
    Column(_("Job titles"), lambda c: "; ".join(p.job_title for p in _positions(c) if p.job_title)),
    Column(
        _("Buying roles"),
        lambda c: "; ".join(p.get_buying_role_display() for p in _positions(c) if p.buying_role),
    ),
    field_column(Contact, "mailing_consent"),
    field_column(Contact, "opted_out"),
    field_column(Contact, "created_at"),
    # Koers's own id last: importing the export, edited in Excel, updates these contacts.
    Column(_("Koers contact id"), lambda c: c.pk),
)


class CheckboxFilter(django_filters.Filter):
    """A checkbox: present ("on", "true") narrows the list, absent leaves it."""

    field_class = forms.BooleanField


def _kept(queryset: QuerySet[Contact], name: str, value: Any) -> QuerySet[Contact]:
    # Applied together in ContactFilterSet.filter_queryset: one position must match them all.
    return queryset


class ContactFilterSet(ListFilterSet):
    q = search_filter(_("Name, e-mail or account"))
    role = django_filters.ChoiceFilter(
        label=_("Buying role"),
        choices=BuyingRole.choices,
        empty_label=_("All roles"),
        method=_kept,
        widget=FastSelect,
    )
    attitude = django_filters.ChoiceFilter(
        label=_("Attitude"),
        choices=Attitude.choices,
        empty_label=_("All attitudes"),
        method=_kept,
        widget=FastSelect,
    )
    # Not on the page's form: the API's `account`, and whether former positions count.
    account = django_filters.NumberFilter(method=_kept, min_value=1, max_value=MAX_ID)
    include_former = CheckboxFilter(method=_kept)
    consent = django_filters.ChoiceFilter(
        label=_("Mailings"),
        choices=[
            (CONSENT_YES, _("May receive mailings")),
            (CONSENT_NO, _("May not receive mailings")),
        ],
        empty_label=_("All"),
        method="filter_consent",
        widget=FastSelect,
    )
    mine = CheckboxFilter(label=_("Only my accounts' contacts"), method="filter_mine")
    sort = SortFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("Name A to Z")),
            ("-name", _("Name Z to A")),
            ("email", _("E-mail")),
            ("-updated", _("Recently changed")),
            ("-created", _("Recently added")),
        ],
        widget=FastSelect,
    )

    sorts = {
        "name": (Lower("last_name"), Lower("first_name")),
        "email": (Lower("email"),),
        "created": ("created_at",),
        "updated": ("updated_at",),
    }
    default_sort = "name"
    headers = (
        Header(_("Name"), "name"),
        Header(_("Job title and account")),
        Header(_("Buying role")),
        Header(_("E-mail"), "email", "hide-mobile"),
        Header(_("Phone"), css="hide-mobile"),
    )
    columns = CONTACT_COLUMNS
    state_fields = ("sort", "include_former")
    # A manager's teams can have tens of thousands of contacts: the list counts this far.
    count_cap = queries.CONTACT_LIST_LIMIT
    # The page fetches its own rows; the count (to 1,000) follows in a second request.
    count_later = True

    class Meta:
        model = Contact
        fields = [
            "q",
            "role",
            "attitude",
            "account",
            "include_former",
            "consent",
            "mine",
            "sort",
        ]

    # Managers get a check per contact, which walks a page in list order; counting all of a
    # large scope is cheaper with the list form (docs/performance.md, finding 9).
    def rows(self) -> QuerySet[Contact]:
        return access.contacts_readable(self.user)

    def rows_in_order(self) -> QuerySet[Contact]:
        # A page in name order (an index) without a filter walks the contacts and checks each,
        # for every role: an account manager's 26 are among the first 1,500 or so (issue 7).
        # A filter, or an order without an index, can make the walk long; then the list of the
        # user's contacts is the shorter way.
        if self.is_filtered() or self.sort.lstrip("-") != "name":
            return self.rows()
        return access.contacts_readable_for_page(self.user)

    def rows_for_count(self) -> QuerySet[Contact]:
        return access.contacts_readable_for_count(self.user)

    def rows_for_search(self) -> QuerySet[Contact]:
        # A search matches a few hundred contacts of the whole file (an index on the names):
        # checking those is cheaper than listing an account manager's thousands of contacts
        # first (70 of a search's 85 ms at size L; docs/performance.md).
        return access.contacts_readable_for_page(self.user)

    def fetch(self, ids: list[int]) -> Iterable[Contact]:
        return queries.with_current_positions(self.user, Contact.objects.filter(pk__in=ids))

    def prepare(self, rows: list[Contact]) -> None:
        contact_url = url_maker("accounts:contact_detail")
        account_url = url_maker("accounts:account_detail")
        roles = labels(BuyingRole)
        for contact in rows:
            contact.detail_url = contact_url(contact.pk)  # type: ignore[attr-defined]
            contact.phone_display = format_phone(contact.phone or contact.mobile)  # type: ignore[attr-defined]
            for position in contact.current_positions:  # type: ignore[attr-defined]
                position.account_url = account_url(position.account_id)
                position.role_label = roles.get(position.buying_role, "")

    def export_rows(self) -> QuerySet[Contact]:
        """Every contact of the list with its current positions at readable accounts."""
        return self.found(queries.contacts_for_list(self.user))

    def _readable_accounts(self) -> QuerySet[Any]:
        return access.accounts_readable(self.user).values("pk")

    def filter_search(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet:
        for term in search_terms(value):
            queryset = queryset.filter(contact_search_q(term, self.user))
        return queryset

    def filter_consent(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet:
        may = Q(mailing_consent=True, opted_out=False)
        return queryset.filter(may if value == CONSENT_YES else ~may)

    def _current(self) -> QuerySet[Position]:
        """Positions of the outer contact at readable accounts: roles, attitudes and employers
        belong to the positions the user can see."""
        return Position.objects.filter(
            contact=OuterRef("pk"), account__in=self._readable_accounts()
        )

    def filter_mine(self, queryset: QuerySet[Contact], name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        on_team = AccountTeamMember.objects.filter(account=OuterRef("account_id"), user=self.user)
        mine = Q(account__owner=self.user) | Q(Exists(on_team))
        return queryset.filter(Exists(self._current().filter(mine, end_date__isnull=True)))

    def filter_queryset(self, queryset: QuerySet[Contact]) -> QuerySet[Contact]:
        """One position must match the role, attitude and account asked for together; a
        current one unless `include_former`."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        wanted = Q()
        for name, field in (
            ("role", "buying_role"),
            ("attitude", "attitude"),
            ("account", "account_id"),
        ):
            if data.get(name):
                wanted &= Q(**{field: data[name]})
        if not wanted:
            return queryset
        if not data.get("include_former"):
            wanted &= Q(end_date__isnull=True)
        return queryset.filter(Exists(self._current().filter(wanted)))
