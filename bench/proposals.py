"""Proposed fixes, applied in-process so that the benchmark can measure them before anyone
changes the application (`python -m bench.run --proposals all`).

Each proposal says what it would change where; none of them writes to the source tree. The
ones marked "bench database" add indexes to the benchmark database for the length of the run and
remove them afterwards, so the next plain run measures the code as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet


def jit_off() -> Callable[[], None]:
    """settings.py: DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"} on PostgreSQL.

    The access-policy filters make the planner expect many rows (an OR over subqueries), so a
    plain COUNT(*) costs more than jit_above_cost (100,000) and PostgreSQL compiles it with
    LLVM first: 0.5-2 s of compiling for a query that runs in 20 ms. JIT pays off for long
    analytical queries only; an OLTP application turns it off.
    """
    from django.db import connection
    from django.db.backends.signals import connection_created

    def turn_off(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")

    connection_created.connect(turn_off)
    if connection.connection is not None:
        turn_off(None, connection)
    return lambda: connection_created.disconnect(turn_off)


def scope_in() -> Callable[[], None]:
    """core/access.py, account_scope: `pk IN (SELECT account_id FROM account team ...)` instead
    of a correlated `EXISTS(...)`, OR-ed with the owner condition.

    Same rows. SQLite runs a correlated EXISTS once per account row (a full scan of 100,000 rows
    for every COUNT(*)); an uncorrelated IN list it builds once and probes by rowid, so
    `owner_id = ? OR id IN (...)` can use both indexes (MULTI-INDEX OR). PostgreSQL turns both
    forms into a hashed subplan, so there the change is neutral.
    """
    from koers.accounts.models import AccountTeamMember
    from koers.core import access
    from koers.core.models import Role

    original = access.account_scope

    def account_scope(user: Any) -> Q:
        if not user.is_authenticated or not user.is_active:
            return Q(pk__in=[])
        if user.is_admin or user.role == Role.MARKETING:
            return Q()
        if user.role == Role.MANAGER:
            people = access._team_user_ids(user)
            on_team = AccountTeamMember.objects.filter(user__in=people).values("account_id")
            return Q(owner__in=people) | Q(pk__in=on_team)
        on_team = AccountTeamMember.objects.filter(user=user).values("account_id")
        return Q(owner=user) | Q(pk__in=on_team)

    access.account_scope = account_scope

    def undo() -> None:
        access.account_scope = original

    return undo


def search_in() -> Callable[[], None]:
    """accounts/filters.py, AccountFilter.filter_search: the accounts matching a word as one
    `pk IN (name or city or KvK match UNION account of a matching current contact)`.

    Same rows. The OR with a correlated EXISTS over positions and contacts forces a scan of
    every account in scope, probing its contacts one by one; the IN list is built once, and on
    PostgreSQL each part can use a trigram index (see `trigram_indexes`).
    """
    from koers.accounts import filters
    from koers.accounts.models import Account, Position

    original = filters.AccountFilter.filter_search

    def filter_search(self: Any, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for term in filters._search_terms(value):
            by_account = (
                Account.objects.filter(
                    Q(name__icontains=term)
                    | Q(visit_city__icontains=term)
                    | Q(kvk_number__startswith=term)
                )
                .order_by()
                .values("pk")
            )
            by_contact = (
                Position.objects.filter(end_date__isnull=True)
                .filter(
                    Q(contact__first_name__icontains=term) | Q(contact__last_name__icontains=term)
                )
                .order_by()
                .values("account_id")
            )
            queryset = queryset.filter(pk__in=by_account.union(by_contact, all=True))
        return queryset

    filters.AccountFilter.filter_search = filter_search

    def undo() -> None:
        filters.AccountFilter.filter_search = original

    return undo


# (table, expression, index name): what `icontains` compares on PostgreSQL is UPPER(column).
TRIGRAM_INDEXES = [
    ("accounts_account", 'UPPER("name")', "bench_account_name_trgm"),
    ("accounts_account", 'UPPER("visit_city")', "bench_account_city_trgm"),
    ("accounts_contact", 'UPPER("first_name")', "bench_contact_first_name_trgm"),
    ("accounts_contact", 'UPPER("last_name")', "bench_contact_last_name_trgm"),
]


def trigram_indexes() -> Callable[[], None]:
    """A PostgreSQL-only migration in accounts: CREATE EXTENSION pg_trgm and GIN trigram
    indexes on UPPER(name), UPPER(visit_city) of accounts and UPPER(first_name),
    UPPER(last_name) of contacts, so that `icontains` (LIKE '%word%') is an index lookup.
    Bench database: created for the run, dropped afterwards.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, expression, name in TRIGRAM_INDEXES:
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f"USING gin ({expression} gin_trgm_ops)"
            )
        cursor.execute("ANALYZE accounts_account, accounts_contact")

    def undo() -> None:
        with connection.cursor() as cursor:
            for _table, _expression, name in TRIGRAM_INDEXES:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return undo


PROPOSALS: dict[str, Callable[[], Callable[[], None]]] = {
    "jit-off": jit_off,
    "scope-in": scope_in,
    "search-in": search_in,
    "trigram": trigram_indexes,
}


def apply(names: list[str]) -> Callable[[], None]:
    """Applies the named proposals ("all" for every one); returns a function that undoes them."""
    if names == ["all"]:
        names = list(PROPOSALS)
    unknown = set(names) - set(PROPOSALS)
    if unknown:
        raise SystemExit(f"unknown proposals: {', '.join(sorted(unknown))}")
    undos = [PROPOSALS[name]() for name in names]

    def undo_all() -> None:
        for undo in reversed(undos):
            undo()

    return undo_all
