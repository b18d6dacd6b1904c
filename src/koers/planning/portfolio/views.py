"""The portfolio page (the matrix with the first accounts of each cell), the accounts of one
cell a page at a time, and the health panel on the account page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.planning.portfolio import chain, matrix, queries

# The accounts shown in a cell on the matrix; the cell's own page has them all.
CELL_PREVIEW = 5
PER_PAGE = 25


def _owner(request: AuthenticatedHttpRequest) -> tuple[int | None, list[Any]]:
    """The account manager filtered by (`?owner=`), when the user may filter by them."""
    owners = list(queries.owners_to_filter(request.user))
    asked = id_param(request.GET.get("owner"))
    return (asked if any(o.pk == asked for o in owners) else None), owners


@login_required
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    owner, owners = _owner(request)
    grid, unscored = matrix.cells(request.user, owner)
    previews = matrix.cell_previews(request.user, owner, CELL_PREVIEW, queries.with_health)
    today = timezone.localdate()
    chain.kept_chain_health([a for shown in previews.values() for a in shown], today)
    rows = [{"cell": cell, "accounts": previews.get(cell.key, [])} for cell in grid]
    context = {
        "grid": [rows[i : i + 3] for i in range(0, 9, 3)],
        "bands": [matrix.BAND_LABELS[b] for b in matrix.BANDS],
        "unscored": unscored,
        "owners": owners,
        "owner": owner,
        "preview": CELL_PREVIEW,
        "nav": "portfolio",
    }
    return render(request, "planning/portfolio/portfolio.html", context)


@login_required
def portfolio_cell(
    request: AuthenticatedHttpRequest, attractiveness: str, relationship: str
) -> HttpResponse:
    """The accounts of one cell (or those not scored yet), by name, a page at a time."""
    if not matrix.valid_cell(attractiveness, relationship):
        raise Http404
    owner, owners = _owner(request)
    found = queries.with_health(
        matrix.cell_accounts(request.user, attractiveness, relationship, owner)
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    chain.kept_chain_health(page.object_list, timezone.localdate())
    cell = matrix.Cell(attractiveness, relationship)
    context = {
        "cell": cell,
        "scored": attractiveness != matrix.UNSCORED,
        "attractiveness": matrix.BAND_LABELS.get(attractiveness, ""),
        "relationship": matrix.BAND_LABELS.get(relationship, ""),
        "page": page,
        "owner": owner,
        "owner_name": next((o for o in owners if o.pk == owner), None),
        "nav": "portfolio",
    }
    return render(request, "planning/portfolio/portfolio_cell.html", context)


@login_required
def account_health(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on the account page: the score, what drives it, and its trend."""
    account = queries.readable_account(request.user, pk)
    if account is None:
        raise Http404
    view = queries.account_health(account)
    context = {
        "view": view,
        "account": account,
        "chain": chain.chain_health_now(account, view.as_of),
    }
    return vary_on_htmx(render(request, "planning/portfolio/_health_panel.html", context))
