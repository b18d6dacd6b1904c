"""The exports of the account and contact lists: the list a user sees, as a file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.accounts.filters import AccountFilterSet, ContactFilterSet
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import ListFilterSet
from koers.transfer import exports


def export_list(
    request: AuthenticatedHttpRequest,
    filterset_class: type[ListFilterSet],
    *,
    fmt: str,
    name: str,
    title: str,
) -> HttpResponseBase:
    """The list the user sees with this query string, as a file: the list's own FilterSet and
    export columns, so only what they may read, filtered and sorted as on the page. A new app's
    export view is this one line."""
    filterset = filterset_class(request.GET, user=request.user)
    rows = filterset.export_rows()
    return exports.export_response(rows, filterset.columns, fmt=fmt, name=name, title=title)


_EXPORTS = {"accounts": AccountFilterSet, "contacts": ContactFilterSet}


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest, what: str, fmt: str) -> HttpResponseBase:
    title = _("Accounts") if what == "accounts" else _("Contacts")
    return export_list(request, _EXPORTS[what], fmt=fmt, name=what, title=title)
