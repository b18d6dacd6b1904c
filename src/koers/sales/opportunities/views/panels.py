"""The opportunities of an account: a panel on its page (HTMX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core import access
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.opportunities import queries


@login_required
def account_opportunities(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    rows = queries.account_opportunities(request.user, account)
    today = timezone.localdate()
    for row in rows:
        row.past_close = row.is_open and row.close_on < today  # type: ignore[attr-defined]
    context = {
        "account": account,
        "opportunities": rows,
        "may_create": queries.may_create_for(request.user, account),
    }
    return vary_on_htmx(render(request, "sales/_opportunity_panel.html", context))
