"""The prices agreed with an account: a panel on its page (HTMX), read like the account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core import access
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.catalogue import queries


@login_required
def account_agreed_prices(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    today = timezone.localdate()
    rows, more = queries.account_agreed_prices(request.user, account, today)
    for row in rows:
        row.upcoming = row.valid_from > today  # type: ignore[attr-defined]
        row.inherited = row.account_id != account.pk  # type: ignore[attr-defined]
    context = {
        "account": account,
        "agreed_prices": rows,
        "more": more,
        "may_manage": queries.can_manage_catalogue(request.user),
    }
    return vary_on_htmx(render(request, "sales/_agreed_price_panel.html", context))
