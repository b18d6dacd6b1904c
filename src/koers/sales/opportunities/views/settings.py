"""The lists behind opportunities: competitors (marketing and administrators) and the stages'
default probability and stale period (administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.navigation import settings_pages
from koers.sales.models import Competitor, StageSetting
from koers.sales.opportunities import forms, services
from koers.sales.opportunities.services.settings import COMPETITOR_FIELDS


def _area(request: AuthenticatedHttpRequest, tab: str) -> dict[str, Any]:
    """Administrators see the page among the administration's tabs, marketing as its own area."""
    if access.can_manage_settings(request.user):
        return {"nav": "administration", "tab": tab, "tabs": settings_pages()}
    return {"nav": tab, "tabs": []}


def _may_keep(request: AuthenticatedHttpRequest) -> None:
    if not access.can_keep_competitors(request.user):
        raise NotAllowed(_("Only marketing and administrators keep the competitor list."))


@login_required
def competitor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _may_keep(request)
    form = forms.CompetitorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.competitor_add(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:competitor_list")
    context = {
        **_area(request, "competitors"),
        "form": form,
        "competitors": Competitor.objects.all(),
    }
    return render(
        request, "sales/competitor_list.html", context, status=422 if form.errors else 200
    )


@login_required
def competitor_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _may_keep(request)
    competitor = Competitor.objects.filter(pk=pk).first()
    if competitor is None:
        raise Http404
    initial = {k: getattr(competitor, k) for k in COMPETITOR_FIELDS}
    form = forms.CompetitorForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.competitor_update(
                actor=request.user, competitor=competitor, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:competitor_list")
    context = {**_area(request, "competitors"), "form": form, "competitor": competitor}
    return render(
        request, "sales/competitor_form.html", context, status=422 if form.errors else 200
    )


@login_required
def stage_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every stage's default probability and stale period on one form."""
    if not access.can_manage_settings(request.user):
        raise NotAllowed(_("Only administrators change the stage settings."))
    settings = list(StageSetting.objects.all())
    errors: dict[str, str] = {}
    if request.method == "POST":
        wanted = {}
        for setting in settings:
            try:
                probability = int(request.POST.get(f"probability_{setting.stage}", ""))
                days = int(request.POST.get(f"days_{setting.stage}", ""))
            except ValueError:
                probability, days = -1, -1
            if not (0 <= probability <= 100 and 0 <= days <= 365):
                errors[setting.stage] = _("Give a probability from 0 to 100 and 0 to 365 days.")
            wanted[setting.stage] = (probability, days)
        if not errors:
            for setting in settings:
                probability, days = wanted[setting.stage]
                services.stage_setting_update(
                    actor=request.user,
                    setting=setting,
                    probability=probability,
                    stale_after_days=days,
                )
            return redirect("sales:stage_settings")
    rows = [{"setting": s, "error": errors.get(s.stage, "")} for s in settings]
    context = {**_area(request, "stages"), "rows": rows, "errors": errors}
    return render(request, "sales/stage_settings.html", context, status=422 if errors else 200)
