"""Reads of imports, scoped to the user. (An export reads its list's FilterSet.)"""

from __future__ import annotations

from django.db.models import Case, QuerySet, Value, When

from koers.accounts import queries as account_queries
from koers.accounts.models import Account
from koers.core.models import User
from koers.transfer.models import ImportJob, ImportMapping


def jobs_for(user: User) -> QuerySet[ImportJob]:
    """A user's own imports; the stored rows are left out (they can be megabytes)."""
    return ImportJob.objects.filter(owner=user).defer(
        "rows", "prepared", "error_report", "result", "upload"
    )


def job_for(user: User, pk: int, *, with_rows: bool = False) -> ImportJob:
    """Raises ImportJob.DoesNotExist for someone else's import (a 404, nothing leaked). The
    uploaded file itself is not loaded, only whether it is still kept (`has_upload`)."""
    query = ImportJob.objects.filter(owner=user).defer("upload")
    if not with_rows:
        query = query.defer("rows", "prepared")
    kept = Case(When(upload__isnull=True, then=Value(False)), default=Value(True))
    return query.annotate(has_upload=kept).get(pk=pk)


def mappings_for(user: User) -> QuerySet[ImportMapping]:
    return ImportMapping.objects.filter(owner=user)


def accounts_by_ids(user: User, ids: list[int]) -> QuerySet[Account]:
    return account_queries.accounts_for_list(user).filter(pk__in=ids).order_by("name", "pk")
