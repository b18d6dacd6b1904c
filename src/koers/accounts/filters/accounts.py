"""The account list: its filters, search, sorts, table headers and export columns, used by the
list page, its export and GET /api/v1/accounts alike.

The whole filter state lives in the query string, so a filtered list is a shareable link and an
export of "what I see" is the same parameters sent to another URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from koers.accounts import queries
from koers.accounts.fields import ACCOUNT_FIELDS
from koers.accounts.filters.search import search_term_q, search_terms
from koers.accounts.models import Account, AccountStatus, Segment, Tier
from koers.accounts.validators import format_phone
from koers.core import access
from koers.core.lists import (
    Column,
    Header,
    ListFilterSet,
    SortFilter,
    field_column,
    labels,
    search_filter,
    url_maker,
)
from koers.core.models import Role, Team, User
from koers.core.widgets import FastSelect

SCOPE_MINE = "mine"
SCOPE_ALL = "all"

# Along the lifecycle: prospect, customer, former customer.
STATUS_RANK = Case(
    When(status=AccountStatus.PROSPECT, then=Value(0)),
    When(status=AccountStatus.CUSTOMER, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)

# The editable fields but the postal country and the notes, then the dates.
_EXPORT_FIELDS = (
    *(name for name in ACCOUNT_FIELDS if name not in ("postal_country", "notes")),
    "created_at",
    "updated_at",
)
# Cells that show a field as the app does, rather than the stored value.
_CELLS: dict[str, Any] = {
    "phone": lambda a: format_phone(a.phone),
    "segment": lambda a: a.segment.name if a.segment else "",
    "status": lambda a: a.get_status_display(),
    "owner": lambda a: str(a.owner),
    "parent": lambda a: a.parent.name if a.parent else "",
}
# Koers's own id last: importing the export, edited in Excel, updates these accounts.
ACCOUNT_COLUMNS: tuple[Column, ...] = (
    *(field_column(Account, name, _CELLS.get(name)) for name in _EXPORT_FIELDS),
    Column(_("Koers id"), lambda a: a.pk),
)


def default_scope(user: User) -> str:
    """An account manager starts from their own portfolio; everyone else from all they see."""
    return SCOPE_MINE if access.has_portfolio(user) else SCOPE_ALL


class AccountFilterSet(ListFilterSet):
    q = search_filter(_("Name, city, KvK number or contact"))
    scope = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[(SCOPE_MINE, _("My accounts")), (SCOPE_ALL, _("All I may see"))],
        method="filter_scope",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    tier = django_filters.ChoiceFilter(
        label=_("Tier"), choices=Tier.choices, empty_label=_("All"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AccountStatus.choices, empty_label=_("All"), widget=FastSelect
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"), queryset=Segment.objects.all(), empty_label=_("All"), widget=FastSelect
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Account manager"),
        queryset=User.objects.none(),
        empty_label=_("All"),
        widget=FastSelect,
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"),
        queryset=Team.objects.none(),
        method="filter_team",
        empty_label=_("All"),
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort"), widget=forms.HiddenInput)

    sorts = {
        "name": ("name",),
        "city": ("visit_city", "name"),
        "tier": ("tier", "name"),
        "status": (STATUS_RANK, "name"),
        "owner": ("owner__first_name", "owner__last_name", "name"),
        "created": ("created_at",),
        "updated": ("updated_at",),
    }
    default_sort = "name"
    headers = (
        Header(_("Name"), "name"),
        Header(_("City"), "city"),
        Header(_("Tier"), "tier"),
        Header(_("Segment"), css="hide-mobile"),
        Header(_("Status"), "status", "hide-mobile"),
        Header(_("Account manager"), "owner", "hide-mobile"),
    )
    columns = ACCOUNT_COLUMNS
    trailing_columns = 1  # Koers's id
    state_fields = ("sort", "scope")
    # Relations adds the contact status (filter, column, sort) here: core/list_extensions.py.
    extension_key = "accounts"
    # A search shows at most this many matches; beyond it the page asks for a sharper search.
    search_cap = queries.SEARCH_LIMIT

    class Meta:
        model = Account
        fields = ["q", "scope", "tier", "status", "segment", "owner", "team", "sort"]

    def setup(self) -> None:
        # Only what the options show (a user's name): the select lists every account manager.
        self.filters["owner"].queryset = (
            access.users_readable(self.user)
            .filter(role__in=[Role.ACCOUNT_MANAGER, Role.MANAGER, Role.ADMIN])
            .only("pk", "first_name", "last_name", "username")
        )
        self.filters["team"].queryset = access.teams_readable(self.user).only("pk", "name")
        self.filters["segment"].queryset = Segment.objects.only("pk", "name")

    def defaults(self) -> dict[str, str]:
        return {"scope": default_scope(self.user)}

    # The list form of the scope counts and searches fastest: its bitmap is ANDed with the
    # search's (docs/performance.md, finding 6); a page in list order wants the per-row form
    # (finding 8).
    def rows(self) -> QuerySet[Account]:
        return queries.accounts_for_list(self.user)

    def rows_in_order(self) -> QuerySet[Account]:
        return queries.accounts_for_list(self.user, per_row=True)

    def fetch(self, ids: list[int]) -> Iterable[Account]:
        return Account.objects.select_related("owner", "segment", "parent").filter(pk__in=ids)

    def prepare(self, rows: list[Account]) -> None:
        detail_url = url_maker("accounts:account_detail")
        tiers, statuses = labels(Tier), labels(AccountStatus)
        for account in rows:
            account.detail_url = detail_url(account.pk)  # type: ignore[attr-defined]
            account.tier_label = tiers.get(account.tier, account.tier)  # type: ignore[attr-defined]
            account.status_label = statuses.get(account.status, account.status)  # type: ignore[attr-defined]

    def filter_search(self, queryset: QuerySet[Account], name: str, value: str) -> QuerySet:
        # Every word must match somewhere; matches are id lists, so an account with several
        # matching contacts is still one row.
        for term in search_terms(value):
            queryset = queryset.filter(search_term_q(term))
        return queryset

    def filter_scope(self, queryset: QuerySet[Account], name: str, value: str) -> QuerySet:
        if value == SCOPE_MINE:
            return queryset.filter(owner=self.user)
        return queryset

    def filter_team(self, queryset: QuerySet[Account], name: str, value: Team) -> QuerySet:
        people = User.objects.filter(Q(teams=value) | Q(managed_teams=value)).values("pk")
        return queryset.filter(owner__in=people)


def filter_accounts(
    user: User, params: Mapping[str, Any]
) -> tuple[QuerySet[Account], AccountFilterSet]:
    """The account list `user` sees with the query-string `params`, for code without a request
    (tests, the benchmark), and the bound FilterSet."""
    filterset = AccountFilterSet(params, user=user)
    return filterset.found(), filterset
