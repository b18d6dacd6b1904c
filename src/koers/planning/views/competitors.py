"""Competitors as market information: the list, a competitor's page (where it supplies, the
deals lost to it, the signals about it), its profile kept by marketing, and the competitors
at an account (the panel on the account page)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.planning import queries, services
from koers.planning.forms import AccountCompetitorForm
from koers.planning.models import AccountCompetitor, MarketSignal
from koers.planning.views.signals import _account
from koers.sales.models import Competitor
from koers.sales.opportunities import services as opportunity_services
from koers.sales.opportunities.forms import CompetitorForm
from koers.sales.opportunities.services.settings import COMPETITOR_FIELDS

# What a competitor's page shows of each list; the rest is in the feed and the pipeline.
PAGE_LIMIT = 25


def _competitor(pk: int) -> Competitor:
    found = Competitor.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def competitor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "competitors": list(queries.competitors_listed()),
        "may_keep": access.can_keep_competitors(request.user),
        "nav": "signals" if access.can_read_signal_feed(request.user) else "accounts",
    }
    return render(request, "planning/competitor_list.html", context)


@login_required
def competitor_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    competitor = _competitor(pk)
    user = request.user
    signals = list(queries.signals_of_competitor(user, competitor)[:PAGE_LIMIT])
    context = {
        "competitor": competitor,
        "presences": list(queries.presences_of_competitor(user, competitor)[:PAGE_LIMIT]),
        "lost": list(queries.deals_lost_to(user, competitor)[:PAGE_LIMIT]),
        "signals": signals,
        "signals_by_year": _by_year(signals),
        "may_keep": access.can_keep_competitors(user),
        "may_read_feed": access.can_read_signal_feed(user),
        "limit": PAGE_LIMIT,
        "nav": "signals" if access.can_read_signal_feed(user) else "accounts",
    }
    return render(request, "planning/competitor_detail.html", context)


def _by_year(signals: Sequence[MarketSignal]) -> list[tuple[int, int]]:
    """How many of the shown signals fell in each year, newest first: the page's "over time"."""
    years: dict[int, int] = {}
    for signal in signals:
        year = signal.date.year
        years[year] = years.get(year, 0) + 1
    return sorted(years.items(), reverse=True)


@login_required
def competitor_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.can_keep_competitors(request.user):
        raise NotAllowed(_("Only marketing and administrators keep the competitor list."))
    competitor = _competitor(pk)
    initial = {k: getattr(competitor, k) for k in COMPETITOR_FIELDS}
    form = CompetitorForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            opportunity_services.competitor_update(
                actor=request.user, competitor=competitor, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The competitor has been changed."))
            return redirect("planning:competitor_detail", pk=competitor.pk)
    context = {"form": form, "competitor": competitor, "nav": "signals"}
    return render(
        request, "planning/competitor_form.html", context, status=422 if form.errors else 200
    )


@login_required
def account_competitors(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on the account page; a POST records (or changes) a competitor there."""
    account = _account(request, pk)
    writable = access.can_change_account(request.user, account)
    form = AccountCompetitorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not writable:
            raise NotAllowed
        if form.is_valid():
            try:
                services.account_competitor_set(
                    actor=request.user, account=account, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not is_partial(request):
                    messages.success(request, _("The competitor is recorded at this account."))
                    return redirect("accounts:account_detail", pk=account.pk)
                form = AccountCompetitorForm()
        # HTMX swaps only a 2xx answer: the panel comes back with its errors as a 200.
        status = 422 if form.errors and not is_partial(request) else 200
    return _panel(request, account, form if writable else None, status)


def _panel(
    request: AuthenticatedHttpRequest,
    account: Account,
    form: AccountCompetitorForm | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "account": account,
        "presences": list(queries.presences_of_account(request.user, account)),
        "form": form,
    }
    return vary_on_htmx(
        render(request, "planning/_account_competitors.html", context, status=status)
    )


@login_required
@require_POST
def account_competitor_remove(
    request: AuthenticatedHttpRequest, pk: int, presence_pk: int
) -> HttpResponse:
    account = _account(request, pk)
    presence = AccountCompetitor.objects.filter(account=account, pk=presence_pk).first()
    if presence is None:
        raise Http404
    services.account_competitor_remove(actor=request.user, presence=presence)
    if is_partial(request):
        return _panel(request, account, AccountCompetitorForm())
    return redirect("accounts:account_detail", pk=account.pk)
