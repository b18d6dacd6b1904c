"""Search words as filters, answered from the search indexes (FTS5 trigram tables on SQLite,
pg_trgm on PostgreSQL: migrations accounts/0002 and 0003; docs/performance.md, findings 3, 6, 9).

One meaning per list: `search_term_q` for accounts (name, city, KvK prefix, a current contact's
name), `contact_search_q` for contacts (name, e-mail, or a readable account they work or worked
at), used by the page, the export, the API and the parent lookup alike.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from koers.accounts.models import Position
from koers.core import access
from koers.core.lists import search_text
from koers.core.lookups import in_subquery
from koers.core.models import User


def search_terms(value: str) -> list[str]:
    """The words of a search (at most six); every one of them must match. A control character
    separates words, as a space does (`search_text`)."""
    return search_text(value).split()[:6]


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


def contact_search_q(term: str, user: User) -> Q:
    """The contacts one word of the contact list's search matches: `contact_name_q`, or the
    name of an account they work at now or worked at that `user` may read.

    As id lists from the search indexes, like `search_term_q`: an OR with a correlated EXISTS
    read every contact in scope (docs/performance.md, finding 9). The accounts whose name
    matches are checked one by one against the scope: listing a manager's readable accounts
    first (15,000 at size L) cost more than the whole check.
    """
    if connection.vendor == "sqlite" and len(term) >= FTS_MIN_LENGTH:
        named = Position.objects.filter(account_id__in=_fts_ids(_ACCOUNT_NAME_FTS_IDS, term))
    else:
        named = Position.objects.filter(account__name__icontains=term)
    at_account = named.filter(access.readable_through(user))
    return contact_name_q(term) | in_subquery("pk", at_account.order_by().values("contact_id"))
