"""The spreading page (issue 15; docs/decisions.md, 144): an account manager's target (a year,
a quarter or a month) over their accounts or product groups by percentages, pre-filled with
last year's shares; saved in one transaction by `services.target_spread_parts`, then shown on
the grid with the gap between the target and its parts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest
from koers.planning.models.targets import PeriodKind, Target, TargetLevel
from koers.planning.targets import queries, services, spread_parts
from koers.planning.targets.spread_forms import TOTAL_ERROR, SpreadPartsForm


def _source(request: AuthenticatedHttpRequest, pk: int) -> Target:
    """An account manager's target the user reads (404 otherwise) and may spread (403)."""
    found = (
        queries.targets_readable(request.user)
        .select_related("user")
        .filter(pk=pk, level=TargetLevel.USER)
        .first()
    )
    if found is None:
        raise Http404
    if not spread_parts.may_spread(request.user, found):
        raise NotAllowed
    return found


def _grid_url(source: Target, over: str) -> str:
    query = {
        "view": "person",
        "user": source.user_id,
        "measure": source.measure,
        "year": source.year,
        "by": "accounts" if over == spread_parts.ACCOUNTS else "groups",
    }
    return f"{reverse('planning:target_grid')}?{urlencode(query)}"


def _period(source: Target) -> str:
    if source.period_kind == PeriodKind.YEAR:
        return str(source.year)
    if source.period_kind == PeriodKind.QUARTER:
        return _("Q%(n)s %(year)s") % {"n": source.period, "year": source.year}
    return f"{source.period:02d}-{source.year}"


@login_required
def target_spread_parts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    over = request.GET.get("over")
    over = over if over in spread_parts.OVER else spread_parts.ACCOUNTS
    rows = spread_parts.spread_rows(source, over)
    form = SpreadPartsForm(rows, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_spread_parts(actor=request.user, source=source, parts=form.parts())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The target is spread; the grid shows the parts."))
            return redirect(_grid_url(source, over))
    context = {
        "source": source,
        "period": _period(source),
        "over": over,
        "form": form,
        "rows": form.bound_rows(),
        "grid_url": _grid_url(source, over),
        "total_message": TOTAL_ERROR,
        "nav": "targets",
    }
    return render(request, "planning/targets/spread.html", context)
