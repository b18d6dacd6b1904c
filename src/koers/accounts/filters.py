"""Filtering the account list; shared by the list page, the export and the API.

The whole filter state lives in the query string, so a filtered list is a shareable link and an
export of "what I see" is the same parameters sent to another URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from koers.accounts import queries
from koers.accounts.models import Account, AccountStatus, Position, Segment, Tier
from koers.core import access
from koers.core.lookups import in_subquery
from koers.core.models import Role, Team, User

SCOPE_MINE = "mine"
SCOPE_ALL = "all"

# sort key in the URL -> order_by(); a leading "-" in the URL reverses every part.
SORTS: dict[str, tuple[Any, ...]] = {
    "name": ("name",),
    "city": ("visit_city", "name"),
    "tier": ("tier", "name"),
    "status": ("status_rank", "name"),
    "owner": ("owner__first_name", "owner__last_name", "name"),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]


def default_scope(user: User) -> str:
    """An account manager starts from their own portfolio; everyone else from all they see."""
    return SCOPE_MINE if user.role == Role.ACCOUNT_MANAGER and not user.is_admin else SCOPE_ALL


def search_terms(value: str) -> list[str]:
    return [term for term in value.split() if term][:6]


# Ids from the FTS5 trigram tables of migration accounts/0002 (SQLite only); constant SQL, the
# word is a parameter. A trigram needs three characters.
_ACCOUNT_FTS_IDS = "SELECT rowid FROM accounts_account_fts WHERE accounts_account_fts MATCH %s"
_CONTACT_FTS_IDS = "SELECT rowid FROM accounts_contact_fts WHERE accounts_contact_fts MATCH %s"
# The account search looks at contacts' names only, not at their e-mail addresses.
_CONTACT_NAME_FTS_IDS = (
    "SELECT rowid FROM accounts_contact_fts "
    "WHERE accounts_contact_fts MATCH '{first_name last_name} : ' || %s"
)
FTS_MIN_LENGTH = 3


def _fts_ids(sql: str, term: str) -> RawSQL:
    # As an FTS5 string: any substring, never query syntax (AND, NEAR, *, column filters).
    phrase = '"' + term.replace('"', '""') + '"'
    return RawSQL(sql, [phrase])  # noqa: S611


def _kvk_prefix(term: str) -> Q:
    """KvK numbers starting with `term`, as a range on the kvk_number index.

    KvK numbers are digits only (validators.clean_kvk_number), so any other word cannot match;
    LIKE 'term%' cannot use the index on SQLite (its LIKE ignores case). The upper bound is the
    next digit string ("1299" -> "13"), which sorts the same under every collation.
    """
    if not term.isdigit() or not term.isascii():
        return Q(pk__in=[])
    stem = term.rstrip("9")
    if not stem:
        return Q(kvk_number__gte=term)
    return Q(kvk_number__gte=term, kvk_number__lt=stem[:-1] + str(int(stem[-1]) + 1))


def _current_positions() -> QuerySet[Position]:
    return Position.objects.filter(end_date__isnull=True).order_by()


def search_term_q(term: str) -> Q:
    """The accounts one search word matches: name, city, KvK prefix or a current contact's name.

    As `pk IN (ids)` built from indexes, instead of an OR with a correlated EXISTS, which made the
    database read every account in scope and its contacts (docs/performance.md, finding 3).
    """
    if connection.vendor == "sqlite" and len(term) >= FTS_MIN_LENGTH:
        by_contact = _current_positions().filter(
            contact_id__in=_fts_ids(_CONTACT_NAME_FTS_IDS, term)
        )
        return (
            Q(pk__in=_fts_ids(_ACCOUNT_FTS_IDS, term))
            | Q(pk__in=by_contact.values("account_id"))
            | _kvk_prefix(term)
        )
    by_contact = _current_positions().filter(
        Q(contact__first_name__icontains=term) | Q(contact__last_name__icontains=term)
    )
    if connection.vendor == "sqlite":
        # Too short for a trigram: LIKE over the scope, as before the indexes.
        return (
            Q(name__icontains=term)
            | Q(visit_city__icontains=term)
            | _kvk_prefix(term)
            | Q(pk__in=by_contact.values("account_id"))
        )
    # PostgreSQL: each icontains is answered by a trigram index (migration accounts/0002). One OR
    # of index conditions, with the contacts' accounts as an array, lets the planner AND this
    # bitmap with the access scope's before it reads a single row (docs/performance.md).
    return (
        Q(name__icontains=term)
        | Q(visit_city__icontains=term)
        | _kvk_prefix(term)
        | in_subquery("pk", by_contact.values("account_id"))
    )


# Only the name column of the account FTS table: the contact search looks at account names.
_ACCOUNT_NAME_FTS_IDS = (
    "SELECT rowid FROM accounts_account_fts WHERE accounts_account_fts MATCH 'name : ' || %s"
)


def contact_name_q(term: str) -> Q:
    """The contacts whose first name, last name or e-mail address contains `term`.

    From the search indexes of migrations 0002 and 0003 (FTS5 on SQLite, pg_trgm on PostgreSQL)
    when the word is long enough for a trigram.
    """
    if connection.vendor == "sqlite" and len(term) >= FTS_MIN_LENGTH:
        return Q(pk__in=_fts_ids(_CONTACT_FTS_IDS, term))
    return Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)


def contact_search_q(term: str, readable_accounts: QuerySet[Account]) -> Q:
    """The contacts one word of the contact list's search matches: `contact_name_q`, or the
    name of a readable account they work at now or worked at.

    As id lists from the search indexes, like `search_term_q`: an OR with a correlated EXISTS
    read every contact in scope (docs/performance.md, finding 9).
    """
    if connection.vendor == "sqlite" and len(term) >= FTS_MIN_LENGTH:
        at_account = Position.objects.filter(
            account_id__in=_fts_ids(_ACCOUNT_NAME_FTS_IDS, term), account__in=readable_accounts
        )
    else:
        at_account = Position.objects.filter(
            account__name__icontains=term, account__in=readable_accounts
        )
    return contact_name_q(term) | in_subquery("pk", at_account.order_by().values("contact_id"))


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, city, KvK number or contact"),
                "autocomplete": "off",
            }
        ),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[(SCOPE_MINE, _("My accounts")), (SCOPE_ALL, _("All I may see"))],
        method="filter_scope",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AccountStatus.choices, empty_label=_("All")
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"), queryset=Segment.objects.all(), empty_label=_("All")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Account manager"), queryset=User.objects.none(), empty_label=_("All")
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=Team.objects.none(), method="filter_team", empty_label=_("All")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="filter_sort", widget=forms.HiddenInput
    )

    class Meta:
        model = Account
        fields = ["q", "scope", "tier", "status", "segment", "owner", "team", "sort"]

    def __init__(self, data: Mapping[str, Any] | None = None, *, user: User, **kwargs: Any):
        self.user = user
        super().__init__(data, **kwargs)
        self.filters["owner"].queryset = access.users_readable(user).filter(
            role__in=[Role.ACCOUNT_MANAGER, Role.MANAGER, Role.ADMIN]
        )
        self.filters["team"].queryset = access.teams_readable(user)

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

    def filter_sort(self, queryset: QuerySet[Account], name: str, value: str) -> QuerySet:
        key = value.lstrip("-")
        fields = [f"-{f}" if value.startswith("-") else f for f in SORTS[key]]
        return queryset.order_by(*fields, "pk")


def _list_base(user: User, *, per_row: bool = False) -> QuerySet[Account]:
    return queries.accounts_for_list(user, per_row=per_row).annotate(
        status_rank=Case(
            When(status=AccountStatus.PROSPECT, then=Value(0)),
            When(status=AccountStatus.CUSTOMER, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def filter_accounts(
    user: User, params: Mapping[str, Any]
) -> tuple[QuerySet[Account], AccountFilter]:
    """The accounts `user` may read, filtered and sorted by the query-string `params`.

    Returns the queryset (invalid parameters are ignored, never an error page) and the bound
    filterset, whose form shows the state.
    """
    data = params.copy() if hasattr(params, "copy") else dict(params)
    base = _list_base(user)
    if not data.get("scope"):
        data["scope"] = default_scope(user)
    filterset = AccountFilter(data, queryset=base, user=user)
    if not filterset.is_valid():
        # Drop only the bad parameters, so a stale link still shows something sensible.
        for field in filterset.errors:
            data.pop(field, None)
        if not data.get("scope"):
            data["scope"] = default_scope(user)
        filterset = AccountFilter(data, queryset=base, user=user)
    return filterset.qs, filterset


def accounts_for_page(user: User, filterset: AccountFilter) -> QuerySet[Account]:
    """The same accounts as `filterset.qs`, with the access scope in its per-row form: the
    cheaper one for fetching a page in list order, where the list form is the cheaper one for
    counting (docs/performance.md, finding 8)."""
    return filterset.filter_queryset(_list_base(user, per_row=True))
