"""The spreading page (issue 15; docs/decisions.md, 144 and 149): an account manager's target
(a year, a quarter or a month) over their accounts, product groups, or accounts and product
groups by percentages, pre-filled with last year's shares, one page of rows at a time
(`spread_page.py`); saved in one transaction by `services.target_spread_parts`, then shown on
the grid with the gap between a target and its parts."""

from __future__ import annotations

from typing import Any
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
from koers.planning.targets import queries, services, spread_page, spread_parts
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


def _grid_url(source: Target, over: str, group: int | None = None) -> str:
    """The person's grid with the parts as rows: the accounts, the product groups, or (over
    both) the accounts in `group`, under the account manager's target of that group."""
    query: dict[str, Any] = {
        "view": "person",
        "user": source.user_id,
        "measure": source.measure,
        "year": source.year,
        "by": "groups" if over == spread_parts.GROUPS else "accounts",
    }
    if over == spread_parts.ACCOUNT_GROUPS and group:
        query["group"] = group
    return f"{reverse('planning:target_grid')}?{urlencode(query)}"


def _saved(
    request: AuthenticatedHttpRequest, source: Target, over: str, first: spread_parts.SpreadRow
) -> str:
    """The message after a save, and where to go: the grid of the parts (over accounts and
    product groups, the accounts in the product group of the first part)."""
    if over != spread_parts.ACCOUNT_GROUPS:
        messages.success(request, _("The target is spread; the grid shows the parts."))
        return _grid_url(source, over)
    messages.success(
        request,
        _(
            "The target is spread. The grid shows the parts in %(group)s per account; "
            "choose another product group above the grid."
        )
        % {"group": first.group_label},
    )
    return _grid_url(source, over, first.ids["product_group"])


def _period(source: Target) -> str:
    if source.period_kind == PeriodKind.YEAR:
        return str(source.year)
    if source.period_kind == PeriodKind.QUARTER:
        return _("Q%(n)s %(year)s") % {"n": source.period, "year": source.year}
    return f"{source.period:02d}-{source.year}"


def _form(
    request: AuthenticatedHttpRequest, rows: list[spread_parts.SpreadRow], ask: spread_page.Asked
) -> SpreadPartsForm:
    """The form of the page to show: the rows posted (with what they say) or, to show another
    page, the new page's rows starting at the values so far."""
    if request.method != "POST":
        shown = list(spread_page.page_of(rows, ask.place))
        return SpreadPartsForm(rows, shown=shown)
    form = SpreadPartsForm(rows, request.POST, saving=ask.saving)
    if ask.saving or not form.is_valid():
        return form
    shown = list(spread_page.page_of(rows, ask.place))
    return SpreadPartsForm(rows, shown=shown, values=form.values)


@login_required
def target_spread_parts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = _source(request, pk)
    over = request.GET.get("over")
    over = over if over in spread_parts.OVER else spread_parts.ACCOUNTS
    rows = spread_parts.spread_rows(source, over)
    ask = spread_page.asked(request.method or "GET", request.POST or request.GET)
    form = _form(request, rows, ask)
    if ask.saving and form.is_bound and form.is_valid():
        try:
            services.target_spread_parts(actor=request.user, source=source, parts=form.parts())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_saved(request, source, over, form.given()[0]))
    # A form shown again after a refusal shows the page it came from.
    place = ask.posted if form.is_bound else ask.place
    others, others_total = form.others()
    context = {
        "source": source,
        "period": _period(source),
        "over": over,
        "form": form,
        "rows": form.bound_rows(),
        "page_obj": spread_page.page_of(rows, place),
        "place": place,
        "row_count": len(rows),
        "groups": spread_page.group_choices(rows) if over == spread_parts.ACCOUNT_GROUPS else [],
        "others": others,
        "others_total": others_total,
        "grid_url": _grid_url(source, over),
        "total_message": TOTAL_ERROR,
        "nav": "targets",
    }
    return render(request, "planning/targets/spread.html", context)
