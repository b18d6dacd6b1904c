"""The structural complaints overview: categories and products with complaints at several
accounts in a period, each linked to the complaints behind it and to a new improvement
proposal (once the proposals app is installed: its URL is looked up, not imported)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from koers.complaints.structural import (
    DEFAULT_MIN_ACCOUNTS,
    Period,
    StructuralForm,
    structural_rows,
)
from koers.core import access
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.navigation import url_or_none

PROPOSAL_URL_NAME = "proposals:proposal_new"


@login_required
def structural(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = StructuralForm(request.GET or None, user=user)
    rows = []
    period = Period.default()
    min_accounts = DEFAULT_MIN_ACCOUNTS
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        period = data.get("period", period)
        min_accounts = data.get("min_accounts") or min_accounts
        rows = structural_rows(
            user,
            period=period,
            min_accounts=min_accounts,
            owner=data.get("owner"),
            team=data.get("team"),
        )
    context = {
        "nav": "complaints",
        "form": form,
        "rows": rows,
        "period": period,
        "min_accounts": min_accounts,
        # Marketing reads the complaints (as the list) but proposes nothing (changes nothing).
        "propose_url": None if access.changes_nothing(user) else url_or_none(PROPOSAL_URL_NAME),
    }
    template = "complaints/_structural_results.html" if is_partial(request) else None
    return vary_on_htmx(render(request, template or "complaints/structural.html", context))
