"""Market signals: the feed (marketing and managers) with its export, recording one (a page,
or a dialog on the account page), one signal, changing it, and the panels on the account page
and a visit report's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_list
from koers.planning import queries, services
from koers.planning.filters import SignalFilterSet
from koers.planning.forms import SignalForm
from koers.planning.models import MarketSignal
from koers.relations.models import Activity, VisitReport
from koers.transfer.export_views import export_list

PANEL_LIMIT = 10


def _may_read_feed(request: AuthenticatedHttpRequest) -> None:
    if not access.can_read_signal_feed(request.user):
        raise NotAllowed(_("The signal feed is for marketing and managers."))


@login_required
def signal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _may_read_feed(request)
    filterset = SignalFilterSet(request.GET, user=request.user)
    return render_list(
        request,
        filterset,
        template="planning/signal_list.html",
        partial="planning/_signal_results.html",
        context={"nav": "signals"},
    )


@login_required
@require_GET
def signal_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    _may_read_feed(request)
    return export_list(request, SignalFilterSet, fmt=fmt, name="signals", title=_("Market signals"))


def _account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    found = access.accounts_readable(request.user).select_related("segment").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _report(request: AuthenticatedHttpRequest, pk: int | None) -> VisitReport | None:
    if pk is None:
        return None
    found = (
        VisitReport.objects.filter(pk=pk, activity__in=_readable_activities(request))
        .select_related("activity__account")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _readable_activities(request: AuthenticatedHttpRequest) -> QuerySet[Activity]:
    return access.scope_through_account(Activity.objects.all(), request.user)


def _new_form_accounts(
    request: AuthenticatedHttpRequest, account: Account | None, report: VisitReport | None
) -> QuerySet[Account]:
    ids = [a.pk for a in (account, report.activity.account if report else None) if a]
    return access.accounts_readable(request.user).filter(pk__in=ids)


@login_required
def signal_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`?account=`: tied to that account (the account page's dialog); `?report=`: made from a
    visit report's market information, tied to its account."""
    if not access.can_record_signal(request.user):
        raise NotAllowed
    source = request.POST if request.method == "POST" else request.GET
    account_pk, report_pk = id_param(source.get("account")), id_param(source.get("report"))
    account = _account(request, account_pk) if account_pk is not None else None
    report = _report(request, report_pk)
    if report is not None and MarketSignal.objects.filter(visit_report=report).exists():
        messages.info(request, _("This report is already a signal."))
        return redirect("relations:activity_detail", pk=report.activity_id)
    initial: dict[str, Any] = {}
    if report is not None:
        initial = services.signal_from_report_defaults(report)
    elif account is not None:
        initial = {"accounts": [account], "source": "conversation"}
    accounts = _new_form_accounts(request, account, report)
    form = SignalForm(request.POST or None, accounts=accounts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if report is not None:
                signal = services.signal_from_report(
                    actor=request.user, report=report, **form.service_data()
                )
            else:
                signal = services.signal_record(actor=request.user, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signal is recorded."))
            back = _back(account, report) or reverse("planning:signal_detail", args=[signal.pk])
            if is_partial(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = back
                return response
            return redirect(back)
    context = {
        "form": form,
        "account": account,
        "report": report,
        "back": _back(account, report),
        "nav": "signals",
    }
    partial = is_partial(request)
    template = "planning/_signal_dialog.html" if partial else "planning/signal_form.html"
    # HTMX swaps only a 2xx answer: the dialog comes back with its errors as a 200.
    status = 422 if form.errors and not partial else 200
    return vary_on_htmx(render(request, template, context, status=status))


def _back(account: Account | None, report: VisitReport | None) -> str:
    if report is not None:
        return reverse("relations:activity_detail", args=[report.activity_id])
    if account is not None:
        return reverse("accounts:account_detail", args=[account.pk])
    return ""


def _signal(request: AuthenticatedHttpRequest, pk: int) -> MarketSignal:
    try:
        return queries.signal_for_detail(request.user, pk)
    except MarketSignal.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def signal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    context = {
        "signal": signal,
        "may_change": access.can_change_signal(request.user, signal.recorded_by_id),
        "nav": "signals",
    }
    return render(request, "planning/signal_detail.html", context)


@login_required
def signal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signal = _signal(request, pk)
    if not access.can_change_signal(request.user, signal.recorded_by_id):
        raise NotAllowed
    # The accounts it may stay tied to: those tied now that the editor reads. Ties to accounts
    # the editor cannot see are kept as they are (the service is given the whole set).
    hidden = list(signal.accounts.exclude(pk__in=[a.pk for a in queries.visible_accounts(signal)]))
    accounts = access.accounts_readable(request.user).filter(
        pk__in=[a.pk for a in queries.visible_accounts(signal)]
    )
    form = SignalForm(request.POST or None, instance=signal, accounts=accounts)
    if request.method != "POST":
        form.initial.update(
            {
                "accounts": queries.visible_accounts(signal),
                "segments": list(signal.segments.all()),
                "product_groups": list(signal.product_groups.all()),
                "competitors": list(signal.competitors.all()),
            }
        )
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = id_param(request.POST.get("version")) or 0
        data = form.service_data()
        data["accounts"] = [*data["accounts"], *hidden]
        try:
            services.signal_update(
                actor=request.user, signal=signal, expected_version=version, data=data
            )
        except StaleVersionError as exc:
            conflict = exc
            signal = _signal(request, pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signal has been changed."))
            return redirect("planning:signal_detail", pk=signal.pk)
    context = {"form": form, "signal": signal, "conflict": conflict, "nav": "signals"}
    return render(request, "planning/signal_form.html", context, status=422 if form.errors else 200)


@login_required
def account_signals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on the account page: the latest signals about it, and recording one."""
    account = _account(request, pk)
    signals = list(queries.signals_of_account(request.user, account)[:PANEL_LIMIT])
    context = {
        "account": account,
        "signals": signals,
        "may_read_feed": access.can_read_signal_feed(request.user),
    }
    return vary_on_htmx(render(request, "planning/_account_signals.html", context))


@login_required
def report_market_information(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on an activity's page: its report's market information, and making it a
    signal (once)."""
    activity = _readable_activities(request).filter(pk=pk).select_related("report").first()
    if activity is None:
        raise Http404
    report = getattr(activity, "report", None)
    signal = None
    if report is not None:
        signal = signals_of_report(request, report)
    context = {"activity": activity, "report": report, "signal": signal}
    return vary_on_htmx(render(request, "planning/_report_market_information.html", context))


def signals_of_report(request: AuthenticatedHttpRequest, report: VisitReport) -> Any:
    return queries.signals_readable(request.user).filter(visit_report=report).first()
