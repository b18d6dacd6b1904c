"""The lists of the customer file: one FilterSet per list (filters, search, sorts, table headers,
export columns), shared by the list page, its export and the API (docs/decisions.md, "Adding a
list")."""

from koers.accounts.filters.accounts import (
    ACCOUNT_COLUMNS,
    SCOPE_ALL,
    SCOPE_MINE,
    AccountFilterSet,
    default_scope,
    filter_accounts,
)
from koers.accounts.filters.contacts import CONTACT_COLUMNS, ContactFilterSet
from koers.accounts.filters.search import (
    contact_name_q,
    contact_search_q,
    search_term_q,
    search_terms,
)

__all__ = [
    "ACCOUNT_COLUMNS",
    "CONTACT_COLUMNS",
    "SCOPE_ALL",
    "SCOPE_MINE",
    "AccountFilterSet",
    "ContactFilterSet",
    "contact_name_q",
    "contact_search_q",
    "default_scope",
    "filter_accounts",
    "search_term_q",
    "search_terms",
]
