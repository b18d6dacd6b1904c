"""Reads of imports and exports, scoped to the user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from koers.accounts import queries as account_queries
from koers.accounts.filters import filter_accounts
from koers.accounts.forms.contacts import ContactFilterForm
from koers.accounts.models import Account, Contact
from koers.core.models import User
from koers.transfer.models import ImportJob, ImportMapping


def jobs_for(user: User) -> QuerySet[ImportJob]:
    """A user's own imports; the stored rows are left out (they can be megabytes)."""
    return ImportJob.objects.filter(owner=user).defer("rows", "prepared", "error_report", "result")


def job_for(user: User, pk: int, *, with_rows: bool = False) -> ImportJob:
    """Raises ImportJob.DoesNotExist for someone else's import (a 404, nothing leaked)."""
    query = ImportJob.objects.filter(owner=user)
    if not with_rows:
        query = query.defer("rows", "prepared")
    return query.get(pk=pk)


def mappings_for(user: User) -> QuerySet[ImportMapping]:
    return ImportMapping.objects.filter(owner=user)


def accounts_by_ids(user: User, ids: list[int]) -> QuerySet[Account]:
    return account_queries.accounts_for_list(user).filter(pk__in=ids).order_by("name", "pk")


def accounts_for_export(user: User, params: Mapping[str, Any]) -> QuerySet[Account]:
    """Exactly the filtered account list `user` sees with these query-string parameters."""
    queryset, _filterset = filter_accounts(user, params)
    return queryset.select_related("owner", "segment", "parent")


def contacts_for_export(user: User, params: Mapping[str, Any]) -> QuerySet[Contact]:
    """Exactly the filtered contact list: the contacts `user` may read, with their current
    positions at readable accounts, filtered and sorted by the same form as the list page."""
    form = ContactFilterForm(params)
    form.is_valid()
    return form.apply(account_queries.contacts_for_list(user), user)
