"""The account manager's side of the mandate: "my mandate" and the mandate check (the live
meter on a few lines of figures, until the quote editor includes it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core import access
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.mandate import forms, loaders
from koers.sales.mandate.meter import mandate_meter
from koers.sales.models import Opportunity, PersonalMandate
from koers.sales.opportunities import queries as opportunity_queries


@login_required
def mandate_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your limits today, where they come from, and a personal mandate still to start."""
    user = request.user
    today = timezone.localdate()
    mandate = loaders.effective_mandate(user, today)
    upcoming = PersonalMandate.objects.filter(user=user, valid_from__gt=today).order_by(
        "valid_from"
    )
    personal = (
        PersonalMandate.objects.select_related("set_by").get(pk=mandate.personal_id)
        if mandate.personal_id
        else None
    )
    context = {
        "nav": "pipeline",
        "mandate": mandate,
        "personal": personal,
        "upcoming": list(upcoming),
        "level_mandate": loaders.level_mandate(mandate.level),
        "approvers": loaders.approvers_for(user, "manager", today),
        "may_decide": access.may_decide(user),
        "may_delegate": access.can_delegate_approvals(user),
        "may_manage": access.can_manage_settings(user),
    }
    if is_partial(request):  # the panel on the settings page
        context["as_panel"] = True
        return vary_on_htmx(render(request, "sales/_mandate_mine.html", context))
    return vary_on_htmx(render(request, "sales/mandate_mine.html", context))


def _opportunity(request: AuthenticatedHttpRequest) -> Opportunity | None:
    raw = request.GET.get("opportunity") or request.POST.get("opportunity") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    try:
        return opportunity_queries.opportunity_for_detail(request.user, int(raw))
    except Opportunity.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def mandate_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A few lines in, the verdict out: the owner's mandate (yours, or the deal owner's for
    `?opportunity=`), the deal's room, the rules that trigger and who would approve."""
    opportunity = _opportunity(request)
    owner = opportunity.owner if opportunity else request.user
    form = forms.CheckForm(request.POST if request.method == "POST" else None)
    meter: dict[str, Any] | None = None
    if form.is_valid():
        meter = mandate_meter(owner=owner, figures=form.figures(), opportunity=opportunity)
    context = {
        "nav": "pipeline",
        "form": form,
        "meter": meter,
        "owner": owner,
        "opportunity": opportunity,
    }
    status = 422 if form.errors else 200
    if is_partial(request):
        return vary_on_htmx(
            render(request, "sales/_mandate_check_result.html", context, status=status)
        )
    return vary_on_htmx(render(request, "sales/mandate_check.html", context, status=status))
